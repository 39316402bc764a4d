-- id: spending-unbalanced
-- title: Spent and returned do not add up to what was paid out
-- severity: warning
-- message: {region_name} {body}: realised plus returned is {observed}, but {expected} was paid out ({detail})
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 26(1): what a recipient does not use of the grant it received goes back to the regional treasury
-- params:
-- The identity of a grant's life: realised + returned = paid out, where all three are
-- disclosed. Paid out is the disbursed figure, or tranche 1 + tranche 2 where no disbursed
-- figure is given. Each figure is known to its stated precision ("Rp 1,2 miliar" to Rp 100
-- juta; "Rp75,327 miliar lebih" to Rp 1 juta), so a gap below the sum of their precisions is
-- rounding or truncation, not a finding.
with

paid as (
    select
        *,
        realized_allocation_id as allocation_id,
        coalesce(disbursed_idr, tranche_1_idr + tranche_2_idr) as paid_idr,
        case when disbursed_idr is not null then 'the disbursed figure'
            else 'tranche 1 + tranche 2' end as paid_from,
        realized_precision + returned_precision + case when disbursed_idr is not null
            then disbursed_precision else tranche_1_precision + tranche_2_precision end
            as tolerance_idr
    from intermediate.grant_stages
    where realized_idr is not null and returned_idr is not null
),

final as (
    select
        allocation_id,
        region_code,
        body,
        'realized' as stage,
        (realized_idr + returned_idr)::varchar as observed,
        paid_idr::varchar as expected,
        (realized_idr + returned_idr - paid_idr)::bigint as difference,
        paid_from as detail
    from paid
    where paid_idr is not null
        and abs(realized_idr + returned_idr - paid_idr) >= tolerance_idr
)

select * from final

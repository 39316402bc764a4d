-- id: tranches-exceed-nphd
-- title: Tranches add up to more than the NPHD
-- severity: warning
-- message: {region_name} {body}: tranches add up to {observed}, more than the NPHD of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 16(4): the tranches pay out the NPHD
-- params:
-- Tranche 1 + tranche 2 above the NPHD, by more than the coarsest stated precision of the
-- three figures ("Rp 145 miliar" is not exceeded by 145.856.542.000).
with

totals as (
    select * from marts.region_body_totals
),

pivoted as (
    select
        region_code,
        body,
        max(amount_idr) filter (where stage = 'nphd') as nphd_idr,
        max(amount_idr) filter (where stage = 'tranche_1') as t1_idr,
        max(amount_idr) filter (where stage = 'tranche_2') as t2_idr,
        max(precision_idr) as precision_idr,
        max(allocation_ids[1]) filter (where stage = 'tranche_2') as allocation_id
    from totals
    group by region_code, body
),

final as (
    select
        allocation_id,
        region_code,
        body,
        'tranche_2' as stage,
        (t1_idr + t2_idr)::varchar as observed,
        nphd_idr::varchar as expected,
        (t1_idr + t2_idr - nphd_idr)::bigint as difference,
        null::varchar as detail
    from pivoted
    where t1_idr + t2_idr - nphd_idr >= precision_idr
)

select * from final

-- id: tranche-share
-- title: Tranche 1 is not about 40% of the NPHD
-- severity: warning
-- message: {region_name} {body}: tranche 1 is {observed} of the NPHD, not {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 16(4): 40% within 14 days of signing, 60% by five months before voting day; SE Mendagri 900.1.9.1/435/SJ (40% in APBD 2023)
-- params: tranche_1_share, tranche_share_tolerance
-- Tranche 1 against the NPHD of the same region and body (the figures the marts choose).
-- Only where both are disclosed; a grant paid in one instalment has no tranche 1 record.
with

totals as (
    select * from intermediate.figures
),

nphd as (
    select * from totals where stage = 'nphd'
),

tranche_1 as (
    select * from totals where stage = 'tranche_1'
),

shares as (
    select
        tranche_1.allocation_ids[1] as allocation_id,
        tranche_1.region_code,
        tranche_1.body,
        tranche_1.stage,
        tranche_1.amount_idr / nphd.amount_idr as share,
        tranche_1.amount_idr - round(nphd.amount_idr * $tranche_1_share)::bigint as difference,
        -- exact: in millionths of the NPHD, never in floating point (35% of an NPHD is
        -- 5 points from 40%, not 5.0000000000000044)
        abs(tranche_1.amount_idr::hugeint * 1000000
            - nphd.amount_idr::hugeint * round($tranche_1_share * 1000000)::hugeint)
            > nphd.amount_idr::hugeint * round($tranche_share_tolerance * 1000000)::hugeint
            as off_share
    from tranche_1
    inner join nphd using (region_code, body)
),

final as (
    select
        allocation_id,
        region_code,
        body,
        stage,
        printf('%.1f%%', share * 100) as observed,
        printf('%.0f%%', $tranche_1_share * 100) as expected,
        difference,
        null::varchar as detail
    from shares
    where off_share
)

select * from final

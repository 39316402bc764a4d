-- id: realized-exceeds-nphd
-- title: More spent than the grant agreement gives
-- severity: warning
-- message: {region_name} {body}: realised spending of {observed} exceeds the NPHD of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019: the NPHD fixes the grant a recipient may use
-- params:
-- Realised spending (from an accountability report, or the sum of its line items) against
-- the NPHD of the same region and body, by more than the two figures' stated precisions
-- together (each may be rounded or truncated by up to its precision).
with

totals as (
    select * from marts.region_body_totals
),

pivoted as (
    select
        region_code,
        body,
        max(amount_idr) filter (where stage = 'nphd') as nphd_idr,
        max(amount_idr) filter (where stage = 'realized') as realized_idr,
        max(precision_idr) filter (where stage = 'nphd')
            + max(precision_idr) filter (where stage = 'realized') as tolerance_idr,
        max(allocation_ids[1]) filter (where stage = 'realized') as allocation_id
    from totals
    group by region_code, body
),

final as (
    select
        allocation_id,
        region_code,
        body,
        'realized' as stage,
        realized_idr::varchar as observed,
        nphd_idr::varchar as expected,
        (realized_idr - nphd_idr)::bigint as difference,
        null::varchar as detail
    from pivoted
    where realized_idr - nphd_idr >= tolerance_idr
)

select * from final

-- id: scale-suspect
-- title: Figure a thousand times off its peers
-- severity: warning
-- message: {region_name} {body} {stage}: {observed} is {detail} times off the median of its peers ({expected}): juta written for miliar?
-- legal-basis:
-- params: scale_factor, scale_min_peers
-- A figure a thousand times off the same body's figures in regions of the same level
-- ("Rp 34 juta" for a regency's KPU where peers have tens of miliar). The peers are the
-- chosen figures of the other regions (intermediate.figures).
with

totals as (
    select * from intermediate.figures
),

peers as (
    select
        a.region_code,
        a.body,
        a.stage,
        a.amount_idr,
        a.allocation_ids[1] as allocation_id,
        median(b.amount_idr) as peer_median,
        count(b.amount_idr) as n_peers
    from totals as a
    inner join totals as b
        on a.body = b.body and a.stage = b.stage and a.level = b.level
        and a.region_code <> b.region_code
    group by a.region_code, a.body, a.stage, a.amount_idr, a.allocation_ids[1]
),

final as (
    select
        allocation_id,
        region_code,
        body,
        stage,
        amount_idr::varchar as observed,
        round(peer_median)::bigint::varchar as expected,
        (amount_idr - round(peer_median))::bigint as difference,
        printf('%.0f', greatest(peer_median / amount_idr, amount_idr / peer_median)) as detail
    from peers
    where n_peers >= $scale_min_peers
      and (peer_median >= $scale_factor * amount_idr or amount_idr >= $scale_factor * peer_median)
)

select * from final

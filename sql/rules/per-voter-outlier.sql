-- id: per-voter-outlier
-- title: Cost per registered voter far from peers
-- severity: info
-- message: {region_name}: KPU's NPHD is Rp{observed} per registered voter, {detail} times the median of its peers (Rp{expected}): a review item
-- legal-basis:
-- params: voter_cost_factor, voter_min_peers
-- KPU's NPHD divided by the region's registered voters (core.voters, the DPT), against the
-- median of regions of the same level whose DPT is known. Remote regions cost more per
-- voter by nature: this is a review item, not an error.
with

totals as (
    select * from intermediate.figures where body = 'KPU' and stage = 'nphd'
),

voters as (
    select * from core.voters
),

per_voter as (
    select
        totals.region_code,
        totals.level,
        totals.allocation_ids[1] as allocation_id,
        totals.amount_idr / voters.dpt as idr_per_voter
    from totals
    inner join voters using (region_code)
),

peers as (
    select
        a.*,
        median(b.idr_per_voter) as peer_median,
        count(b.idr_per_voter) as n_peers
    from per_voter as a
    inner join per_voter as b on a.level = b.level and a.region_code <> b.region_code
    group by all
),

final as (
    select
        allocation_id,
        region_code,
        'KPU' as body,
        'nphd' as stage,
        printf('%.0f', idr_per_voter) as observed,
        printf('%.0f', peer_median) as expected,
        round(idr_per_voter - peer_median)::bigint as difference,
        printf('%.1f', idr_per_voter / peer_median) as detail
    from peers
    where n_peers >= $voter_min_peers
      and (idr_per_voter >= $voter_cost_factor * peer_median
           or peer_median >= $voter_cost_factor * idr_per_voter)
)

select * from final

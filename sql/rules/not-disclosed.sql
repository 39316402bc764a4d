-- id: not-disclosed
-- title: No NPHD figure for a voting region and body
-- severity: info
-- message: {region_name}: no NPHD figure for {body} has been found; shown as not disclosed, never as zero
-- legal-basis: Permendagri 54/2019 as amended by 41/2020: each region that holds an election funds KPU and Bawaslu, and may fund Polri and TNI, by NPHD
-- params:
-- Every region on the 2024 roster crossed with the four bodies, less those with an NPHD
-- figure in core.allocations.
with

regions as (
    select * from core.regions where votes_2024
),

bodies as (
    select unnest(['KPU', 'Bawaslu', 'Polri', 'TNI']) as body
),

disclosed as (
    select distinct region_code, body from core.allocations where stage = 'nphd'
),

final as (
    select
        null::varchar as allocation_id,
        regions.region_code,
        bodies.body,
        'nphd' as stage,
        null::varchar as observed,
        'an NPHD figure' as expected,
        null::bigint as difference,
        null::varchar as detail
    from regions
    cross join bodies
    anti join disclosed
        on disclosed.region_code = regions.region_code and disclosed.body = bodies.body
)

select * from final

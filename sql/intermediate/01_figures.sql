-- intermediate.figures: one figure per region × body × stage, as the rules and marts read it
-- (marts.region_body_totals publishes it with the findings that flag it).
-- A publication may name several units of one body (Polres Konawe and Polresta Kendari):
-- their figures are summed within that publication as read from one file. Different
-- publications, or one publication read from two files, are never added up: the figure
-- shown is the most exact one (not hedged, finest stated precision, latest date, then source
-- address), and n_sources / amount_min / amount_max say how many sources disclose the cell
-- and how far apart they are.
-- sources_agree is false when some source differs from the chosen figure by at least the
-- coarser of the two stated precisions: "Rp5,9 miliar" agrees with 5.971.710.000 (rounding),
-- "Rp1,2 miliar" does not agree with 1.028.290.000.
create or replace view intermediate.figures as
with

allocations as (
    -- The same figure for the same unit read twice from one publication counts once
    -- (audit.findings reports the copy as duplicate-record).
    select *
    from core.allocations
    qualify row_number() over (
        partition by region_code, body, stage, source_file, coalesce(source_url, source_file),
            amount_idr, coalesce(recipient_unit, '')
        order by locator
    ) = 1
),

regions as (
    select * from core.regions
),

readings as (
    -- amounts whose literal reading is in doubt, with what was probably meant
    select amount_text, probable_idr from core.amount_readings
),

per_source as (
    select
        region_code,
        body,
        stage,
        source_file,
        coalesce(source_url, source_file) as source,
        sum(amount_idr)::bigint as amount_idr,
        bool_or(approximate) as approximate,
        max(amount_precision_idr)::bigint as precision_idr,
        max(as_of) as as_of,
        bool_or(readings.probable_idr is not null) as disputed,
        sum(coalesce(readings.probable_idr, allocations.amount_idr))::bigint as probable_idr,
        list(allocations.allocation_id order by allocations.allocation_id) as allocation_ids
    from allocations
    left join readings using (amount_text)
    group by region_code, body, stage, source_file, coalesce(source_url, source_file)
),

ranked as (
    select
        *,
        row_number() over (
            partition by region_code, body, stage
            order by approximate, precision_idr, as_of desc nulls last, source, source_file
        ) as preference,
        min(amount_idr) over (partition by region_code, body, stage) as amount_min,
        max(amount_idr) over (partition by region_code, body, stage) as amount_max
    from per_source
),

source_counts as (
    select region_code, body, stage, count(distinct source) as n_sources
    from per_source
    group by region_code, body, stage
),

chosen as (
    select * from ranked where preference = 1
),

agreement as (
    select
        chosen.region_code,
        chosen.body,
        chosen.stage,
        bool_and(
            abs(ranked.amount_idr - chosen.amount_idr)
            < greatest(ranked.precision_idr, chosen.precision_idr)
        ) as sources_agree
    from chosen
    inner join ranked
        on ranked.region_code = chosen.region_code
        and ranked.body = chosen.body
        and ranked.stage = chosen.stage
    group by chosen.region_code, chosen.body, chosen.stage
),

final as (
    select
        chosen.region_code,
        regions.region_name,
        regions.province_code,
        provinces.region_name as province_name,
        regions.level,
        chosen.body,
        chosen.stage,
        chosen.amount_idr,
        chosen.approximate,
        chosen.precision_idr,
        chosen.as_of,
        chosen.source,
        chosen.allocation_ids,
        chosen.disputed,
        case when chosen.disputed then chosen.probable_idr end as amount_probable_idr,
        source_counts.n_sources::integer as n_sources,
        chosen.amount_min::bigint as amount_min,
        chosen.amount_max::bigint as amount_max,
        agreement.sources_agree
    from chosen
    inner join agreement using (region_code, body, stage)
    inner join source_counts using (region_code, body, stage)
    inner join regions on chosen.region_code = regions.region_code
    inner join regions as provinces on regions.province_code = provinces.region_code
)

select * from final;

comment on view intermediate.figures is 'One figure per region × body × stage, before any rule has run: what the rules read. Published, with each column described and the findings that flag it, as marts.region_body_totals.';

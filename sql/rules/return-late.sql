-- id: return-late
-- title: Unused funds returned late
-- severity: warning
-- message: {region_name} {body}: unused funds returned on {observed}, after the due date of {expected} ({detail})
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 26(1): unused funds returned within three months of the proposal to ratify the elected candidates
-- params: default_anchor_date, return_months
-- The anchor is the region's own date in core.anchors when known (a disputed result counts
-- from the Constitutional Court ruling), else the configured default. The return date is
-- the date the source gives the returned figure.
with

allocations as (
    select * from core.allocations
),

anchors as (
    select * from core.anchors
),

dated as (
    select
        allocations.*,
        coalesce(anchors.anchor_date, $default_anchor_date::date)
            + to_months($return_months::integer) as due_date,
        case
            when anchors.anchor_date is null
                then 'from the default anchor date ' || $default_anchor_date::date::varchar
            else 'from ' || anchors.basis || ', ' || anchors.anchor_date::varchar
        end as anchor_text
    from allocations
    left join anchors using (region_code)
    where allocations.stage = 'returned'
),

final as (
    select
        allocation_id,
        region_code,
        body,
        stage,
        as_of::varchar as observed,
        due_date::date::varchar as expected,
        date_diff('day', due_date::date, as_of)::bigint as difference,
        anchor_text as detail
    from dated
    where as_of > due_date
)

select * from final

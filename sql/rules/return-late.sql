-- id: return-late
-- title: Unused funds returned late
-- severity: warning
-- message: {region_name} {body}: unused funds returned on {observed}, after the due date of {expected} ({detail})
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 26(1): unused funds returned within three months of the proposal to ratify the elected candidates
-- params:
-- The due date is the region's (intermediate.due_dates: from its own anchor date when
-- known, else the configured default). The return date is the date the source gives the
-- returned figure.
with

allocations as (
    select * from core.allocations
),

dated as (
    select allocations.*, due_dates.due_date, due_dates.anchor_text
    from allocations
    inner join intermediate.due_dates as due_dates using (region_code)
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

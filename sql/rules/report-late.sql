-- id: report-late
-- title: Accountability report filed late
-- severity: warning
-- message: {region_name} {body}: accountability report filed on {observed}, after the due date of {expected} ({detail})
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 26(1): accountability reported within three months of the proposal to ratify the elected candidates
-- params:
-- Filing dates come from core.accountability_reports (raw/reference/accountability.csv);
-- the due date is the region's (intermediate.due_dates).
with

reports as (
    select * from core.accountability_reports
),

dated as (
    select reports.*, due_dates.due_date, due_dates.anchor_text
    from reports
    inner join intermediate.due_dates as due_dates using (region_code)
),

final as (
    select
        null::varchar as allocation_id,
        region_code,
        body,
        null::varchar as stage,
        filed_on::varchar as observed,
        due_date::date::varchar as expected,
        date_diff('day', due_date::date, filed_on)::bigint as difference,
        anchor_text || coalesce('; filing reported at ' || source_url, '') as detail
    from dated
    where filed_on > due_date
)

select * from final

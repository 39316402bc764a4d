-- id: report-late
-- title: Accountability report filed late
-- severity: warning
-- message: {region_name} {body}: accountability report filed on {observed}, after the due date of {expected} ({detail})
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 26(1): accountability reported within three months of the proposal to ratify the elected candidates
-- params: default_anchor_date, return_months
-- Filing dates come from core.accountability_reports (raw/reference/accountability.csv).
with

reports as (
    select * from core.accountability_reports
),

anchors as (
    select * from core.anchors
),

dated as (
    select
        reports.*,
        coalesce(anchors.anchor_date, $default_anchor_date::date)
            + to_months($return_months::integer) as due_date,
        case
            when anchors.anchor_date is null
                then 'from the default anchor date ' || $default_anchor_date::date::varchar
            else 'from ' || anchors.basis || ', ' || anchors.anchor_date::varchar
        end as anchor_text
    from reports
    left join anchors using (region_code)
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

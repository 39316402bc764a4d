-- intermediate.due_dates: when each region's grants had to be returned and accounted for
-- (Permendagri 41/2020 amending 54/2019, Pasal 26(1)): return_months after the region's
-- anchor date, its own in core.anchors when known (a disputed result counts from the
-- Constitutional Court ruling), else after default_anchor_date (audit.parameters). The
-- rules return-late and report-late read it.
create or replace view intermediate.due_dates as
with

regions as (
    -- every region of the roster, and any other a filing names (its code is checked for
    -- form only): no filing goes without a due date
    select region_code from core.regions
    union
    select region_code from core.accountability_reports
),

anchors as (
    select * from core.anchors
),

final as (
    select
        regions.region_code,
        (
            coalesce(anchors.anchor_date, audit.parameter('default_anchor_date')::date)
            + to_months(audit.parameter('return_months')::integer)
        )::date as due_date,
        case
            when anchors.anchor_date is null
                then 'from the default anchor date '
                    || audit.parameter('default_anchor_date')::date::varchar
            else 'from ' || anchors.basis || ', ' || anchors.anchor_date::varchar
        end as anchor_text
    from regions
    left join anchors using (region_code)
)

select * from final;

comment on view intermediate.due_dates is 'Each region''s due date to return unused grant funds and file its accountability report: return_months after its anchor date (core.anchors, else default_anchor_date of audit.parameters). The rules return-late and report-late read it.';

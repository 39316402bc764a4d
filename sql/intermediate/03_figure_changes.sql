-- intermediate.figure_changes: figures that appeared, changed or vanished since the
-- previous run, per region, body, stage, publication and recipient. A publication whose
-- figure changed while its address stayed the same restated it silently
-- (rule figure-restated).
create or replace view intermediate.figure_changes as
with

current_figures as (
    select
        region_code,
        body,
        stage,
        coalesce(source_url, source_file) as source,
        coalesce(recipient_unit, '') as recipient_unit,
        string_agg(amount_idr::varchar, ',' order by amount_idr) as amounts,
        min(source_file) as source_file,
        min(locator) as locator,
        min(allocation_id) as allocation_id
    from core.allocations
    group by all
),

previous_figures as (
    select * from audit.previous_figures
),

compared as (
    select
        coalesce(c.region_code, p.region_code) as region_code,
        coalesce(c.body, p.body) as body,
        coalesce(c.stage, p.stage) as stage,
        coalesce(c.source, p.source) as source,
        coalesce(c.recipient_unit, p.recipient_unit) as recipient_unit,
        p.amounts as previous_amounts,
        c.amounts as current_amounts,
        coalesce(c.source_file, p.source_file) as source_file,
        coalesce(c.locator, p.locator) as locator,
        c.allocation_id,
        case
            when p.amounts is null then 'appeared'
            when c.amounts is null then 'vanished'
            when p.amounts <> c.amounts then 'changed'
        end as change
    from current_figures as c
    full outer join previous_figures as p
        using (region_code, body, stage, source, recipient_unit)
),

final as (
    select compared.*, regions.region_name
    from compared
    left join core.regions as regions using (region_code)
    where change is not null
      and exists (select 1 from audit.previous_figures)
)

select * from final;

comment on view intermediate.figure_changes is 'Figures that appeared, changed or vanished since the previous run, as the rule figure-restated reads it. Published, with each column described, as marts.changes_since_last_run.';

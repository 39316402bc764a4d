-- marts.changes_since_last_run: figures that appeared, changed or vanished since the
-- previous run, per region, body, stage, publication and recipient. A publication whose
-- figure changed while its address stayed the same restated it silently
-- (rule figure-restated).
create or replace view marts.changes_since_last_run as
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

comment on view marts.changes_since_last_run is 'Figures that appeared, changed or vanished since the previous run, per region, body, stage, publication and recipient. Empty on a first run.';
comment on column marts.changes_since_last_run.region_code is 'Granting region.';
comment on column marts.changes_since_last_run.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.changes_since_last_run.stage is 'Stage of the figure.';
comment on column marts.changes_since_last_run.source is 'Publication address (or file when it has none).';
comment on column marts.changes_since_last_run.recipient_unit is 'Recipient as written ('''' when none).';
comment on column marts.changes_since_last_run.previous_amounts is 'The figure(s) in the previous run (null: appeared).';
comment on column marts.changes_since_last_run.current_amounts is 'The figure(s) now (null: vanished).';
comment on column marts.changes_since_last_run.source_file is 'File the figure is (or was) read from.';
comment on column marts.changes_since_last_run.locator is 'Where in that file.';
comment on column marts.changes_since_last_run.allocation_id is 'The current record (null when vanished).';
comment on column marts.changes_since_last_run.change is 'appeared, changed or vanished.';
comment on column marts.changes_since_last_run.region_name is 'Name of the granting region.';

-- marts.changes_since_last_run: figures that appeared, changed or vanished since the
-- previous run (intermediate.figure_changes, which the rule figure-restated reads; published
-- here with each column described).
create or replace view marts.changes_since_last_run as
select * from intermediate.figure_changes;

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

create table audit.runs (
    run_id varchar primary key,
    flow_run_id varchar,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    files integer,
    files_unchanged integer,
    rows_read integer,
    loaded integer,
    quarantined integer,
    skipped integer,
    errors integer,
    warnings integer,
    infos integer,
    inputs_sha256 varchar,
    figures_from_run varchar
);
comment on table audit.runs is 'One row per pipeline run, this one and the earlier ones carried over from the previous warehouse.';
comment on column audit.runs.run_id is 'Id of the run; findings and accounting rows carry it.';
comment on column audit.runs.flow_run_id is 'Prefect flow-run id, to find the run and its logs in the Prefect UI.';
comment on column audit.runs.started_at is 'When the run started.';
comment on column audit.runs.finished_at is 'When the run finished building the warehouse.';
comment on column audit.runs.status is 'completed: the warehouse was built and published.';
comment on column audit.runs.files is 'Files under raw/ seen by the run.';
comment on column audit.runs.files_unchanged is 'Files unchanged since an earlier run, whose reading was reused instead of parsing them again.';
comment on column audit.runs.rows_read is 'Data rows read from allocations tables.';
comment on column audit.runs.loaded is 'Rows loaded into core.allocations.';
comment on column audit.runs.quarantined is 'Rows moved to audit.quarantine.';
comment on column audit.runs.skipped is 'Rows skipped with a stated reason (raw.rows.reason).';
comment on column audit.runs.errors is 'Findings of severity error.';
comment on column audit.runs.warnings is 'Findings of severity warning.';
comment on column audit.runs.infos is 'Findings of severity info.';
comment on column audit.runs.inputs_sha256 is 'SHA-256 of what the run read: every file under raw/ (path and content), the code and the libraries that read them. A run whose inputs equal the last run''s confirms its figures instead of reading everything again.';
comment on column audit.runs.figures_from_run is 'Run that read the files the figures come from: the run itself, or, for a run that found every input unchanged, the run it confirmed.';

create table audit.findings (
    run_id varchar not null,
    rule_id varchar not null,
    severity varchar not null,
    message varchar not null,
    column_name varchar,
    observed varchar,
    expected varchar,
    allocation_id varchar,
    region_code varchar,
    region_name varchar,
    body varchar,
    stage varchar,
    source_file varchar,
    row_number integer,
    locator varchar,
    evidence varchar,
    fingerprint varchar not null,
    status varchar,
    runs_seen integer
);
comment on table audit.findings is 'Everything the checks found: one row per rule and failing record (or file).';
comment on column audit.findings.run_id is 'Run that produced the finding (audit.runs).';
comment on column audit.findings.rule_id is 'Stable id of the rule (README lists them).';
comment on column audit.findings.severity is 'error (record quarantined), warning (kept, flagged) or info (review item).';
comment on column audit.findings.message is 'What is wrong, in words, with the values.';
comment on column audit.findings.column_name is 'Field of the record the finding is about.';
comment on column audit.findings.observed is 'The value found.';
comment on column audit.findings.expected is 'The value or range the rule expects.';
comment on column audit.findings.allocation_id is 'Record the finding is about; null for rows that could not be parsed and for files.';
comment on column audit.findings.region_code is 'Region the finding is about (of its record, or named by the rule, as for not-disclosed); null when unknown, as for a file.';
comment on column audit.findings.region_name is 'Name of that region (core.regions).';
comment on column audit.findings.body is 'Body the finding is about (KPU, Bawaslu, Polri, TNI); null when unknown.';
comment on column audit.findings.stage is 'Stage the finding is about; null when unknown.';
comment on column audit.findings.source_file is 'File under raw/ the finding points to.';
comment on column audit.findings.row_number is 'Line in that file (header = 1); null for findings about a whole file.';
comment on column audit.findings.locator is 'Where in the file: "row 5", or "file".';
comment on column audit.findings.evidence is 'The original text of the row.';
comment on column audit.findings.fingerprint is 'Hash of the rule id and what the finding is about (region, body, stage, publication, figure as written; or file and original text): the same finding has the same fingerprint in every run.';
comment on column audit.findings.status is 'new (first seen this run), persisting (seen in the previous run too) or regressed (back after being resolved); audit.finding_history also lists the resolved.';
comment on column audit.findings.runs_seen is 'In how many runs, this one included, the finding was made.';

create table audit.quarantine (
    run_id varchar not null,
    allocation_id varchar,
    source_file varchar not null,
    row_number integer not null,
    locator varchar not null,
    rule_ids varchar[] not null,
    reasons varchar[] not null,
    region_code varchar,
    body varchar,
    stage varchar,
    amount_text varchar,
    evidence varchar not null
);
comment on table audit.quarantine is 'Rows refused by a record-level rule of severity error, with all their reasons.';
comment on column audit.quarantine.run_id is 'Run that quarantined the row.';
comment on column audit.quarantine.allocation_id is 'Id the record would have had; null when the row could not be parsed.';
comment on column audit.quarantine.source_file is 'File under raw/ the row comes from.';
comment on column audit.quarantine.row_number is 'Line in that file (header = 1).';
comment on column audit.quarantine.locator is 'Where in the file ("row 5").';
comment on column audit.quarantine.rule_ids is 'Ids of every error rule the row broke.';
comment on column audit.quarantine.reasons is 'One message per broken rule.';
comment on column audit.quarantine.region_code is 'Region code as parsed, when it could be.';
comment on column audit.quarantine.body is 'Body as parsed, when it could be.';
comment on column audit.quarantine.stage is 'Stage as parsed, when it could be.';
comment on column audit.quarantine.amount_text is 'Amount as written.';
comment on column audit.quarantine.evidence is 'The row exactly as it stands in the file.';

create table audit.rules (
    rule_id varchar primary key,
    severity varchar not null,
    checked varchar not null,
    title varchar not null,
    message varchar not null,
    legal_basis varchar
);
comment on table audit.rules is 'The rule catalogue the run checked: reading and schema rules (hibah/catalogue.py) and SQL rules (sql/rules/).';
comment on column audit.rules.rule_id is 'Stable id, as in audit.findings.rule_id.';
comment on column audit.rules.severity is 'error (record quarantined), warning (kept, flagged) or info (review item).';
comment on column audit.rules.checked is 'Where the rule runs: reading, schema or sql.';
comment on column audit.rules.title is 'What the rule catches, in a few words.';
comment on column audit.rules.message is 'Message template of its findings.';
comment on column audit.rules.legal_basis is 'The regulation the rule rests on, where there is one (article numbers as reported).';

create table audit.parameters (
    name varchar primary key,
    value varchar not null,
    description varchar not null
);
comment on table audit.parameters is 'The rule parameters the run used (defaults in hibah/rules.py, a run may override them): the one place rules, marts and reports read them from.';
comment on column audit.parameters.name is 'Parameter name, as the rules bind it ($name) and audit.parameter(name) returns it.';
comment on column audit.parameters.value is 'Its value, as text (cast where used: ::date, ::double, ::bigint).';
comment on column audit.parameters.description is 'What it means and where it comes from.';

-- audit.parameter('tranche_2_deadline')::date: a parameter's value, for marts and queries.
create macro audit.parameter(parameter_name) as (
    select value from audit.parameters where name = parameter_name
);

create table audit.file_accounting (
    run_id varchar not null,
    source_file varchar not null,
    rows_read integer not null,
    loaded integer not null,
    quarantined integer not null,
    skipped integer not null,
    balanced boolean not null
);
comment on table audit.file_accounting is 'Per allocations file: rows read = loaded + quarantined + skipped. A run that does not balance fails.';
comment on column audit.file_accounting.run_id is 'Run the counts belong to.';
comment on column audit.file_accounting.source_file is 'File under raw/.';
comment on column audit.file_accounting.rows_read is 'Data rows read (raw.rows).';
comment on column audit.file_accounting.loaded is 'Rows in core.allocations.';
comment on column audit.file_accounting.quarantined is 'Rows in audit.quarantine.';
comment on column audit.file_accounting.skipped is 'Rows skipped with a stated reason.';
comment on column audit.file_accounting.balanced is 'True when rows_read = loaded + quarantined + skipped.';

create table audit.finding_history (
    fingerprint varchar primary key,
    rule_id varchar not null,
    severity varchar not null,
    first_seen_run varchar not null,
    last_seen_run varchar not null,
    runs_seen integer not null,
    status varchar not null,
    message varchar not null
);
comment on table audit.finding_history is 'Every finding ever made, by fingerprint, carried from run to run: new, persisting (for runs_seen runs), resolved (gone this run) or regressed (back after being resolved).';
comment on column audit.finding_history.fingerprint is 'The finding''s fingerprint (audit.findings.fingerprint).';
comment on column audit.finding_history.rule_id is 'Rule of the finding.';
comment on column audit.finding_history.severity is 'Severity of the rule.';
comment on column audit.finding_history.first_seen_run is 'Run in which the finding first appeared.';
comment on column audit.finding_history.last_seen_run is 'Latest run in which the finding was made.';
comment on column audit.finding_history.runs_seen is 'In how many runs the finding was made.';
comment on column audit.finding_history.status is 'new, persisting, resolved or regressed, as of the latest run.';
comment on column audit.finding_history.message is 'The finding''s latest message.';

create table audit.previous_figures (
    run_id varchar not null,
    region_code varchar not null,
    body varchar not null,
    stage varchar not null,
    source varchar not null,
    recipient_unit varchar not null,
    amounts varchar not null,
    source_file varchar,
    locator varchar
);
comment on table audit.previous_figures is 'The previous run''s figures, per region, body, stage, publication and recipient: what marts.changes_since_last_run compares against.';
comment on column audit.previous_figures.run_id is 'The previous run.';
comment on column audit.previous_figures.region_code is 'Granting region.';
comment on column audit.previous_figures.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column audit.previous_figures.stage is 'Stage of the figure.';
comment on column audit.previous_figures.source is 'Publication address (or file when it has none).';
comment on column audit.previous_figures.recipient_unit is 'Recipient as written ('''' when none).';
comment on column audit.previous_figures.amounts is 'The figure(s) in rupiah, comma-separated when the publication gave more than one.';
comment on column audit.previous_figures.source_file is 'File the figure was read from.';
comment on column audit.previous_figures.locator is 'Where in that file.';

-- marts.source_figures: every publication's figure for every region × body × stage, next
-- to the figure the totals chose, with the gap and whether it is material. The conflicts
-- report and the traceability lists read it.
create or replace view marts.source_figures as
with

allocations as (
    select * from core.allocations
),

totals as (
    select * from marts.region_body_totals
),

files as (
    select source_file, title, publisher from raw.files
),

readings as (
    select amount_text, probable_idr, basis from core.amount_readings
),

flags as (
    -- the rules whose warnings concern each record (audit.findings holds the run's findings)
    select allocation_id, list(distinct rule_id order by rule_id) as flags
    from audit.findings
    where severity = 'warning' and allocation_id is not null
    group by allocation_id
),

final as (
    select
        totals.province_code,
        totals.province_name,
        allocations.region_code,
        totals.region_name,
        allocations.body,
        allocations.stage,
        allocations.allocation_id,
        allocations.amount_idr,
        allocations.amount_text,
        readings.probable_idr as amount_probable_idr,
        readings.basis as reading_basis,
        allocations.amount_precision_idr,
        allocations.approximate,
        allocations.as_of,
        allocations.recipient_unit,
        allocations.source_url,
        allocations.source_file,
        files.title as file_title,
        allocations.locator,
        allocations.evidence,
        allocations.note,
        list_contains(totals.allocation_ids, allocations.allocation_id) as in_total,
        totals.amount_idr as total_idr,
        (allocations.amount_idr - totals.amount_idr)::bigint as difference_idr,
        coalesce(list_contains(flags.flags, 'source-conflict'), false) as material,
        totals.n_sources,
        totals.sources_agree,
        coalesce(flags.flags, []) as flags
    from allocations
    inner join totals using (region_code, body, stage)
    left join files using (source_file)
    left join flags using (allocation_id)
    left join readings using (amount_text)
)

select * from final;

comment on view marts.source_figures is 'Every figure of core.allocations beside the total marts.region_body_totals shows for its region, body and stage: the list an auditor follows from a total to its sources.';
comment on column marts.source_figures.province_code is 'Province of the granting region.';
comment on column marts.source_figures.province_name is 'Name of that province.';
comment on column marts.source_figures.region_code is 'Kemendagri code of the granting region.';
comment on column marts.source_figures.region_name is 'Name of the granting region.';
comment on column marts.source_figures.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.source_figures.stage is 'budget, nphd, tranche_1, tranche_2, disbursed, realized or returned.';
comment on column marts.source_figures.allocation_id is 'The record (core.allocations).';
comment on column marts.source_figures.note is 'The note carried with the record: the source''s own remark, and how its region and body were read.';
comment on column marts.source_figures.amount_idr is 'The record''s figure in rupiah.';
comment on column marts.source_figures.amount_text is 'The figure as written in the source.';
comment on column marts.source_figures.amount_precision_idr is 'Unit of the last digit the source states.';
comment on column marts.source_figures.approximate is 'True where the source hedged.';
comment on column marts.source_figures.as_of is 'Date of the figure.';
comment on column marts.source_figures.recipient_unit is 'Recipient as written.';
comment on column marts.source_figures.source_url is 'Address of the publication.';
comment on column marts.source_figures.source_file is 'File under raw/ it was read from.';
comment on column marts.source_figures.file_title is 'Title of that file (raw/sources.csv).';
comment on column marts.source_figures.locator is 'Where in the file.';
comment on column marts.source_figures.evidence is 'The original text.';
comment on column marts.source_figures.in_total is 'True when this record is one the total is made of (the chosen publication''s units of the body).';
comment on column marts.source_figures.total_idr is 'The total shown for the region, body and stage.';
comment on column marts.source_figures.n_sources is 'How many publications disclose the region, body and stage.';
comment on column marts.source_figures.sources_agree is 'False when the publications disagree beyond their stated precision.';
comment on column marts.source_figures.difference_idr is 'This record''s figure minus the total shown (what the conflicts page lists as Selisih).';
comment on column marts.source_figures.material is 'True when the difference is a material conflict: a source-conflict finding concerns the record (beyond both conflict thresholds of audit.parameters).';
comment on column marts.source_figures.flags is 'Rules whose warning findings concern the record (audit.findings); empty when none.';
comment on column marts.source_figures.amount_probable_idr is 'What the source probably meant where its amount reads doubtfully (core.amount_readings); null otherwise. amount_idr stays the literal reading.';
comment on column marts.source_figures.reading_basis is 'Why amount_probable_idr was read so.';

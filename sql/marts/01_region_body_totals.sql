-- marts.region_body_totals: one figure per region × body × stage (intermediate.figures: how it
-- is chosen, and how far its sources agree), with whether a warning finding concerns one
-- of the records it is made of.
create or replace view marts.region_body_totals as
with

warned as (
    -- records a warning finding concerns (audit.findings holds every finding of the run)
    select distinct allocation_id
    from audit.findings
    where severity = 'warning' and allocation_id is not null
),

flagged as (
    select region_code, body, stage, bool_or(warned.allocation_id is not null) as flagged
    from (
        select region_code, body, stage, unnest(allocation_ids) as allocation_id
        from intermediate.figures
    )
    left join warned using (allocation_id)
    group by region_code, body, stage
)

select
    figures.region_code,
    figures.region_name,
    figures.province_code,
    figures.province_name,
    figures.level,
    figures.body,
    figures.stage,
    figures.amount_idr,
    figures.approximate,
    figures.precision_idr,
    figures.as_of,
    figures.source,
    figures.allocation_ids,
    flagged.flagged,
    figures.disputed,
    figures.amount_probable_idr,
    figures.n_sources,
    figures.amount_min,
    figures.amount_max,
    figures.sources_agree
from intermediate.figures as figures
inner join flagged using (region_code, body, stage);

comment on view marts.region_body_totals is 'One figure per region × body × stage: the most exact source''s figure (units of one body in one publication summed; different publications never added), with how many sources disclose it and their range.';
comment on column marts.region_body_totals.region_code is 'Kemendagri code of the granting region.';
comment on column marts.region_body_totals.region_name is 'Canonical name of the granting region.';
comment on column marts.region_body_totals.province_code is 'Province of the granting region.';
comment on column marts.region_body_totals.province_name is 'Name of that province (Provinsi ...).';
comment on column marts.region_body_totals.level is 'provinsi, kabupaten or kota.';
comment on column marts.region_body_totals.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.region_body_totals.stage is 'budget, nphd, tranche_1, tranche_2, disbursed, realized or returned.';
comment on column marts.region_body_totals.amount_idr is 'The chosen source''s figure in rupiah (its units of the body summed).';
comment on column marts.region_body_totals.approximate is 'True when the chosen source hedged its figure.';
comment on column marts.region_body_totals.precision_idr is 'Unit of the last digit the chosen source states.';
comment on column marts.region_body_totals.as_of is 'Date of the chosen source''s figure.';
comment on column marts.region_body_totals.source is 'Address of the chosen source (or its file when it has no address).';
comment on column marts.region_body_totals.flagged is 'True when a warning finding (audit.findings) concerns one of the records the figure is made of.';
comment on column marts.region_body_totals.allocation_ids is 'The core.allocations records that make up the figure.';
comment on column marts.region_body_totals.n_sources is 'How many distinct publications (source addresses) disclose this region, body and stage.';
comment on column marts.region_body_totals.amount_min is 'Smallest figure any source gives for the cell.';
comment on column marts.region_body_totals.amount_max is 'Largest figure any source gives for the cell.';
comment on column marts.region_body_totals.sources_agree is 'False when a source differs from the chosen figure by at least the coarser of their stated precisions.';
comment on column marts.region_body_totals.disputed is 'True when the figure''s literal reading is in doubt (core.amount_readings): amount_idr is what the source literally says, amount_probable_idr what it probably meant.';
comment on column marts.region_body_totals.amount_probable_idr is 'The figure with each doubtful amount read as probably meant; null unless disputed.';

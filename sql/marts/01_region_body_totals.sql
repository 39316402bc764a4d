-- marts.region_body_totals: one figure per region × body × stage.
-- A publication may name several units of one body (Polres Konawe and Polresta Kendari):
-- their figures are summed within that publication as read from one file. Different
-- publications, or one publication read from two files, are never added up: the figure shown is the most exact one (not hedged,
-- finest stated precision, latest date, then source address), and n_sources / amount_min /
-- amount_max say how many sources disclose the cell and how far apart they are.
-- sources_agree is false when some source differs from the chosen figure by at least the
-- coarser of the two stated precisions: "Rp5,9 miliar" agrees with 5.971.710.000 (rounding),
-- "Rp1,2 miliar" does not agree with 1.028.290.000.
create or replace view marts.region_body_totals as
with

allocations as (
    -- The same figure for the same unit read twice from one publication counts once
    -- (audit.findings reports the copy as duplicate-record).
    select *
    from core.allocations
    qualify row_number() over (
        partition by region_code, body, stage, source_file, coalesce(source_url, source_file),
            amount_idr, coalesce(recipient_unit, '')
        order by locator
    ) = 1
),

regions as (
    select * from core.regions
),

readings as (
    -- amounts whose literal reading is in doubt, with what was probably meant
    select amount_text, probable_idr from core.amount_readings
),

warned as (
    -- records a warning finding concerns (audit.findings holds the run's findings)
    select distinct allocation_id
    from audit.findings
    where severity = 'warning' and allocation_id is not null
),

per_source as (
    select
        region_code,
        body,
        stage,
        source_file,
        coalesce(source_url, source_file) as source,
        sum(amount_idr)::bigint as amount_idr,
        bool_or(approximate) as approximate,
        max(amount_precision_idr)::bigint as precision_idr,
        max(as_of) as as_of,
        bool_or(warned.allocation_id is not null) as flagged,
        bool_or(readings.probable_idr is not null) as disputed,
        sum(coalesce(readings.probable_idr, allocations.amount_idr))::bigint as probable_idr,
        list(allocations.allocation_id order by allocations.allocation_id) as allocation_ids
    from allocations
    left join warned using (allocation_id)
    left join readings using (amount_text)
    group by region_code, body, stage, source_file, coalesce(source_url, source_file)
),

ranked as (
    select
        *,
        row_number() over (
            partition by region_code, body, stage
            order by approximate, precision_idr, as_of desc nulls last, source, source_file
        ) as preference,
        min(amount_idr) over (partition by region_code, body, stage) as amount_min,
        max(amount_idr) over (partition by region_code, body, stage) as amount_max
    from per_source
),

source_counts as (
    select region_code, body, stage, count(distinct source) as n_sources
    from per_source
    group by region_code, body, stage
),

chosen as (
    select * from ranked where preference = 1
),

agreement as (
    select
        chosen.region_code,
        chosen.body,
        chosen.stage,
        bool_and(
            abs(ranked.amount_idr - chosen.amount_idr)
            < greatest(ranked.precision_idr, chosen.precision_idr)
        ) as sources_agree
    from chosen
    inner join ranked
        on ranked.region_code = chosen.region_code
        and ranked.body = chosen.body
        and ranked.stage = chosen.stage
    group by chosen.region_code, chosen.body, chosen.stage
),

final as (
    select
        chosen.region_code,
        regions.region_name,
        regions.province_code,
        provinces.region_name as province_name,
        regions.level,
        chosen.body,
        chosen.stage,
        chosen.amount_idr,
        chosen.approximate,
        chosen.precision_idr,
        chosen.as_of,
        chosen.source,
        chosen.allocation_ids,
        chosen.flagged,
        chosen.disputed,
        case when chosen.disputed then chosen.probable_idr end as amount_probable_idr,
        source_counts.n_sources::integer as n_sources,
        chosen.amount_min::bigint as amount_min,
        chosen.amount_max::bigint as amount_max,
        agreement.sources_agree
    from chosen
    inner join agreement using (region_code, body, stage)
    inner join source_counts using (region_code, body, stage)
    inner join regions on chosen.region_code = regions.region_code
    inner join regions as provinces on regions.province_code = provinces.region_code
)

select * from final;

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

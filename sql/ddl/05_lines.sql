-- Registers read in bulk (hibah/ingest/bulk.py, hibah/bulk_load/): their rows stay in
-- DuckDB. raw.line_rows holds each data row's cells as written; the raw.read_* tables say
-- how each distinct value was read; raw.line_records puts them together; core.line_items
-- is the valid line items, the parts the figures of core.allocations are summed from.
create table raw.line_files (
    file_id integer primary key,
    source_file varchar not null unique,
    first_rowid bigint not null,
    n_rows bigint not null,
    skip_lines integer not null,
    line_items boolean not null,
    amount_stage varchar,
    amount_scale varchar,
    default_source varchar,
    sha256 varchar not null,
    header_cells struct(
        region_code_text varchar,
        region_name_text varchar,
        recipient_unit_text varchar,
        body_text varchar,
        stage_text varchar,
        line_item_text varchar,
        amount_text varchar,
        as_of_text varchar,
        source_url_text varchar,
        note_text varchar
    )
);
comment on table raw.line_files is 'Registers read in bulk: where their rows sit in raw.line_rows and how their layout was read.';
comment on column raw.line_files.file_id is 'Number of the register in this build (raw.line_rows.file_id).';
comment on column raw.line_files.source_file is 'File under raw/ (raw.files.source_file).';
comment on column raw.line_files.first_rowid is 'rowid of the file''s first data row in raw.line_rows (rows are stored in file order).';
comment on column raw.line_files.n_rows is 'Data rows DuckDB read from the file (rows of the wrong width are in raw.rows instead).';
comment on column raw.line_files.skip_lines is 'Lines above the first data row: title rows and the header.';
comment on column raw.line_files.line_items is 'True for a line-item register (a column Uraian, Rincian, Kegiatan ...): rows are parts of one figure, summed per region, body, stage and source.';
comment on column raw.line_files.amount_stage is 'The stage the amount column''s header names (Nilai NPHD), if any.';
comment on column raw.line_files.amount_scale is 'The scale the amount column''s header states (Rp juta), if any.';
comment on column raw.line_files.default_source is 'Source address for rows without one (raw/sources.csv).';
comment on column raw.line_files.sha256 is 'SHA-256 of the file (raw.files.sha256): figure ids are built from it.';
comment on column raw.line_files.header_cells is 'The header''s cell over each column of raw.line_rows (trimmed; null where none): a data row holding them all repeats the header (a page break) and is skipped. Null for tables Python read, whose rows Python sorted.';

create table raw.line_rows (
    file_id integer not null,
    region_code_text varchar,
    region_name_text varchar,
    recipient_unit_text varchar,
    body_text varchar,
    stage_text varchar,
    line_item_text varchar,
    amount_text varchar,
    as_of_text varchar,
    source_url_text varchar,
    note_text varchar,
    amount_sql bigint
);
comment on table raw.line_rows is 'Every data row of the registers read in bulk, its mapped cells as written, in file order (a wide CSV''s: the rows skipped whole, then each amount column''s cells). Query core.line_items or raw.line_records rather than this table.';
comment on column raw.line_rows.file_id is 'Register the row was read from (raw.line_files.file_id).';
comment on column raw.line_rows.region_code_text is 'Region code cell (Kode Wilayah, Kode BPS, Kode Kemendagri) as written.';
comment on column raw.line_rows.region_name_text is 'Region name cell (Pemerintah Daerah) as written.';
comment on column raw.line_rows.recipient_unit_text is 'Recipient cell (Penerima Hibah) as written.';
comment on column raw.line_rows.body_text is 'Body cell (Lembaga) as written.';
comment on column raw.line_rows.stage_text is 'Stage cell (Tahap) as written.';
comment on column raw.line_rows.line_item_text is 'Line item cell (Uraian, Rincian, Kegiatan, Kode Rekening) as written.';
comment on column raw.line_rows.amount_text is 'Amount cell as written.';
comment on column raw.line_rows.as_of_text is 'Date cell as written.';
comment on column raw.line_rows.source_url_text is 'Source address cell as written.';
comment on column raw.line_rows.note_text is 'Note cell (Keterangan) as written.';
comment on column raw.line_rows.amount_sql is 'The amount when SQL reads it (plain digits, dot or comma thousands, an Rp prefix); null when it takes the Python parser (raw.read_amounts).';

create table raw.line_segments (
    source_file varchar not null,
    first_ordinal bigint not null,
    line_offset bigint not null,
    sheet varchar,
    locator_prefix varchar not null,
    locator_suffix varchar not null
);
comment on table raw.line_segments is 'Line numbering of bulk rows: a row''s line is its ordinal in the file plus the line_offset of the last segment starting at or before it (blank and rejected lines shift the rows after them; a workbook''s next sheet starts a segment).';
comment on column raw.line_segments.source_file is 'File under raw/.';
comment on column raw.line_segments.first_ordinal is 'First row ordinal (0-based, data rows only) the offset applies to.';
comment on column raw.line_segments.line_offset is 'Added to the ordinal to give the line in the file (header = 1).';
comment on column raw.line_segments.sheet is 'Worksheet the rows are on (a workbook''s line-item sheets are read as one register); null for a CSV.';
comment on column raw.line_segments.locator_prefix is 'What the rows'' locators begin with: sheet ''Rincian'' for a worksheet''s, empty for a CSV''s.';
comment on column raw.line_segments.locator_suffix is 'What the rows'' locators end with: the amount column''s header in a table with an amount column per stage (, Realisasi), else empty.';

create table raw.read_regions (
    source_file varchar not null,
    code_text varchar,
    name_text varchar,
    region_code varchar,
    rule_id varchar,
    expected varchar,
    detail varchar,
    note varchar,
    rules varchar[]
);
comment on table raw.read_regions is 'How each distinct region code and name of a bulk register was read (the gazetteer, as for every table).';
comment on column raw.read_regions.rules is 'Rules of the record model a row with this value fails (set by the build''s checks, which run once per distinct value).';
comment on column raw.read_regions.source_file is 'File under raw/.';
comment on column raw.read_regions.code_text is 'Region code as written.';
comment on column raw.read_regions.name_text is 'Region name as written.';
comment on column raw.read_regions.region_code is 'Kemendagri code it was read as (core.regions), or the code as written when it could not be read.';
comment on column raw.read_regions.rule_id is 'Rule the reading broke (region-code-conflict, region-code-ambiguous, region-unresolved), if any.';
comment on column raw.read_regions.expected is 'What the rule expected.';
comment on column raw.read_regions.detail is 'Why, in words.';
comment on column raw.read_regions.note is 'How the code or name was read, with the confidence.';

create view raw.region_readings as
select
    readings.*,
    regions.region_name,
    regions.province_code,
    regions.level as grantor_level,
    case regions.level
        when 'provinsi' then 'gubernur' when 'kabupaten' then 'bupati' when 'kota' then 'walikota'
    end as election
from raw.read_regions as readings
left join core.regions as regions on regions.region_code = readings.region_code;
comment on view raw.region_readings is 'Each distinct region reading of a bulk register with what core.regions says of the region: the region columns of the record.';

create table raw.read_bodies (
    source_file varchar not null,
    body_text varchar,
    body varchar,
    rules varchar[]
);
comment on table raw.read_bodies is 'How each distinct body or recipient of a bulk register was read.';
comment on column raw.read_bodies.rules is 'Rules of the record model a row with this value fails (set by the build''s checks, which run once per distinct value).';
comment on column raw.read_bodies.source_file is 'File under raw/.';
comment on column raw.read_bodies.body_text is 'Body (or, without a body column, recipient) as written.';
comment on column raw.read_bodies.body is 'KPU, Bawaslu, Polri or TNI; the text as written when it is none of them.';

create table raw.read_stages (
    source_file varchar not null,
    stage_text varchar,
    stage varchar,
    rules varchar[]
);
comment on table raw.read_stages is 'How each distinct stage of a bulk register was read.';
comment on column raw.read_stages.rules is 'Rules of the record model a row with this value fails (set by the build''s checks, which run once per distinct value).';
comment on column raw.read_stages.source_file is 'File under raw/.';
comment on column raw.read_stages.stage_text is 'Stage as written.';
comment on column raw.read_stages.stage is 'Canonical stage; the text as written when it is none.';

create table raw.read_dates (
    source_file varchar not null,
    date_text varchar,
    as_of date,
    weekday_mismatch boolean,
    detail varchar,
    rules varchar[]
);
comment on table raw.read_dates is 'How each distinct date of a bulk register was read.';
comment on column raw.read_dates.rules is 'Rules of the record model a row with this value fails (set by the build''s checks, which run once per distinct value).';
comment on column raw.read_dates.source_file is 'File under raw/.';
comment on column raw.read_dates.date_text is 'Date as written (untrimmed).';
comment on column raw.read_dates.as_of is 'The date; null when it cannot be read.';
comment on column raw.read_dates.weekday_mismatch is 'True when a stated weekday contradicts the date.';
comment on column raw.read_dates.detail is 'Why the date cannot be read, when it cannot.';

create table raw.read_amounts (
    source_file varchar not null,
    amount_text varchar,
    amount_idr bigint,
    precision_idr bigint,
    approximate boolean,
    flags varchar[],
    detail varchar
);
comment on table raw.read_amounts is 'Amounts of bulk registers that SQL does not read (words, scale words, hedges), each distinct text read once by the Python parser.';
comment on column raw.read_amounts.source_file is 'File under raw/.';
comment on column raw.read_amounts.amount_text is 'Amount as written.';
comment on column raw.read_amounts.amount_idr is 'Whole rupiah; null when it cannot be read.';
comment on column raw.read_amounts.precision_idr is 'Unit of the last digit stated.';
comment on column raw.read_amounts.approximate is 'True where the text hedges.';
comment on column raw.read_amounts.flags is 'How the amount reads (word-amount-not-round, dot-thousands-before-scale).';
comment on column raw.read_amounts.detail is 'Why the amount cannot be read, when it cannot.';

create table raw.line_status (
    source_file varchar not null,
    ordinal bigint not null,
    row_number bigint not null,
    skip_reason varchar,
    rule_ids varchar[] not null
);
comment on table raw.line_status is 'The data rows of bulk registers that are not loaded: skipped (with the reason) or quarantined (with the rules they fail, details in audit.findings). Every other data row is loaded.';
comment on column raw.line_status.source_file is 'File under raw/.';
comment on column raw.line_status.ordinal is 'Position of the row among the file''s data rows (0-based).';
comment on column raw.line_status.row_number is 'Line of the row in its file.';
comment on column raw.line_status.skip_reason is 'Why the row is skipped (blank row, totals row, header row repeated, no amount), or null.';
comment on column raw.line_status.rule_ids is 'Rules the row fails (it is quarantined); empty for a skipped row.';

-- A cell as the row reader reads it: stripped as Python's str.strip() strips (spaces, tabs,
-- line breaks, no-break and ideographic spaces: every character str.isspace() names), null
-- when empty. DuckDB's trim(text) strips spaces only, and trim with a list of characters
-- costs about eight times more, so only a text that starts or ends with one of them is so
-- trimmed.
create macro raw.is_space(code) as code in (
    9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196,
    8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288
);

create macro raw.trimmed(text) as nullif(case
    when raw.is_space(ascii(text)) or raw.is_space(ascii(reverse(text))) then trim(text,
        chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(28) || chr(29) ||
        chr(30) || chr(31) || chr(32) || chr(133) || chr(160) || chr(5760) ||
        chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197)
        || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) ||
        chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288)
    )
    else text end, '');

-- A totals or subtotal row, by the first words of a cell (one per line of the text given).
-- The regular expression runs only on texts holding one of its words: DuckDB reads an ilike
-- once per distinct text of a dictionary-compressed column, the expression once per row
-- (10M line items of ten activities: 0.02 s against 0.4 s; of texts all different, where the
-- column is not dictionary-compressed, 0.47 s against 0.56 s).
create macro raw.is_totals_text(text) as
    coalesce(case when text ilike '%jumlah%' or text ilike '%total%' then
        regexp_matches(text, '(?im)^\s*(jumlah|total|sub\s*total|grand\s*total)\b') end, false);

-- Whether raw.trimmed(text) may be null, read from its first character alone (cheaply).
create macro raw.may_be_blank(text) as text is null or text = '' or raw.is_space(ascii(text));

-- Whether a trimmed amount cell holds a dash alone (-, Rp -, -,-), as Excel's Accounting
-- format shows zero: a cell without a figure (hibah.parse.amounts.NIL_PATTERN, the same).
create macro raw.is_nil(text) as
    (contains(text, '-') or contains(text, '–') or contains(text, '—'))
    and regexp_full_match(text, '(?:(?:rp|idr)\.?[ ]*)?[-–—]+(?:[ ]*,[ ]*[-–—]+)?', 'i');

-- Whether an amount cell holds a figure to read, blanks and a dash alone aside
-- (hibah.parse.amounts.amount_written); most cells are told by their first character.
create macro raw.amount_written(text) as case
    when raw.may_be_blank(text) or contains(text, '-') or contains(text, '–')
        or contains(text, '—')
        then coalesce(not raw.is_nil(raw.trimmed(text)), false)
    else true
end;

-- Whether a cell holds its header's cell (case aside; any text where the header has none).
create macro raw.holds_header(cell, header) as
    header is null or lower(cell) is not distinct from lower(header);

-- Why a data row of a register is not a record (blank, totals, the header again, no amount),
-- from its cells (trimmed: raw.trimmed) and its register's header cells
-- (raw.line_files.header_cells); null for a candidate record. raw.line_values_of asks it of
-- every unit; a wide register's load asks it once of each whole row, before the row's
-- amount cells become units of their own (hibah/bulk_load/register.py).
create macro raw.skip_reason(region_code_text, region_name_text, recipient_unit_text,
        body_text, stage_text, line_item_text, amount_text, as_of_text, source_url_text,
        note_text, header_cells) as
    case
        when coalesce(region_code_text, region_name_text,
            recipient_unit_text, body_text, stage_text,
            line_item_text, amount_text, as_of_text,
            source_url_text, note_text) is null then 'blank row'
        when raw.is_totals_text(concat_ws(chr(10), region_name_text,
            region_code_text, line_item_text, recipient_unit_text)) then
            'totals row (not a grant)'
        -- the header again, as a table converted page by page repeats it (as
        -- hibah.ingest.tabular.records.repeats_header finds it)
        when lower(amount_text) = lower(header_cells.amount_text)
            and raw.holds_header(region_code_text, header_cells.region_code_text)
            and raw.holds_header(region_name_text, header_cells.region_name_text)
            and raw.holds_header(recipient_unit_text, header_cells.recipient_unit_text)
            and raw.holds_header(body_text, header_cells.body_text)
            and raw.holds_header(stage_text, header_cells.stage_text)
            and raw.holds_header(line_item_text, header_cells.line_item_text)
            and raw.holds_header(as_of_text, header_cells.as_of_text)
            and raw.holds_header(source_url_text, header_cells.source_url_text)
            and raw.holds_header(note_text, header_cells.note_text)
            then 'header row repeated (a page break)'
        when amount_text is null or raw.is_nil(amount_text) then 'no amount in the row'
    end;

-- Data rows as units of one row each: the input raw.line_values_of reads. The build's
-- checks (hibah/bulk_load/units.py) give it units of many rows with the same cells instead.
create view raw.line_units as
select
    *, rowid as row_id, rowid as last_row_id, 1::bigint as n, false as prechecked,
    null::date as as_of, null::boolean as weekday_mismatch
from raw.line_rows;
comment on view raw.line_units is 'raw.line_rows, each row one unit (row_id, n = 1): the input raw.line_values_of reads.';
comment on column raw.line_units.file_id is 'Register the row was read from (raw.line_files.file_id).';
comment on column raw.line_units.region_code_text is 'Region code cell (Kode Wilayah, Kode BPS, Kode Kemendagri) as written.';
comment on column raw.line_units.region_name_text is 'Region name cell (Pemerintah Daerah) as written.';
comment on column raw.line_units.recipient_unit_text is 'Recipient cell (Penerima Hibah) as written.';
comment on column raw.line_units.body_text is 'Body cell (Lembaga) as written.';
comment on column raw.line_units.stage_text is 'Stage cell (Tahap) as written.';
comment on column raw.line_units.line_item_text is 'Line item cell (Uraian, Rincian, Kegiatan, Kode Rekening) as written.';
comment on column raw.line_units.amount_text is 'Amount cell as written.';
comment on column raw.line_units.as_of_text is 'Date cell as written.';
comment on column raw.line_units.source_url_text is 'Source address cell as written.';
comment on column raw.line_units.note_text is 'Note cell (Keterangan) as written.';
comment on column raw.line_units.amount_sql is 'The amount when SQL reads it (plain digits, dot or comma thousands, an Rp prefix); null when it takes the Python parser (raw.read_amounts).';
comment on column raw.line_units.row_id is 'rowid of the row in raw.line_rows.';
comment on column raw.line_units.last_row_id is 'rowid of the unit''s last row (here the row itself).';
comment on column raw.line_units.n is 'Rows in the unit (here 1).';
comment on column raw.line_units.as_of is 'The unit''s latest date, when its rows'' dates were read row by row (here null: read from as_of_text).';
comment on column raw.line_units.weekday_mismatch is 'Whether a row of the unit states a weekday its date does not fall on, when read row by row (here null).';
comment on column raw.line_units.prechecked is 'True when the unit''s rows passed the checks on each row''s own amount and line item before they were grouped (here false).';

-- Each unit (a data row, or rows alike in every cell but the line item, amount and note)
-- with the values read for it, before any check. Cells are trimmed here (raw.trimmed), not
-- on load.
create macro raw.line_values_of(units) as table
with

rows as (
    select
        files.source_file,
        raw.trimmed(units.region_code_text) as region_code_text,
        raw.trimmed(units.region_name_text) as region_name_text,
        raw.trimmed(units.recipient_unit_text) as recipient_unit_text,
        raw.trimmed(units.body_text) as body_text,
        raw.trimmed(units.stage_text) as stage_text,
        raw.trimmed(units.line_item_text) as line_item_text,
        raw.trimmed(units.amount_text) as amount_text,
        raw.trimmed(units.as_of_text) as as_of_text,
        units.as_of_text as as_of_written,
        units.as_of as unit_as_of,
        units.weekday_mismatch as unit_weekday_mismatch,
        raw.trimmed(units.source_url_text) as source_url_text,
        raw.trimmed(units.note_text) as note_text,
        units.amount_sql,
        units.row_id,
        units.row_id - files.first_rowid as ordinal,
        units.last_row_id - files.first_rowid as last_ordinal,
        units.n,
        units.prechecked,
        files.line_items,
        files.amount_stage,
        files.default_source,
        files.sha256,
        files.header_cells
    from query_table(units) as units
    inner join raw.line_files as files using (file_id)
),

final as (
    select
        rows.source_file,
        rows.ordinal,
        rows.last_ordinal,
        rows.row_id,
        rows.n,
        rows.prechecked,
        rows.line_items,
        regions.region_code,
        regions.region_name,
        regions.province_code,
        regions.grantor_level,
        regions.election,
        bodies.body,
        rows.recipient_unit_text as recipient_unit,
        stages.stage,
        rows.line_item_text as line_item,
        coalesce(rows.amount_sql, amounts.amount_idr) as amount_idr,
        case when rows.amount_sql is not null then 1 else amounts.precision_idr end
            as amount_precision_idr,
        coalesce(amounts.approximate, false) as approximate,
        coalesce(rows.unit_as_of, dates.as_of) as as_of,
        rows.amount_text,
        coalesce(rows.source_url_text, rows.default_source) as source_url,
        concat_ws(' | ', rows.region_code_text, rows.region_name_text,
            rows.recipient_unit_text, rows.body_text, rows.stage_text,
            rows.line_item_text, rows.amount_text, rows.as_of_text,
            rows.source_url_text, rows.note_text) as evidence,
        rows.region_name_text as region_as_written,
        nullif(concat_ws('; ', rows.note_text, regions.note), '') as note,
        -- built only where the amount or the date has something to say (most rows: null)
        case when len(amounts.flags) > 0 or dates.weekday_mismatch
                or rows.unit_weekday_mismatch then list_concat(
            coalesce(amounts.flags, []),
            case when dates.weekday_mismatch or rows.unit_weekday_mismatch
                then ['weekday-mismatch'] else [] end)
        end as flags,
        raw.skip_reason(rows.region_code_text, rows.region_name_text,
            rows.recipient_unit_text, rows.body_text, rows.stage_text, rows.line_item_text,
            rows.amount_text, rows.as_of_text, rows.source_url_text, rows.note_text,
            rows.header_cells) as skip_reason,
        rows.amount_text is not null and rows.amount_sql is null
            and amounts.amount_idr is null as amount_unreadable,
        amounts.detail as amount_detail,
        rows.as_of_text is not null and dates.as_of is null as date_unreadable,
        rows.as_of_text,
        dates.detail as date_detail,
        regions.rule_id as region_rule_id,
        -- the rules the row's region, body, stage and date fail (checked once per value)
        case when coalesce(len(regions.rules), 0) + coalesce(len(bodies.rules), 0)
                + coalesce(len(stages.rules), 0) + coalesce(len(dates.rules), 0) > 0
            then list_concat(coalesce(regions.rules, []), coalesce(bodies.rules, []),
                coalesce(stages.rules, []), coalesce(dates.rules, []))
            else []
        end as value_rules,
        coalesce(rows.region_code_text, rows.region_name_text) as region_observed,
        regions.expected as region_expected,
        regions.detail as region_detail,
        rows.sha256
    from rows
    left join raw.region_readings as regions
        on regions.source_file = rows.source_file
        and coalesce(regions.code_text, '') = coalesce(rows.region_code_text, '')
        and coalesce(regions.name_text, '') = coalesce(rows.region_name_text, '')
    left join raw.read_bodies as bodies
        on bodies.source_file = rows.source_file
        and bodies.body_text = coalesce(rows.body_text, rows.recipient_unit_text, '')
    left join raw.read_stages as stages
        on stages.source_file = rows.source_file
        and stages.stage_text = coalesce(rows.stage_text, '')
    left join raw.read_dates as dates
        on dates.source_file = rows.source_file and dates.date_text = rows.as_of_written
    left join raw.read_amounts as amounts
        on amounts.source_file = rows.source_file
        and amounts.amount_text = rows.amount_text
        and rows.amount_sql is null
)

select * from final;

-- Each data row with the values read for it, before any check.
create view raw.line_values as
select * exclude (last_ordinal, row_id, n, prechecked)
from raw.line_values_of('raw.line_units');
comment on view raw.line_values is 'Every data row of the bulk registers with the values read for it (raw.read_*), before any check; ordinal is its position among the file''s data rows.';

create view raw.line_records as
select
    line_values.*,
    (line_values.ordinal + segments.line_offset)::bigint as row_number,
    segments.locator_prefix || 'row ' || (line_values.ordinal + segments.line_offset)
        || segments.locator_suffix as locator,
    coalesce(status.skip_reason is null and len(status.rule_ids) = 0, true) as loaded,
    coalesce(status.rule_ids, []) as rule_ids
from raw.line_values as line_values
asof inner join raw.line_segments as segments
    on line_values.source_file = segments.source_file
    and line_values.ordinal >= segments.first_ordinal
left join raw.line_status as status
    on status.source_file = line_values.source_file and status.ordinal = line_values.ordinal;
comment on view raw.line_records is 'Every data row of the bulk registers: the values read, its line in the file (row_number), whether it was loaded, and if not why (skip_reason, or the rules it fails).';

create view core.line_items as
select
    records.source_file,
    records.row_number,
    records.locator,
    records.region_code,
    records.region_name,
    records.province_code,
    records.grantor_level,
    records.body,
    records.recipient_unit,
    records.stage,
    records.line_item,
    records.amount_idr,
    records.amount_precision_idr,
    records.approximate,
    records.as_of,
    records.amount_text,
    records.source_url,
    records.evidence,
    records.note
from raw.line_records as records
where records.line_items and records.loaded;
comment on view core.line_items is 'Valid line items of the line-item registers (LPJ, budget plans), with file and line: the parts core.allocations sums per region, body, stage and source.';
comment on column raw.region_readings.source_file is 'File under raw/ the row was read from.';
comment on column raw.region_readings.code_text is 'Region code as written.';
comment on column raw.region_readings.name_text is 'Region name as written.';
comment on column raw.region_readings.region_code is 'Kemendagri code the region was read as.';
comment on column raw.region_readings.rule_id is 'Rule the reading broke (region-code-conflict, region-code-ambiguous, region-unresolved), if any.';
comment on column raw.region_readings.expected is 'What that rule expected.';
comment on column raw.region_readings.detail is 'Why, in words.';
comment on column raw.region_readings.note is 'The row''s note, and how its region was read.';
comment on column raw.region_readings.rules is 'Rules of the record model a row with this region fails.';
comment on column raw.region_readings.region_name is 'Canonical name of the region (core.regions).';
comment on column raw.region_readings.province_code is 'Province of the region.';
comment on column raw.region_readings.grantor_level is 'provinsi, kabupaten or kota.';
comment on column raw.region_readings.election is 'gubernur, bupati or walikota, following from grantor_level.';
comment on column raw.line_values.source_file is 'File under raw/ the row was read from.';
comment on column raw.line_values.ordinal is 'Position of the row among the file''s data rows (0-based).';
comment on column raw.line_values.line_items is 'True when the file is a line-item register (its rows are summed into figures).';
comment on column raw.line_values.region_code is 'Kemendagri code the region was read as.';
comment on column raw.line_values.region_name is 'Canonical name of the region (core.regions).';
comment on column raw.line_values.province_code is 'Province of the region.';
comment on column raw.line_values.grantor_level is 'provinsi, kabupaten or kota.';
comment on column raw.line_values.election is 'gubernur, bupati or walikota, following from grantor_level.';
comment on column raw.line_values.body is 'KPU, Bawaslu, Polri or TNI; the text as written when it is none of them.';
comment on column raw.line_values.recipient_unit is 'Recipient as written.';
comment on column raw.line_values.stage is 'budget, nphd, tranche_1, tranche_2, disbursed, realized or returned; the text as written when it is none.';
comment on column raw.line_values.line_item is 'The line item as written (Uraian, Rincian, Kegiatan, Kode Rekening).';
comment on column raw.line_values.amount_idr is 'Amount in whole rupiah; null when it cannot be read.';
comment on column raw.line_values.amount_precision_idr is 'Unit of the last digit the source states.';
comment on column raw.line_values.approximate is 'True where the source hedges.';
comment on column raw.line_values.as_of is 'Date the row states; null when none or unreadable.';
comment on column raw.line_values.amount_text is 'The amount exactly as written.';
comment on column raw.line_values.source_url is 'Address of the publication: the row''s own, or the file''s from raw/sources.csv.';
comment on column raw.line_values.evidence is 'The row''s mapped cells as written, joined by a vertical bar.';
comment on column raw.line_values.region_as_written is 'The region as the source names it.';
comment on column raw.line_values.note is 'The row''s note, and how its region was read.';
comment on column raw.line_values.flags is 'Warnings about how the amount or date reads; null when none.';
comment on column raw.line_values.skip_reason is 'Why the row is skipped (blank row, totals row, header row repeated, no amount); null for a candidate record.';
comment on column raw.line_values.amount_unreadable is 'True when the amount cannot be read.';
comment on column raw.line_values.amount_detail is 'Why the amount cannot be read.';
comment on column raw.line_values.date_unreadable is 'True when the date cannot be read.';
comment on column raw.line_values.as_of_text is 'The date as written.';
comment on column raw.line_values.date_detail is 'Why the date cannot be read.';
comment on column raw.line_values.region_rule_id is 'Rule the region reading broke, if any.';
comment on column raw.line_values.value_rules is 'Rules the row''s region, body, stage or date fail, checked once per distinct value.';
comment on column raw.line_values.region_observed is 'Region code (or name) as written.';
comment on column raw.line_values.region_expected is 'What the region rule expected.';
comment on column raw.line_values.region_detail is 'Why the region could not be read.';
comment on column raw.line_values.sha256 is 'SHA-256 of the file (figure ids are built from it).';
comment on column raw.line_records.source_file is 'File under raw/ the row was read from.';
comment on column raw.line_records.ordinal is 'Position of the row among the file''s data rows (0-based).';
comment on column raw.line_records.line_items is 'True when the file is a line-item register (its rows are summed into figures).';
comment on column raw.line_records.region_code is 'Kemendagri code the region was read as.';
comment on column raw.line_records.region_name is 'Canonical name of the region (core.regions).';
comment on column raw.line_records.province_code is 'Province of the region.';
comment on column raw.line_records.grantor_level is 'provinsi, kabupaten or kota.';
comment on column raw.line_records.election is 'gubernur, bupati or walikota, following from grantor_level.';
comment on column raw.line_records.body is 'KPU, Bawaslu, Polri or TNI; the text as written when it is none of them.';
comment on column raw.line_records.recipient_unit is 'Recipient as written.';
comment on column raw.line_records.stage is 'budget, nphd, tranche_1, tranche_2, disbursed, realized or returned; the text as written when it is none.';
comment on column raw.line_records.line_item is 'The line item as written (Uraian, Rincian, Kegiatan, Kode Rekening).';
comment on column raw.line_records.amount_idr is 'Amount in whole rupiah; null when it cannot be read.';
comment on column raw.line_records.amount_precision_idr is 'Unit of the last digit the source states.';
comment on column raw.line_records.approximate is 'True where the source hedges.';
comment on column raw.line_records.as_of is 'Date the row states; null when none or unreadable.';
comment on column raw.line_records.amount_text is 'The amount exactly as written.';
comment on column raw.line_records.source_url is 'Address of the publication: the row''s own, or the file''s from raw/sources.csv.';
comment on column raw.line_records.evidence is 'The row''s mapped cells as written, joined by a vertical bar.';
comment on column raw.line_records.region_as_written is 'The region as the source names it.';
comment on column raw.line_records.note is 'The row''s note, and how its region was read.';
comment on column raw.line_records.flags is 'Warnings about how the amount or date reads; null when none.';
comment on column raw.line_records.skip_reason is 'Why the row is skipped (blank row, totals row, header row repeated, no amount); null for a candidate record.';
comment on column raw.line_records.amount_unreadable is 'True when the amount cannot be read.';
comment on column raw.line_records.amount_detail is 'Why the amount cannot be read.';
comment on column raw.line_records.date_unreadable is 'True when the date cannot be read.';
comment on column raw.line_records.as_of_text is 'The date as written.';
comment on column raw.line_records.date_detail is 'Why the date cannot be read.';
comment on column raw.line_records.region_rule_id is 'Rule the region reading broke, if any.';
comment on column raw.line_records.value_rules is 'Rules the row''s region, body, stage or date fail, checked once per distinct value.';
comment on column raw.line_records.region_observed is 'Region code (or name) as written.';
comment on column raw.line_records.region_expected is 'What the region rule expected.';
comment on column raw.line_records.region_detail is 'Why the region could not be read.';
comment on column raw.line_records.sha256 is 'SHA-256 of the file (figure ids are built from it).';
comment on column raw.line_records.row_number is 'Line of the row in its file, as a spreadsheet shows it.';
comment on column raw.line_records.locator is 'Where in the file: row 5; sheet ''Rincian'' row 5 in a workbook; row 5, Realisasi in a table with an amount column per stage.';
comment on column raw.line_records.loaded is 'True when the row is loaded (not skipped, fails no rule).';
comment on column raw.line_records.rule_ids is 'Rules the row fails (it is quarantined); empty otherwise.';
comment on column core.line_items.source_file is 'File under raw/ the row was read from.';
comment on column core.line_items.row_number is 'Line of the row in its file, as a spreadsheet shows it.';
comment on column core.line_items.locator is 'Where in the file: row 5; sheet ''Rincian'' row 5 in a workbook; row 5, Realisasi in a table with an amount column per stage.';
comment on column core.line_items.region_code is 'Kemendagri code the region was read as.';
comment on column core.line_items.region_name is 'Canonical name of the region (core.regions).';
comment on column core.line_items.province_code is 'Province of the region.';
comment on column core.line_items.grantor_level is 'provinsi, kabupaten or kota.';
comment on column core.line_items.body is 'KPU, Bawaslu, Polri or TNI; the text as written when it is none of them.';
comment on column core.line_items.recipient_unit is 'Recipient as written.';
comment on column core.line_items.stage is 'budget, nphd, tranche_1, tranche_2, disbursed, realized or returned; the text as written when it is none.';
comment on column core.line_items.line_item is 'The line item as written (Uraian, Rincian, Kegiatan, Kode Rekening).';
comment on column core.line_items.amount_idr is 'Amount in whole rupiah; null when it cannot be read.';
comment on column core.line_items.amount_precision_idr is 'Unit of the last digit the source states.';
comment on column core.line_items.approximate is 'True where the source hedges.';
comment on column core.line_items.as_of is 'Date the row states; null when none or unreadable.';
comment on column core.line_items.amount_text is 'The amount exactly as written.';
comment on column core.line_items.source_url is 'Address of the publication: the row''s own, or the file''s from raw/sources.csv.';
comment on column core.line_items.evidence is 'The row''s mapped cells as written, joined by a vertical bar.';
comment on column core.line_items.note is 'The row''s note, and how its region was read.';

create table raw.files (
    source_file varchar primary key,
    sha256 varchar not null,
    size_bytes bigint not null,
    format varchar not null,
    role varchar not null,
    title varchar,
    publisher varchar,
    kind varchar,
    edition varchar,
    licence varchar,
    source_url varchar,
    notes varchar,
    read_error varchar
);
comment on table raw.files is 'Every file under raw/ in this run, with its content hash and its provenance from raw/sources.csv.';
comment on column raw.files.source_file is 'Path relative to raw/, forward slashes; the id records and findings point back to.';
comment on column raw.files.sha256 is 'SHA-256 of the file content as read.';
comment on column raw.files.size_bytes is 'File size in bytes.';
comment on column raw.files.format is 'File extension (csv, tsv, xlsx, txt, ...).';
comment on column raw.files.role is 'allocations (tables of grant figures), press (press releases and news as text, Markdown or HTML), reference (lookup tables), manifest (sources.csv) or unsupported (not read yet).';
comment on column raw.files.title is 'Title from raw/sources.csv.';
comment on column raw.files.publisher is 'Who published or compiled the file, from raw/sources.csv.';
comment on column raw.files.kind is 'Kind of document (register of published figures, finance office table, reference).';
comment on column raw.files.edition is 'Edition or period the file covers.';
comment on column raw.files.licence is 'Terms the file is used under.';
comment on column raw.files.source_url is 'Address of the file as published, when the whole file has one.';
comment on column raw.files.notes is 'Notes on the file from raw/sources.csv.';
comment on column raw.files.read_error is 'One-line reason when the file could not be read; its rows are then absent.';

create table raw.rows (
    source_file varchar not null,
    row_number integer not null,
    locator varchar not null,
    line_text varchar not null,
    cells json,
    disposition varchar,
    reason varchar,
    primary key (source_file, locator)
);
comment on table raw.rows is 'Every unit read, and what became of it: a table row (or, in a wide table, one amount cell of a row), or an amount in a press text. Units are what the accounting counts.';
comment on column raw.rows.source_file is 'File the row was read from (raw.files.source_file).';
comment on column raw.rows.row_number is 'Tables: line number of the row in its file (the header is line 1), as a spreadsheet shows it. Press: the ordinal of the amount in the text.';
comment on column raw.rows.locator is 'Where the unit is: "row 5", "sheet ''NPHD'' row 7, Tahap II", "line 9, chars 1281-1297".';
comment on column raw.rows.line_text is 'Tables: the row exactly as it stands in the file. Press: the amount exactly as written.';
comment on column raw.rows.cells is 'The row as a JSON object: header text to cell text, unparsed.';
comment on column raw.rows.disposition is 'loaded (in core.allocations), quarantined (in audit.quarantine) or skipped.';
comment on column raw.rows.reason is 'Why a row was skipped: blank row, totals row, or for press amounts why the figure is not a grant to one body (previous election, total split between bodies, spending ...).';

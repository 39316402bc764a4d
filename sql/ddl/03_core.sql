create table core.regions (
    region_code varchar primary key,
    region_name varchar not null,
    province_code varchar not null,
    level varchar not null,
    votes_2024 boolean not null
);
comment on table core.regions is 'Kemendagri provinces, regencies and cities (raw/reference/regions.csv), with the 2024 regional-election roster.';
comment on column core.regions.region_code is 'Kemendagri code, dotted: 65 (province) or 65.03 (regency/city).';
comment on column core.regions.region_name is 'Canonical name, e.g. Kabupaten Nunukan, Provinsi Kalimantan Utara.';
comment on column core.regions.province_code is 'Two-digit code of the province the region lies in (its own code for a province).';
comment on column core.regions.level is 'provinsi, kabupaten or kota.';
comment on column core.regions.votes_2024 is 'True for the 545 regions that voted on 27 November 2024.';

create table core.region_codes_bps (
    bps_code varchar primary key,
    bps_name varchar not null,
    kemendagri_2020_code varchar not null,
    region_code varchar not null unique
);
comment on table core.region_codes_bps is 'BPS''s bridge from its region codes to Kemendagri''s (raw/reference/bps-kemendagri.csv): join BPS statistics to grants through it.';
comment on column core.region_codes_bps.bps_code is 'BPS code, plain: 65 (province) or 6503 (regency/city; 6503 is Tana Tidung).';
comment on column core.region_codes_bps.bps_name is 'The name BPS gives the region in the bridge.';
comment on column core.region_codes_bps.kemendagri_2020_code is 'The Kemendagri code the bridge gives (2020 edition, before the Papua split).';
comment on column core.region_codes_bps.region_code is 'The Kemendagri code in the edition core.regions uses (2025): 65.04 for BPS 6503.';

create table core.allocations (
    allocation_id varchar primary key,
    region_code varchar not null,
    region_name varchar not null,
    province_code varchar not null,
    grantor_level varchar not null,
    election varchar not null,
    body varchar not null,
    recipient_unit varchar,
    stage varchar not null,
    amount_idr bigint not null,
    amount_precision_idr bigint not null,
    approximate boolean not null,
    as_of date,
    amount_text varchar not null,
    source_url varchar,
    source_file varchar not null,
    row_number integer not null,
    locator varchar not null,
    evidence varchar not null,
    region_as_written varchar,
    note varchar,
    flags varchar[] not null
);
comment on table core.allocations is 'Valid grant figures: one region, body and stage from one source location. Figures that failed a record-level rule are in audit.quarantine instead.';
comment on column core.allocations.allocation_id is 'Stable id: hash of the source file content and the locator.';
comment on column core.allocations.region_code is 'Kemendagri code of the granting region (core.regions).';
comment on column core.allocations.region_name is 'Canonical name of the granting region.';
comment on column core.allocations.province_code is 'Province of the granting region.';
comment on column core.allocations.grantor_level is 'provinsi, kabupaten or kota.';
comment on column core.allocations.election is 'gubernur, bupati or walikota: the election the grant funds, following from grantor_level.';
comment on column core.allocations.body is 'KPU (incl. KIP Aceh), Bawaslu (incl. Panwaslih), Polri or TNI.';
comment on column core.allocations.recipient_unit is 'Recipient as written: KPU Kabupaten Nunukan, Polres Konawe, Kodim 0807/Tulungagung.';
comment on column core.allocations.stage is 'budget, nphd (grant agreement), tranche_1, tranche_2, disbursed, realized or returned.';
comment on column core.allocations.amount_idr is 'Amount in whole rupiah, exactly as the source states it.';
comment on column core.allocations.amount_precision_idr is 'Unit of the last digit the source states: 1 for full figures, 100000000 for "Rp5,9 miliar".';
comment on column core.allocations.approximate is 'True where the source hedges (lebih, sekitar, kurang lebih).';
comment on column core.allocations.as_of is 'Date the source states for the figure, or its publication date; null when neither is known.';
comment on column core.allocations.amount_text is 'The amount exactly as written in the source.';
comment on column core.allocations.source_url is 'Address of the publication the figure comes from.';
comment on column core.allocations.source_file is 'File under raw/ the record was read from.';
comment on column core.allocations.row_number is 'Tables: line of the record in its file (the header is line 1). Press: ordinal of the amount in the text.';
comment on column core.allocations.locator is 'Where in the file: "row 5" for tables; "line 9, chars 1281-1297" for press (for HTML, offsets in the page''s visible text).';
comment on column core.allocations.evidence is 'The original text the figure was read from: the table row, or the sentence.';
comment on column core.allocations.region_as_written is 'The region as the source names it.';
comment on column core.allocations.note is 'Tables: the note carried with the figure, and how a region code or name was read. Press: how region and body were found (with the confidence of the region).';
comment on column core.allocations.flags is 'How the amount or date reads, as the reader noted it (word-amount-not-round, dot-thousands-before-scale, juta-below-peers, weekday-mismatch); the rules of those names make findings of them. Every rule''s flags on a record are in marts.source_figures.flags.';

create table core.amount_readings (
    amount_text varchar primary key,
    literal_idr bigint not null,
    probable_idr bigint not null,
    basis varchar not null
);
comment on table core.amount_readings is 'Amounts as written whose literal reading is in doubt and whose digit groups say what was probably meant (13 miliar 825 juta 543 rupiah: literally 13.825.000.543, probably 13.825.543.000). core.allocations keeps the literal figure; marts show both.';
comment on column core.amount_readings.amount_text is 'The amount exactly as written (core.allocations.amount_text, or a line of a bulk register).';
comment on column core.amount_readings.literal_idr is 'What the words say, read literally: the figure core.allocations holds.';
comment on column core.amount_readings.probable_idr is 'What the writer probably meant.';
comment on column core.amount_readings.basis is 'Why: which group of digits is out of place and where it belongs.';

create table core.voters (
    region_code varchar primary key,
    dpt bigint not null,
    as_of date,
    source varchar not null
);
comment on table core.voters is 'Registered voters (DPT) of the 2024 regional elections, where published (raw/reference/dpt.csv).';
comment on column core.voters.region_code is 'Kemendagri code of the region (core.regions).';
comment on column core.voters.dpt is 'Registered voters on the final voter list (Daftar Pemilih Tetap).';
comment on column core.voters.as_of is 'Date the figure was set or published.';
comment on column core.voters.source is 'Who published the figure, and where.';

create table core.anchors (
    region_code varchar primary key,
    anchor_date date not null,
    basis varchar not null,
    source varchar
);
comment on table core.anchors is 'Per-region anchor dates for the three-month return and accountability deadlines (raw/reference/anchors.csv); regions without one use the configured default.';
comment on column core.anchors.region_code is 'Kemendagri code of the region.';
comment on column core.anchors.anchor_date is 'Date the three months run from: the proposal to ratify the elected candidates, or the Constitutional Court ruling where results were disputed.';
comment on column core.anchors.basis is 'Which event the date is.';
comment on column core.anchors.source is 'Where the date was published.';

create table core.accountability_reports (
    region_code varchar not null,
    body varchar not null,
    filed_on date not null,
    source_url varchar
);
comment on table core.accountability_reports is 'When recipients filed their grant accountability reports (raw/reference/accountability.csv), where published.';
comment on column core.accountability_reports.region_code is 'Kemendagri code of the granting region.';
comment on column core.accountability_reports.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column core.accountability_reports.filed_on is 'Date the report was filed.';
comment on column core.accountability_reports.source_url is 'Address of the publication that gives the date.';

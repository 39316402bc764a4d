-- marts.tranche_compliance: NPHD against tranche 1 and tranche 2 per region and body, with
-- tranche 1's share and tranche 2's date against the deadline. Only pairs with an NPHD or a
-- tranche figure appear; a missing figure stays null (not disclosed), never zero.
create or replace view marts.tranche_compliance as
with

totals as (
    select * from marts.region_body_totals
    where stage in ('nphd', 'tranche_1', 'tranche_2')
),

pivoted as (
    select
        province_code,
        province_name,
        region_code,
        region_name,
        level,
        body,
        max(amount_idr) filter (where stage = 'nphd') as nphd_idr,
        max(amount_idr) filter (where stage = 'tranche_1') as tranche_1_idr,
        max(amount_idr) filter (where stage = 'tranche_2') as tranche_2_idr,
        max(as_of) filter (where stage = 'tranche_1') as tranche_1_as_of,
        max(as_of) filter (where stage = 'tranche_2') as tranche_2_as_of
    from totals
    group by all
),

final as (
    select
        *,
        tranche_1_idr / nphd_idr as tranche_1_share,
        (tranche_1_idr + tranche_2_idr)::bigint - nphd_idr as tranches_minus_nphd,
        audit.parameter('tranche_2_deadline')::date as tranche_2_deadline,
        tranche_2_as_of > audit.parameter('tranche_2_deadline')::date as tranche_2_late
    from pivoted
    where tranche_1_idr is not null or tranche_2_idr is not null
)

select * from final;

comment on view marts.tranche_compliance is 'NPHD, tranche 1 and tranche 2 per region and body where a tranche is disclosed, with tranche 1''s share and tranche 2''s date against the deadline (audit.parameters: tranche_1_share, tranche_2_deadline).';
comment on column marts.tranche_compliance.province_code is 'Province of the granting region.';
comment on column marts.tranche_compliance.province_name is 'Name of that province.';
comment on column marts.tranche_compliance.region_code is 'Kemendagri code of the granting region.';
comment on column marts.tranche_compliance.region_name is 'Name of the granting region.';
comment on column marts.tranche_compliance.level is 'provinsi, kabupaten or kota.';
comment on column marts.tranche_compliance.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.tranche_compliance.nphd_idr is 'NPHD figure (null: not disclosed).';
comment on column marts.tranche_compliance.tranche_1_idr is 'Tranche 1 figure (null: not disclosed).';
comment on column marts.tranche_compliance.tranche_2_idr is 'Tranche 2 figure (null: not disclosed).';
comment on column marts.tranche_compliance.tranche_1_as_of is 'Date of the tranche 1 figure.';
comment on column marts.tranche_compliance.tranche_2_as_of is 'Date of the tranche 2 figure.';
comment on column marts.tranche_compliance.tranche_1_share is 'Tranche 1 as a share of the NPHD (audit.parameters.tranche_1_share expected).';
comment on column marts.tranche_compliance.tranches_minus_nphd is 'Tranche 1 + tranche 2 - NPHD (positive: the tranches exceed the agreement).';
comment on column marts.tranche_compliance.tranche_2_deadline is 'Tranche 2 due by this date (audit.parameters.tranche_2_deadline: five months before voting day).';
comment on column marts.tranche_compliance.tranche_2_late is 'True when tranche 2 is dated after the deadline.';

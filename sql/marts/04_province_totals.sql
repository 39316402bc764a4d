-- marts.province_totals: per province, body and stage, the province's own grant and the sum
-- of its regencies' and cities' grants (the figures marts.region_body_totals chose), with
-- how many of its voting regions disclose one.
create or replace view marts.province_totals as
with

totals as (
    select * from marts.region_body_totals
),

regions as (
    select * from core.regions
),

roster as (
    select province_code, count(*) filter (where level <> 'provinsi' and votes_2024) as regions_voting
    from regions
    group by province_code
),

summed as (
    select
        province_code,
        province_name,
        body,
        stage,
        sum(amount_idr) filter (where level = 'provinsi')::bigint as province_idr,
        sum(amount_idr) filter (where level <> 'provinsi')::bigint as regencies_idr,
        count(*) filter (where level <> 'provinsi')::integer as regencies_disclosed,
        count(*) filter (where disputed)::integer as disputed_figures,
        case when bool_or(disputed) then
            sum(coalesce(amount_probable_idr, amount_idr)) filter (where level = 'provinsi')
        end::bigint as province_probable_idr,
        case when bool_or(disputed) then
            sum(coalesce(amount_probable_idr, amount_idr)) filter (where level <> 'provinsi')
        end::bigint as regencies_probable_idr
    from totals
    group by province_code, province_name, body, stage
),

final as (
    select summed.*, roster.regions_voting::integer as regencies_voting
    from summed
    inner join roster using (province_code)
)

select * from final;

comment on view marts.province_totals is 'Per province, body and stage: the province''s own grant and the sum of its regencies'' and cities'' grants, with how many of them disclose one. Sums cover disclosed figures only.';
comment on column marts.province_totals.province_code is 'Two-digit Kemendagri code.';
comment on column marts.province_totals.province_name is 'Name of the province.';
comment on column marts.province_totals.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.province_totals.stage is 'budget, nphd, tranche_1, tranche_2, disbursed, realized or returned.';
comment on column marts.province_totals.province_idr is 'The province''s own grant (governor election); null when not disclosed.';
comment on column marts.province_totals.regencies_idr is 'Sum of the disclosed regency and city grants (regent and mayor elections).';
comment on column marts.province_totals.regencies_disclosed is 'How many regencies and cities disclose a figure.';
comment on column marts.province_totals.regencies_voting is 'How many regencies and cities of the province voted in 2024.';
comment on column marts.province_totals.disputed_figures is 'How many of the figures summed read doubtfully (marts.region_body_totals.disputed): the sums take them as written.';
comment on column marts.province_totals.province_probable_idr is 'province_idr with its doubtful figure read as probably meant; null when none is disputed.';
comment on column marts.province_totals.regencies_probable_idr is 'regencies_idr with each doubtful figure read as probably meant; null when none is disputed.';

-- marts.per_voter_cost: NPHD per registered voter, per region and body, where the DPT is
-- known (core.voters).
create or replace view marts.per_voter_cost as
with

totals as (
    select * from marts.region_body_totals where stage = 'nphd'
),

voters as (
    select * from core.voters
),

final as (
    select
        totals.province_code,
        totals.region_code,
        totals.region_name,
        totals.level,
        totals.body,
        totals.amount_idr as nphd_idr,
        voters.dpt,
        totals.amount_idr / voters.dpt as idr_per_voter,
        voters.source as dpt_source
    from totals
    inner join voters using (region_code)
)

select * from final;

comment on view marts.per_voter_cost is 'NPHD per registered voter by region and body, where the region''s DPT is known.';
comment on column marts.per_voter_cost.province_code is 'Province of the region.';
comment on column marts.per_voter_cost.region_code is 'Kemendagri code of the region.';
comment on column marts.per_voter_cost.region_name is 'Name of the region.';
comment on column marts.per_voter_cost.level is 'provinsi, kabupaten or kota.';
comment on column marts.per_voter_cost.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.per_voter_cost.nphd_idr is 'The NPHD figure (marts.region_body_totals).';
comment on column marts.per_voter_cost.dpt is 'Registered voters (core.voters).';
comment on column marts.per_voter_cost.idr_per_voter is 'Rupiah of NPHD per registered voter.';
comment on column marts.per_voter_cost.dpt_source is 'Where the DPT figure was published.';

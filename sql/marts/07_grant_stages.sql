-- marts.grant_stages: a grant's life in one row per region and body, the figure the marts
-- chose at each stage beside its precision and its record, so that rules relating the
-- stages (tranches, disbursement, spending and return against the agreement) pivot once.
create or replace view marts.grant_stages as
select
    region_code,
    body,
    max(amount_idr) filter (where stage = 'budget') as budget_idr,
    max(amount_idr) filter (where stage = 'nphd') as nphd_idr,
    max(amount_idr) filter (where stage = 'tranche_1') as tranche_1_idr,
    max(amount_idr) filter (where stage = 'tranche_2') as tranche_2_idr,
    max(amount_idr) filter (where stage = 'disbursed') as disbursed_idr,
    max(amount_idr) filter (where stage = 'realized') as realized_idr,
    max(amount_idr) filter (where stage = 'returned') as returned_idr,
    max(precision_idr) filter (where stage = 'budget') as budget_precision,
    max(precision_idr) filter (where stage = 'nphd') as nphd_precision,
    max(precision_idr) filter (where stage = 'tranche_1') as tranche_1_precision,
    max(precision_idr) filter (where stage = 'tranche_2') as tranche_2_precision,
    max(precision_idr) filter (where stage = 'disbursed') as disbursed_precision,
    max(precision_idr) filter (where stage = 'realized') as realized_precision,
    max(precision_idr) filter (where stage = 'returned') as returned_precision,
    max(allocation_ids[1]) filter (where stage = 'budget') as budget_allocation_id,
    max(allocation_ids[1]) filter (where stage = 'nphd') as nphd_allocation_id,
    max(allocation_ids[1]) filter (where stage = 'tranche_1') as tranche_1_allocation_id,
    max(allocation_ids[1]) filter (where stage = 'tranche_2') as tranche_2_allocation_id,
    max(allocation_ids[1]) filter (where stage = 'disbursed') as disbursed_allocation_id,
    max(allocation_ids[1]) filter (where stage = 'realized') as realized_allocation_id,
    max(allocation_ids[1]) filter (where stage = 'returned') as returned_allocation_id
from marts.region_body_totals
group by region_code, body;
comment on view marts.grant_stages is 'Each region and body''s grant through its life in one row: at every stage the figure the marts chose (marts.region_body_totals), its stated precision and its record. The reconciliation rules read it.';
comment on column marts.grant_stages.region_code is 'Kemendagri code of the granting region.';
comment on column marts.grant_stages.body is 'KPU, Bawaslu, Polri or TNI.';
comment on column marts.grant_stages.budget_idr is 'The budget figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.nphd_idr is 'The NPHD figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.tranche_1_idr is 'The tranche 1 figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.tranche_2_idr is 'The tranche 2 figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.disbursed_idr is 'The disbursed figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.realized_idr is 'The realised figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.returned_idr is 'The returned figure in rupiah; null when not disclosed.';
comment on column marts.grant_stages.budget_precision is 'Unit of the last digit the budget figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.nphd_precision is 'Unit of the last digit the NPHD figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.tranche_1_precision is 'Unit of the last digit the tranche 1 figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.tranche_2_precision is 'Unit of the last digit the tranche 2 figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.disbursed_precision is 'Unit of the last digit the disbursed figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.realized_precision is 'Unit of the last digit the realised figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.returned_precision is 'Unit of the last digit the returned figure states (Rp 1,2 miliar: 100000000).';
comment on column marts.grant_stages.budget_allocation_id is 'Record of the budget figure (core.allocations).';
comment on column marts.grant_stages.nphd_allocation_id is 'Record of the NPHD figure (core.allocations).';
comment on column marts.grant_stages.tranche_1_allocation_id is 'Record of the tranche 1 figure (core.allocations).';
comment on column marts.grant_stages.tranche_2_allocation_id is 'Record of the tranche 2 figure (core.allocations).';
comment on column marts.grant_stages.disbursed_allocation_id is 'Record of the disbursed figure (core.allocations).';
comment on column marts.grant_stages.realized_allocation_id is 'Record of the realised figure (core.allocations).';
comment on column marts.grant_stages.returned_allocation_id is 'Record of the returned figure (core.allocations).';

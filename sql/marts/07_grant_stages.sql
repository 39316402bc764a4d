-- marts.grant_stages: a grant's life in one row per region and body (intermediate.grant_stages,
-- which the reconciliation rules read; published here with each column described).
create or replace view marts.grant_stages as
select * from intermediate.grant_stages;

comment on view marts.grant_stages is 'Each region and body''s grant through its life in one row: at every stage the figure the marts chose (marts.region_body_totals), its stated precision and its record. The reconciliation rules read it as intermediate.grant_stages.';
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

-- intermediate.grant_stages: a grant's life in one row per region and body, the figure
-- intermediate.figures chose at each stage beside its precision and its record, so that rules
-- relating the stages (tranches, disbursement, spending and return against the agreement)
-- pivot once.
create or replace view intermediate.grant_stages as
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
from intermediate.figures
group by region_code, body;
comment on view intermediate.grant_stages is 'Each region and body''s grant through its life in one row, as the reconciliation rules read it. Published, with each column described, as marts.grant_stages.';

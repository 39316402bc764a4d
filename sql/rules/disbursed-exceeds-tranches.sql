-- id: disbursed-exceeds-tranches
-- title: More paid out than the two tranches add up to
-- severity: warning
-- message: {region_name} {body}: {observed} was paid out, more than tranche 1 + tranche 2 of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 16(4): the grant is paid out in two tranches
-- params:
-- The disbursed figure above tranche 1 + tranche 2 of the same region and body, by more than
-- the coarsest stated precision of the three: money paid beyond the instalments that make up
-- the grant, or a figure misprinted ("Rp.28.296.513.000" paid against tranches of
-- Rp.11.278.605.200 and Rp16.917.907.800). Less paid than the tranches is not a finding:
-- the disbursed figure may be told before the last payment.
select
    disbursed_allocation_id as allocation_id,
    region_code,
    body,
    'disbursed' as stage,
    disbursed_idr::varchar as observed,
    (tranche_1_idr + tranche_2_idr)::varchar as expected,
    (disbursed_idr - tranche_1_idr - tranche_2_idr)::bigint as difference,
    null::varchar as detail
from intermediate.grant_stages
where disbursed_idr - tranche_1_idr - tranche_2_idr
    >= greatest(disbursed_precision, tranche_1_precision, tranche_2_precision)

-- id: disbursed-exceeds-nphd
-- title: More paid out than the grant agreement gives
-- severity: warning
-- message: {region_name} {body}: {observed} was paid out, more than the NPHD of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019: the NPHD fixes the grant the region pays out
-- params:
-- The disbursed figure against the NPHD of the same region and body, by more than the two
-- figures' stated precisions together (Rp 1,2 miliar paid out against an agreed
-- Rp1.028.290.000 is beyond Rp 100 juta + Rp 1 of rounding).
select
    disbursed_allocation_id as allocation_id,
    region_code,
    body,
    'disbursed' as stage,
    disbursed_idr::varchar as observed,
    nphd_idr::varchar as expected,
    (disbursed_idr - nphd_idr)::bigint as difference,
    null::varchar as detail
from intermediate.grant_stages
where disbursed_idr - nphd_idr >= nphd_precision + disbursed_precision

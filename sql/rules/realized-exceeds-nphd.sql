-- id: realized-exceeds-nphd
-- title: More spent than the grant agreement gives
-- severity: warning
-- message: {region_name} {body}: realised spending of {observed} exceeds the NPHD of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019: the NPHD fixes the grant a recipient may use
-- params:
-- Realised spending (from an accountability report, or the sum of its line items) against
-- the NPHD of the same region and body, by more than the two figures' stated precisions
-- together (each may be rounded or truncated by up to its precision).
select
    realized_allocation_id as allocation_id,
    region_code,
    body,
    'realized' as stage,
    realized_idr::varchar as observed,
    nphd_idr::varchar as expected,
    (realized_idr - nphd_idr)::bigint as difference,
    null::varchar as detail
from intermediate.grant_stages
where realized_idr - nphd_idr >= nphd_precision + realized_precision

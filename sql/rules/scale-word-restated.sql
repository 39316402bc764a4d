-- id: scale-word-restated
-- title: Full rupiah amount followed by a scale word
-- severity: warning
-- message: {observed} was read as {expected} rupiah: the digits give the amount in full, and the scale word after them was taken as restating the unit
-- legal-basis:
-- params:
-- "Rp387.092.681.878 miliar": as written, a figure of 21 digits, more than any grant; the
-- digits alone are the amount (sen rounded). Read so and flagged, for a reader to confirm.
select
    allocation_id,
    region_code,
    body,
    stage,
    amount_text as observed,
    amount_idr::varchar as expected,
    null::bigint as difference,
    null::varchar as detail
from core.allocations
where list_contains(flags, 'scale-word-restated')

-- id: weekday-mismatch
-- title: Stated weekday contradicts the date
-- severity: warning
-- message: the source gives {observed} a weekday it does not fall on: check the date
-- legal-basis:
-- params:
-- "Kamis (1/11/2024)": 1 November 2024 was a Friday. Flagged while reading.
select
    allocation_id,
    region_code,
    body,
    stage,
    as_of::varchar as observed,
    null::varchar as expected,
    null::bigint as difference,
    null::varchar as detail
from core.allocations
where list_contains(flags, 'weekday-mismatch')

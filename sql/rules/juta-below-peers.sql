-- id: juta-below-peers
-- title: A juta figure far below its document's others
-- severity: warning
-- message: {observed} is written in juta but is 200 times or more below the other figures of the same document: juta may stand for miliar
-- legal-basis:
-- params:
-- Flagged while reading, against the figures of the same document or sheet.
select
    allocation_id,
    region_code,
    body,
    stage,
    amount_text as observed,
    null::varchar as expected,
    null::bigint as difference,
    null::varchar as detail
from core.allocations
where list_contains(flags, 'juta-below-peers')

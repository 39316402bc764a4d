-- id: dot-thousands-before-scale
-- title: Dot and three digits before a scale word
-- severity: warning
-- message: {observed} was read with the dot as a decimal point ({expected}); it may be a thousands separator
-- legal-basis:
-- params:
-- "Rp1.104 triliun": 1,104 triliun or 1.104 triliun? Read as a decimal point and flagged.
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
where list_contains(flags, 'dot-thousands-before-scale')

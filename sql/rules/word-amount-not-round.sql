-- id: word-amount-not-round
-- title: Word-built amount not a multiple of 100
-- severity: warning
-- message: {observed} reads {expected} literally; a grant built from words is almost always a multiple of 100 rupiah: check the source
-- legal-basis:
-- params:
-- "13 miliar 825 juta 543 rupiah" reads 13.825.000.543; 13.825.543.000 was almost surely
-- meant. The parser reads what is written and flags it (core.allocations.flags).
select
    allocation_id,
    region_code,
    body,
    stage,
    amount_text as observed,
    amount_idr::varchar as expected,
    (amount_idr % 100)::bigint as difference,
    null::varchar as detail
from core.allocations
where list_contains(flags, 'word-amount-not-round')

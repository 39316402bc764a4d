-- id: figure-restated
-- title: A publication's figure changed between runs
-- severity: warning
-- message: {region_name} {body} {stage}: {detail} now gives {observed}, the previous run read {expected}: a silent restatement?
-- legal-basis:
-- params:
-- The same publication (same address, same recipient) read with a different figure than in
-- the previous run: the source was edited, or the file was. Either way someone should know.
select
    allocation_id,
    region_code,
    body,
    stage,
    current_amounts as observed,
    previous_amounts as expected,
    null::bigint as difference,
    source as detail
from intermediate.figure_changes
where change = 'changed'

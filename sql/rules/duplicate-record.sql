-- id: duplicate-record
-- title: Same figure from the same source twice
-- severity: warning
-- message: {region_name} {body} {stage}: {observed} from {detail} was already read from this source; only one counts
-- legal-basis:
-- params:
-- The same figure from the same publication read twice: in two files (a register row and
-- the release itself), or twice in one file for the same recipient (two units of one body
-- may well get equal amounts). Every copy after the first is reported; the marts count one.
with

allocations as (
    select *, coalesce(source_url, source_file) as source from core.allocations
),

copies as (
    select later.*
    from allocations as later
    where exists (
        select 1
        from allocations as earlier
        where earlier.region_code = later.region_code
          and earlier.body = later.body
          and earlier.stage = later.stage
          and earlier.amount_idr = later.amount_idr
          and earlier.source = later.source
          and (earlier.source_file, earlier.locator) < (later.source_file, later.locator)
          and (
              earlier.source_file <> later.source_file
              or coalesce(earlier.recipient_unit, '') = coalesce(later.recipient_unit, '')
          )
    )
),

final as (
    select
        allocation_id,
        region_code,
        body,
        stage,
        amount_idr::varchar as observed,
        null::varchar as expected,
        null::bigint as difference,
        source as detail
    from copies
)

select * from final

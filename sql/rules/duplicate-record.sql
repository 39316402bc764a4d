-- id: duplicate-record
-- severity: warning
-- message: {region_name} {body} {stage}: {observed} appears {detail} times from the same source; only one counts
-- legal-basis:
-- params:
-- The same figure from the same publication read more than once (a register row and the
-- release itself, or one table loaded twice). Every copy after the first is reported.
with

allocations as (
    select * from core.allocations
),

copies as (
    select
        *,
        row_number() over (
            partition by region_code, body, stage, amount_idr, coalesce(source_url, source_file)
            order by source_file, locator
        ) as copy_number,
        count(*) over (
            partition by region_code, body, stage, amount_idr, coalesce(source_url, source_file)
        ) as copies
    from allocations
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
        copies::varchar as detail
    from copies
    where copy_number > 1
)

select * from final

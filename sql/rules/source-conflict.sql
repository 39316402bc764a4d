-- id: source-conflict
-- title: Sources disagree on a figure
-- severity: warning
-- message: {region_name} {body} {stage}: {observed} from {detail} differs from {expected} by {difference}
-- legal-basis:
-- params: conflict_min_relative, conflict_min_absolute
-- One region, body and stage disclosed with different amounts by different publications.
-- Each publication's figure is compared with the most exact one (intermediate.figures)
-- at the coarser of their stated precisions, so "Rp5,9 miliar" against 5.971.710.000 is
-- rounding, not conflict; a conflict is material only when the difference reaches both the
-- relative threshold (of the larger figure) and the absolute one.
with

allocations as (
    select * from core.allocations
),

totals as (
    select * from intermediate.figures
),

per_source as (
    select
        region_code,
        body,
        stage,
        coalesce(source_url, source_file) as source,
        source_file,
        sum(amount_idr)::bigint as amount_idr,
        max(amount_precision_idr)::bigint as precision_idr,
        min(allocation_id) as allocation_id
    from allocations
    group by region_code, body, stage, coalesce(source_url, source_file), source_file
),

compared as (
    select
        per_source.*,
        totals.amount_idr as chosen_idr,
        totals.precision_idr as chosen_precision_idr,
        abs(per_source.amount_idr - totals.amount_idr) as gap
    from per_source
    inner join totals using (region_code, body, stage)
    where per_source.source <> totals.source
),

final as (
    select
        allocation_id,
        region_code,
        body,
        stage,
        amount_idr::varchar as observed,
        chosen_idr::varchar as expected,
        (amount_idr - chosen_idr)::bigint as difference,
        source as detail
    from compared
    where gap >= greatest(precision_idr, chosen_precision_idr)
      and gap >= $conflict_min_relative * greatest(amount_idr, chosen_idr)
      and gap >= $conflict_min_absolute
)

select * from final

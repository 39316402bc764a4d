-- id: tranche-2-late
-- title: Tranche 2 after the deadline
-- severity: warning
-- message: {region_name} {body}: tranche 2 dated {observed}, after the deadline of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 16(4): 60% no later than five months before voting day (27 June 2024 for 27 November 2024)
-- params: tranche_2_deadline
-- The date is the one the source gives the figure (as_of): a statement after the deadline
-- that tranche 2 is still to come is exactly what this rule is for.
with

allocations as (
    select * from core.allocations
),

final as (
    select
        allocation_id,
        region_code,
        body,
        stage,
        as_of::varchar as observed,
        $tranche_2_deadline::date::varchar as expected,
        date_diff('day', $tranche_2_deadline::date, as_of)::bigint as difference,
        null::varchar as detail
    from allocations
    where stage = 'tranche_2' and as_of > $tranche_2_deadline::date
)

select * from final

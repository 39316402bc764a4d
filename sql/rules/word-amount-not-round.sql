-- id: word-amount-not-round
-- title: Word-built amount not a multiple of 100
-- severity: warning
-- message: {region_name} {body} {stage}: "{observed}" reads literally as {detail}
-- legal-basis:
-- params:
-- "13 miliar 825 juta 543 rupiah" reads 13.825.000.543 literally; 13.825.543.000 was almost
-- surely meant. The reader keeps what is written (core.allocations.flags notes the doubt);
-- where the digit groups say what was meant, core.amount_readings holds it, and the finding
-- gives both: expected is the probable figure (the literal one when none stands out).
with

allocations as (
    select * from core.allocations
    where list_contains(flags, 'word-amount-not-round')
),

readings as (
    select * from core.amount_readings
),

final as (
    select
        allocations.allocation_id,
        allocations.region_code,
        allocations.body,
        allocations.stage,
        allocations.amount_text as observed,
        coalesce(readings.probable_idr, allocations.amount_idr)::varchar as expected,
        (coalesce(readings.probable_idr, allocations.amount_idr)
            - allocations.amount_idr)::bigint as difference,
        'Rp' || replace(format('{:,}', allocations.amount_idr), ',', '.')
            || case
                when readings.probable_idr is not null then
                    '; probably Rp' || replace(format('{:,}', readings.probable_idr), ',', '.')
                    || ' was meant (' || readings.basis || ')'
                else ', not a round figure as a grant built from words would be: check the source'
            end as detail
    from allocations
    left join readings using (amount_text)
)

select * from final

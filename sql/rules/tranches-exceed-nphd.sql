-- id: tranches-exceed-nphd
-- title: Tranches add up to more than the NPHD
-- severity: warning
-- message: {region_name} {body}: tranches add up to {observed}, more than the NPHD of {expected}
-- legal-basis: Permendagri 41/2020 amending 54/2019, reported as Pasal 16(4): the tranches pay out the NPHD
-- params:
-- Tranche 1 + tranche 2 above the NPHD, by more than the coarsest stated precision of the
-- three figures ("Rp 145 miliar" is not exceeded by 145.856.542.000); figures of other
-- stages, however coarse, do not count.
select
    tranche_2_allocation_id as allocation_id,
    region_code,
    body,
    'tranche_2' as stage,
    (tranche_1_idr + tranche_2_idr)::varchar as observed,
    nphd_idr::varchar as expected,
    (tranche_1_idr + tranche_2_idr - nphd_idr)::bigint as difference,
    null::varchar as detail
from intermediate.grant_stages
where tranche_1_idr + tranche_2_idr - nphd_idr
    >= greatest(nphd_precision, tranche_1_precision, tranche_2_precision)

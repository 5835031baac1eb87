-- Agencies of the same type and province as the given one in a year, nearest score first.
with me as (
    select type_code, province_code, score from ita_filtered($dataset, null, null, null, null, null)
    where agency_code = $agency_code and fiscal_year = $year
)
select f.agency_code, f.name_th, f.name_en, f.score, f.rating, f.passed, f.synthetic,
       f.score - me.score as difference
from ita_filtered($dataset, null, null, null, null, null) as f, me
where f.fiscal_year = $year
  and f.type_code = me.type_code
  and f.province_code is not distinct from me.province_code
  and f.agency_code <> $agency_code
order by abs(f.score - me.score), f.agency_code
limit $n

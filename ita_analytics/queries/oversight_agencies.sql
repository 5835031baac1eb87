-- A monitoring unit's agencies in fiscal years $year and $year - 1: one row per agency-year with every score.
-- $kind picks the unit (national, ministry, region, province, type); $code is a bound value, never pasted.
select
    fiscal_year, agency_code, name_th, name_en, type_code, province_code, region, ministry, iso37001,
    contact_name, contact_phone, contact_email,
    score, iit, eit, eit1, eit2, oit, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, rating, passed, synthetic
from ita_filtered($dataset, null, null, null, null, null)
where fiscal_year in ($year, $year - 1)
  and case $kind
        when 'national' then true
        when 'ministry' then ministry = $code
        when 'region' then region = $code
        when 'province' then province_code = $code
        when 'type' then type_code = $code
      end
order by fiscal_year, agency_code

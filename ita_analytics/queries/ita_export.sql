-- Filtered results in the import file's layout, so an export can be imported again unchanged; the
-- synthetic flag travels with every row (the importer ignores it, with a warning).
select
    fiscal_year, agency_code, name_th as agency_name, name_en as agency_name_en, type_code as agency_type,
    province_code as province, ministry, score, iit, eit, eit1, eit2, oit, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10,
    iso37001, synthetic
from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
order by fiscal_year, agency_code

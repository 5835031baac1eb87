-- Store a validated indicator file staged as a DataFrame.
insert into external_indicators (indicator, level, year, province_code, value, import_id)
select indicator, level, year, province_code, value, $import_id
from staged_indicators

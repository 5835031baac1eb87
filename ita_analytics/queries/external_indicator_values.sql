-- Every imported indicator value, for the correlation explorer's panel.
select indicator, level, year as fiscal_year, province_code, value
from external_indicators
order by indicator, fiscal_year, province_code

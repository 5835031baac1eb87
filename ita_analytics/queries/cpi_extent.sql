-- How much CPI data the database holds.
select count(distinct iso3) as countries, min(year) as first_year, max(year) as last_year
from cpi_scores

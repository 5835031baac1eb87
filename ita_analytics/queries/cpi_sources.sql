-- One country's rescaled score from each CPI source, per year, with the number of sources that year.
select
    year, iso3, source, score,
    count(*) over (partition by year) as sources_that_year
from cpi_source_scores
where iso3 = $iso3
order by year, source

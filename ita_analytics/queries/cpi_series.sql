-- CPI score, rank (of how many countries), standard error, sources and 90% CI for chosen countries.
select
    s.year, s.iso3, s.country, s.region, s.score, s.rank, y.countries, s.standard_error, s.sources,
    s.lower_ci, s.upper_ci
from cpi_scores as s
left join cpi_years as y using (year)
where list_contains($iso3, s.iso3)
  and s.year between $first_year and $last_year
order by s.iso3, s.year

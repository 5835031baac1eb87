-- Countries scored per CPI year in the database, and how many have per-source scores.
select
    s.year,
    count(*) filter (where s.score is not null) as countries,
    count(distinct src.iso3) as countries_with_sources,
    y.countries as countries_ranked_by_ti
from cpi_scores as s
left join (select distinct year, iso3 from cpi_source_scores) as src using (year, iso3)
left join cpi_years as y using (year)
group by s.year, y.countries
order by s.year

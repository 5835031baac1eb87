-- Countries scored and the global mean of each year a global file covers. A later timeseries that
-- lists fewer countries (Puerto Rico 2012–14 was dropped) does not lower TI's count for that year.
insert into cpi_years (year, countries, global_mean, asia_pacific_mean)
select year, countries, global_mean, asia_pacific_mean
from staged_cpi_years
on conflict (year) do update set
    countries = greatest(excluded.countries, coalesce(cpi_years.countries, 0)),
    global_mean = case when excluded.countries >= coalesce(cpi_years.countries, 0)
                       then excluded.global_mean else cpi_years.global_mean end,
    asia_pacific_mean = case when excluded.countries >= coalesce(cpi_years.countries, 0)
                             then coalesce(excluded.asia_pacific_mean, cpi_years.asia_pacific_mean)
                             else cpi_years.asia_pacific_mean end

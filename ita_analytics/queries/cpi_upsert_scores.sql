-- Upsert an import's CPI rows by (year, iso3). A value the file lacks (a timeseries has no CI, no rank
-- before 2017) keeps what is stored, so a narrower file never erases a wider one's values.
insert into cpi_scores
select year, iso3, country, region, score, rank, standard_error, sources, lower_ci, upper_ci,
       $import_id as import_id
from staged_cpi
on conflict (year, iso3) do update set
    country = excluded.country,
    region = coalesce(excluded.region, cpi_scores.region),
    score = excluded.score,
    rank = coalesce(excluded.rank, cpi_scores.rank),
    standard_error = coalesce(excluded.standard_error, cpi_scores.standard_error),
    sources = coalesce(excluded.sources, cpi_scores.sources),
    lower_ci = coalesce(excluded.lower_ci, cpi_scores.lower_ci),
    upper_ci = coalesce(excluded.upper_ci, cpi_scores.upper_ci),
    import_id = excluded.import_id

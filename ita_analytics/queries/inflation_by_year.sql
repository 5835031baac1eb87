-- Score-inflation signs per fiscal year: shares at the ceiling, quantiles, big one-year jumps and the
-- spread within agency types (the mean of each type's standard deviation).
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
),
jumps as (
    select f.fiscal_year, f.score - p.score as rise
    from filtered as f
    join ita_results as p
        on p.dataset = f.dataset and p.agency_code = f.agency_code and p.fiscal_year = f.fiscal_year - 1
),
spread as (
    select fiscal_year, avg(type_sd) as within_type_sd
    from (select fiscal_year, type_code, stddev_samp(score) as type_sd from filtered group by all)
    group by fiscal_year
)
select
    f.fiscal_year,
    count(*) as agencies,
    avg((f.score >= 95)::integer) as share_95,
    avg((f.score >= 100)::integer) as share_100,
    quantile_cont(f.score, 0.1) as p10,
    median(f.score) as median_score,
    quantile_cont(f.score, 0.9) as p90,
    (select avg((rise > 20)::integer) from jumps as j where j.fiscal_year = f.fiscal_year) as share_rising_20,
    s.within_type_sd
from filtered as f
left join spread as s using (fiscal_year)
group by f.fiscal_year, s.within_type_sd
order by f.fiscal_year

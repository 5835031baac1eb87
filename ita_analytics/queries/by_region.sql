-- Agencies, mean, median and pass rate per fiscal year and region ('central_admin' = no province).
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
)
select
    fiscal_year,
    region,
    count(*) as agencies,
    avg(score) as mean_score,
    median(score) as median_score,
    avg(passed::integer) as pass_rate
from filtered
group by fiscal_year, region
order by fiscal_year, region

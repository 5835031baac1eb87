-- Agencies, mean, median and pass rate per fiscal year for the filtered agencies.
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
)
select
    fiscal_year,
    count(*) as agencies,
    avg(score) as mean_score,
    median(score) as median_score,
    count(*) filter (where passed) as passed,
    avg(passed::integer) as pass_rate,
    bool_or(synthetic) as synthetic
from filtered
group by fiscal_year
order by fiscal_year

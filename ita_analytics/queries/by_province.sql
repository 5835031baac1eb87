-- Agencies, mean, median and pass rate per fiscal year and province (central agencies have none).
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
    where province_code is not null
)
select
    f.fiscal_year,
    f.province_code,
    p.name_th,
    p.name_en,
    p.region,
    count(*) as agencies,
    avg(f.score) as mean_score,
    median(f.score) as median_score,
    avg(f.passed::integer) as pass_rate
from filtered as f
join provinces as p using (province_code)
group by f.fiscal_year, f.province_code, p.name_th, p.name_en, p.region
order by f.fiscal_year, f.province_code

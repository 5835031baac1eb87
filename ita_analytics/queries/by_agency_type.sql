-- Agencies, mean, median and pass rate per fiscal year and agency type.
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
)
select
    f.fiscal_year,
    f.type_code,
    t.short_th as name_th,  -- short display names: these feed charts
    t.short_en as name_en,
    t.type_group,
    count(*) as agencies,
    avg(f.score) as mean_score,
    median(f.score) as median_score,
    avg(f.passed::integer) as pass_rate
from filtered as f
join agency_types as t using (type_code)
group by f.fiscal_year, f.type_code, t.short_th, t.short_en, t.type_group, t.sort_order
order by f.fiscal_year, t.sort_order

-- Score distribution of each agency type in the filtered set: five-number summary, mean and count.
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
)
select
    f.fiscal_year,
    f.type_code,
    t.short_th as name_th,  -- short display names: these feed charts
    t.short_en as name_en,
    count(*) as agencies,
    min(f.score) as min_score,
    quantile_cont(f.score, 0.25) as q1,
    median(f.score) as median_score,
    quantile_cont(f.score, 0.75) as q3,
    max(f.score) as max_score,
    avg(f.score) as mean_score
from filtered as f
join agency_types as t using (type_code)
group by f.fiscal_year, f.type_code, t.short_th, t.short_en, t.sort_order
order by f.fiscal_year, t.sort_order

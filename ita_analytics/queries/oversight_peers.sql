-- Every unit of one kind (ministry, region, province, type) in fiscal year $year: agencies, pass rate, mean.
with units as (
    select
        case $kind
            when 'ministry' then ministry
            when 'region' then region
            when 'province' then province_code
            when 'type' then type_code
        end as unit,
        score, passed
    from ita_filtered($dataset, null, null, null, null, null)
    where fiscal_year = $year
)
select unit, count(*) as agencies, sum(passed::integer) as passed, avg(passed::integer) as pass_rate,
       avg(score) as mean_score,
       rank() over (order by avg(passed::integer) desc) as rank_pass_rate,
       rank() over (order by avg(score) desc) as rank_mean
from units
where unit is not null
group by unit
order by rank_pass_rate, unit

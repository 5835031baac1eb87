-- Every unit of one kind (ministry, region, province, type) in fiscal year $year: agencies, passed, pass rate, mean.
-- Ranks are given in Python (oversight.rank_peers): only among units of enough agencies to compare.
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
       avg(score) as mean_score
from units
where unit is not null
group by unit
order by unit

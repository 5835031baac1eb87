-- Share of agencies in each 5-point score band per fiscal year (band 95 holds 95–100).
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
)
select
    fiscal_year,
    least(floor(score / 5) * 5, 95)::integer as band,
    count(*) as agencies,
    count(*) / sum(count(*)) over (partition by fiscal_year) as share
from filtered
group by fiscal_year, band
order by fiscal_year, band

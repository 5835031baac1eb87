-- Agencies in each AA–F band per fiscal year (bands with none included), with their share of the year.
with filtered as (
    select * from ita_filtered($years, $types, $groups, $regions, $provinces)
),
bands as (
    select unnest($ratings) as rating, generate_subscripts($ratings, 1) as band_order
),
years as (
    select distinct fiscal_year from filtered
),
counts as (
    select fiscal_year, rating, count(*) as agencies
    from filtered
    group by fiscal_year, rating
)
select
    y.fiscal_year,
    b.rating,
    coalesce(c.agencies, 0) as agencies,
    coalesce(c.agencies, 0) / sum(coalesce(c.agencies, 0)) over (partition by y.fiscal_year) as share
from years as y
cross join bands as b
left join counts as c using (fiscal_year, rating)
order by y.fiscal_year, b.band_order

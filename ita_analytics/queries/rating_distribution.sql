-- Agencies in each band of the year's own rating scheme per fiscal year (bands with none included), with
-- their share of the year. Rows without a band (from FY2023, a total of 85 or more without every tool)
-- count as 'passed_unbanded', after the scheme's bands, in the years that have any.
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
),
years as (
    select distinct fiscal_year from filtered
),
schemes as (
    select y.fiscal_year, f.rating_scheme as scheme
    from years as y
    join ita_frameworks as f
        on y.fiscal_year >= f.first_year and (f.last_year is null or y.fiscal_year <= f.last_year)
),
bands as (
    select s.fiscal_year, s.scheme, b.band as rating, b.band_rank
    from schemes as s
    join rating_bands as b on b.scheme = s.scheme
    union all
    select fiscal_year, scheme, 'passed_unbanded' as rating, 1000 as band_rank
    from schemes
),
counts as (
    select fiscal_year, coalesce(rating, 'passed_unbanded') as rating, count(*) as agencies
    from filtered
    group by all
)
select
    b.fiscal_year,
    b.scheme,
    b.rating,
    coalesce(c.agencies, 0) as agencies,
    coalesce(c.agencies, 0) / sum(coalesce(c.agencies, 0)) over (partition by b.fiscal_year) as share
from bands as b
left join counts as c using (fiscal_year, rating)
where b.rating <> 'passed_unbanded' or c.agencies > 0
order by b.fiscal_year, b.band_rank

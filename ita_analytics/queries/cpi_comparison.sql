-- Chosen countries' CPI in one year with their change on the year before.
with this_year as (
    select * from cpi_scores where year = $year and list_contains($iso3, iso3)
),
last_year as (
    select iso3, score as previous_score, rank as previous_rank
    from cpi_scores where year = $year - 1
)
select
    t.year, t.iso3, t.country, t.score, t.rank, y.countries, t.lower_ci, t.upper_ci,
    l.previous_score, t.score - l.previous_score as change, l.previous_rank
from this_year as t
left join last_year as l using (iso3)
left join cpi_years as y using (year)
order by t.score desc, t.iso3

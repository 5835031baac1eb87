-- The filtered agencies of one fiscal year, best first (or worst first), with their rank.
with filtered as (
    select * from ita_filtered($dataset, [$year], $types, $groups, $regions, $provinces)
),
ranked as (
    select
        *,
        rank() over (order by score desc) as rank_best,
        count(*) over () as agencies_ranked
    from filtered
)
select
    fiscal_year, agency_code, name_th, name_en, type_code, province_code, region,
    score, iit, eit, oit, rating, passed, synthetic, rank_best as rank, agencies_ranked
from ranked
order by case when $best then score else -score end desc, agency_code
limit $n

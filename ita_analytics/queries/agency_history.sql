-- One agency's results by year with its percentile among its type and its province:
-- the share (0–100) of those agencies scoring at or below it that year.
with same_year as (
    select
        fiscal_year,
        agency_code,
        cume_dist() over (partition by fiscal_year, type_code order by score) as pct_type,
        count(*) over (partition by fiscal_year, type_code) as peers_type,
        cume_dist() over (partition by fiscal_year, province_code order by score) as pct_province,
        count(*) over (partition by fiscal_year, province_code) as peers_province,
        province_code
    from ita_facts
    where fiscal_year in (select fiscal_year from ita_results where agency_code = $agency_code)
)
select
    f.fiscal_year, f.agency_code, f.name_th, f.name_en, f.type_code, f.province_code, f.region, f.ministry,
    f.score, f.iit, f.eit, f.eit1, f.eit2, f.oit, f.i1, f.i2, f.i3, f.i4, f.i5, f.i6, f.i7, f.i8, f.i9, f.i10,
    f.rating, f.passed, f.synthetic,
    100 * s.pct_type as percentile_in_type,
    s.peers_type,
    case when f.province_code is null then null else 100 * s.pct_province end as percentile_in_province,
    case when f.province_code is null then null else s.peers_province end as peers_province
from ita_facts as f
join same_year as s using (fiscal_year, agency_code)
where f.agency_code = $agency_code
order by f.fiscal_year

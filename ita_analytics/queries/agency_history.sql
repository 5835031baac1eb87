-- One agency's results by dataset and year, from every dataset that holds it (a real agency may be in several
-- files), with its percentile among its type and its province in the same dataset and year: the share (0–100) of
-- those agencies scoring at or below it.
with held as (
    select distinct dataset, fiscal_year from ita_results where agency_code = $agency_code
),
same_year as (
    select
        f.dataset,
        f.fiscal_year,
        f.agency_code,
        cume_dist() over (partition by f.dataset, f.fiscal_year, f.type_code order by f.score) as pct_type,
        count(*) over (partition by f.dataset, f.fiscal_year, f.type_code) as peers_type,
        cume_dist() over (partition by f.dataset, f.fiscal_year, f.province_code order by f.score) as pct_province,
        count(*) over (partition by f.dataset, f.fiscal_year, f.province_code) as peers_province
    from ita_facts as f
    join held using (dataset, fiscal_year)
)
select
    f.dataset, f.fiscal_year, f.agency_code, f.name_th, f.name_en, f.type_code, f.province_code, f.district, f.region,
    f.ministry,
    f.score, f.iit, f.eit, f.eit1, f.eit2, f.oit, f.i1, f.i2, f.i3, f.i4, f.i5, f.i6, f.i7, f.i8, f.i9, f.i10,
    f.rating, f.passed, f.published_rating, f.source_url, f.synthetic,
    100 * s.pct_type as percentile_in_type,
    s.peers_type,
    case when f.province_code is null then null else 100 * s.pct_province end as percentile_in_province,
    case when f.province_code is null then null else s.peers_province end as peers_province
from ita_facts as f
join same_year as s using (dataset, fiscal_year, agency_code)
where f.agency_code = $agency_code
order by f.fiscal_year, f.dataset

-- One row per imported indicator with its coverage and lineage (the load that wrote it).
select
    e.indicator, e.level, min(e.year) as first_year, max(e.year) as last_year, count(*) as "values",
    case when any_value(e.level) = 'province' then count(distinct e.province_code) end as provinces, i.file_name, i.note as source, i.imported_at, i.sha256
from external_indicators as e
join imports as i using (import_id)
group by all
order by e.indicator

-- Add new agencies and update known ones, unless the agency has results newer than the file's.
with latest_kept as (
    select agency_code, max(fiscal_year) as latest_year
    from ita_results
    group by agency_code
)
insert into agencies
select s.agency_code, s.name_th, s.name_en, s.type_code, s.province_code, s.ministry, s.iso37001,
       false as synthetic
from staged_agencies as s
left join latest_kept as k using (agency_code)
where k.latest_year is null or s.latest_year >= k.latest_year
on conflict (agency_code) do update set
    name_th = excluded.name_th,
    name_en = excluded.name_en,
    type_code = excluded.type_code,
    province_code = excluded.province_code,
    ministry = excluded.ministry,
    iso37001 = excluded.iso37001,
    synthetic = false

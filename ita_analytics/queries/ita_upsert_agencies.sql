-- Add new agencies and update known ones, unless the agency has results newer than the file's (in any dataset).
with latest_kept as (
    select agency_code, max(fiscal_year) as latest_year
    from ita_results
    group by agency_code
)
insert into agencies by name
select s.agency_code, s.name_th, s.name_en, s.type_code, s.province_code, s.district, s.ministry, s.iso37001,
       false as synthetic, s.name_key, s.contact_name, s.contact_phone, s.contact_email
from staged_agencies as s
left join latest_kept as k using (agency_code)
where k.latest_year is null or s.latest_year >= k.latest_year
on conflict (agency_code) do update set
    name_th = excluded.name_th,
    name_en = excluded.name_en,
    type_code = excluded.type_code,
    province_code = excluded.province_code,
    district = coalesce(excluded.district, agencies.district),
    ministry = excluded.ministry,
    iso37001 = excluded.iso37001,
    synthetic = false,
    name_key = coalesce(excluded.name_key, agencies.name_key),
    contact_name = coalesce(excluded.contact_name, agencies.contact_name),
    contact_phone = coalesce(excluded.contact_phone, agencies.contact_phone),
    contact_email = coalesce(excluded.contact_email, agencies.contact_email)

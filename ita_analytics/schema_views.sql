-- Views and macros over the tables of schema.sql. Kept apart so a Parquet store (db.connect) can
-- define them over its files too.

-- One row per agency-year with everything a filter or chart needs. Central agencies have no
-- province; their region reads 'central_admin' (ส่วนกลาง) so filters can name them.
create view ita_facts as
select
    r.*,
    a.name_th,
    a.name_en,
    a.type_code,
    t.type_group,
    a.province_code,
    a.district,
    case
        when p.region is not null then p.region
        when t.type_group = 'central' then 'central_admin'
        else 'not_stated'
    end as region,
    a.ministry,
    a.iso37001,
    a.contact_name,
    a.contact_phone,
    a.contact_email
from ita_results as r
join agencies as a using (agency_code)
join agency_types as t using (type_code)
left join provinces as p using (province_code);

-- The dataset pages read unless told otherwise: the most recently imported real dataset, else the demo.
create view default_dataset as
select dataset
from datasets
order by synthetic, updated_import_id desc, dataset
limit 1;

-- The filtered facts of one dataset every aggregation starts from (a null dataset: the default); a null list
-- means "no filter".
create macro ita_filtered(dataset_name, years, types, groups, regions, provinces) as table
select *
from ita_facts
where ita_facts.dataset = coalesce(dataset_name, (select d.dataset from default_dataset as d))
  and (years is null or list_contains(years, fiscal_year))
  and (types is null or list_contains(types, type_code))
  and (groups is null or list_contains(groups, type_group))
  and (regions is null or list_contains(regions, region))
  and (provinces is null or list_contains(provinces, province_code));

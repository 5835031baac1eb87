-- Every dataset, newest real first (the default), with its agencies and agency-years.
select
    d.dataset,
    d.synthetic,
    count(distinct r.agency_code) as agencies,
    count(r.agency_code) as agency_years,
    min(r.fiscal_year) as first_year,
    max(r.fiscal_year) as last_year,
    d.updated_import_id,
    d.dataset = (select dataset from default_dataset) as is_default
from datasets as d
left join ita_results as r using (dataset)
group by d.dataset, d.synthetic, d.updated_import_id
order by d.synthetic, d.updated_import_id desc, d.dataset

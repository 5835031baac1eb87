-- The real agencies already held under the identities an import's rows have (their normalised name and province).
select a.agency_code, a.name_key
from agencies as a
join staged_keys as s using (name_key)
where not a.synthetic
order by a.name_key, a.agency_code

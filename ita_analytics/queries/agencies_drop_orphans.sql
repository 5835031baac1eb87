-- Agencies left with no result in any dataset (after an import replaced their years, or a dataset was removed)
-- are no longer shown anywhere.
delete from agencies
where agency_code not in (select agency_code from ita_results)

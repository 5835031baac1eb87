-- Synthetic agencies left with no result after an import are no longer shown anywhere.
delete from agencies
where synthetic
  and agency_code not in (select agency_code from ita_results)

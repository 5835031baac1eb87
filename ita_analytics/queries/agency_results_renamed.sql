-- An agency known by name has been given its code: its results in every dataset move to the code.
update ita_results set agency_code = $code where agency_code = $old

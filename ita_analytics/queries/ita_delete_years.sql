-- Remove every result of the fiscal years an import replaces.
delete from ita_results
where list_contains($years, fiscal_year)

-- Remove every result of the fiscal years an import replaces, in the dataset it goes into.
delete from ita_results
where dataset = $dataset and list_contains($years, fiscal_year)

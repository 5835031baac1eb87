-- Remove every result of a dataset.
delete from ita_results where dataset = $dataset

-- Remove a dataset's own row (its results and years go first: dataset_delete_results, dataset_delete_years).
delete from datasets where dataset = $dataset

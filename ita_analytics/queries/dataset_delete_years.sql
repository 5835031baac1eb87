-- Remove a dataset's record of its years.
delete from dataset_years where dataset = $dataset

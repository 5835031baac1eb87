-- Record that a load replaced a dataset's fiscal year, and whether it was declared a census.
insert or replace into dataset_years values ($dataset, $year, $census, $import_id)

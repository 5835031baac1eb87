-- How many results a dataset holds.
select count(*) as results from ita_results where dataset = $dataset

-- Insert an import's validated results into its dataset.
insert into ita_results by name
select *, $dataset as dataset, false as synthetic, $import_id as import_id
from staged_results

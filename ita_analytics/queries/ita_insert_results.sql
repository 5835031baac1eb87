-- Insert an import's validated results.
insert into ita_results by name
select *, false as synthetic, $import_id as import_id
from staged_results

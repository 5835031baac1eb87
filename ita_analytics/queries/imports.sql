-- Every load into the database, newest first.
select import_id, kind, dataset, file_name, sha256, rows, imported_at, synthetic, note
from imports
order by import_id desc

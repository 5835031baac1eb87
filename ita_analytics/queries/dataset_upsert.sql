-- Record a load into a dataset: a new dataset, or the newest load of a known one.
insert into datasets values ($dataset, $synthetic, $import_id, $import_id)
on conflict (dataset) do update set updated_import_id = excluded.updated_import_id

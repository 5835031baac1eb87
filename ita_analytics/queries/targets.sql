-- Every target with the years it is in force, its status and its source.
select metric, first_year, last_year, value, comparison, status, note, note_th, source, source_th, source_url
from targets
order by metric, first_year, last_year

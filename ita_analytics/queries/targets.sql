-- National targets with their sources.
select metric, year, value, comparison, note, note_th, source, source_url
from targets
order by metric, year

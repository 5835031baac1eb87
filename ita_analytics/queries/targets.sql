-- National targets with their sources.
select metric, year, value, comparison, note, source, source_url
from targets
order by metric, year

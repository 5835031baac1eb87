-- Insert an import's per-source scores.
insert into cpi_source_scores (year, iso3, source, score)
select year, iso3, source, score
from staged_cpi_sources

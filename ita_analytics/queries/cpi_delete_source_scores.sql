-- Drop the source scores of every (year, iso3) an import brings source columns for.
delete from cpi_source_scores as s
using staged_cpi as p
where s.year = p.year and s.iso3 = p.iso3

-- Every figure NACC published beyond the national series, with its source; preferred first.
select fiscal_year, scope, code, measure, value, source_url, note, preferred
from published_figures
order by fiscal_year, scope, code, measure, preferred desc

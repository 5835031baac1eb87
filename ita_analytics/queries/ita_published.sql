-- The national ITA results as published by NACC, with their sources.
select fiscal_year, agencies, respondents, mean_score, passed, pass_rate, source_url, note
from ita_published
order by fiscal_year

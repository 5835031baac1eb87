-- The national ITA results as published by NACC, with their sources (FY2018: local bodies only).
select fiscal_year, coverage, agencies, respondents, mean_score, passed, pass_rate, source_url, note
from ita_published
order by fiscal_year

-- Per dataset and fiscal year: results held, how many are synthetic, tool and indicator completeness, the count NACC
-- published, the coverage (held / published) and whether the year is a census (declared, or 90% coverage or more).
select
    r.dataset,
    r.fiscal_year,
    count(*) as results,
    count(*) filter (where r.synthetic) as synthetic_results,
    avg((r.iit is not null)::integer) as with_tools,
    avg((r.i1 is not null)::integer) as with_indicators,
    p.agencies as published_agencies,
    count(*) / p.agencies as coverage,
    coalesce(any_value(y.census), false) or coalesce(count(*) >= 0.9 * p.agencies, false) as census,
    p.mean_score as published_mean,
    p.pass_rate as published_pass_rate
from ita_results as r
left join ita_published as p on p.fiscal_year = r.fiscal_year and p.coverage = 'all'
left join dataset_years as y on y.dataset = r.dataset and y.fiscal_year = r.fiscal_year
group by r.dataset, r.fiscal_year, p.agencies, p.mean_score, p.pass_rate
order by r.dataset, r.fiscal_year

-- Per fiscal year: results held, how many are synthetic, tool and indicator completeness, published count.
select
    r.fiscal_year,
    count(*) as results,
    count(*) filter (where r.synthetic) as synthetic_results,
    avg((r.iit is not null)::integer) as with_tools,
    avg((r.i1 is not null)::integer) as with_indicators,
    p.agencies as published_agencies,
    p.mean_score as published_mean,
    p.pass_rate as published_pass_rate
from ita_results as r
left join ita_published as p using (fiscal_year)
group by r.fiscal_year, p.agencies, p.mean_score, p.pass_rate
order by r.fiscal_year

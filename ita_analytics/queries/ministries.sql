-- The ministries (สังกัด) named by agencies in a fiscal year, with how many agencies each has.
select ministry, count(*) as agencies
from ita_filtered($dataset, null, null, null, null, null)
where fiscal_year = $year and ministry is not null
group by ministry
order by ministry

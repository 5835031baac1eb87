-- Mean of each tool (iit, eit and from FY2023 its parts eit1 and eit2, oit) and indicator (i1–i10) per fiscal year; agencies = non-missing values.
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
),
long as (
    unpivot (select fiscal_year, iit, eit, eit1, eit2, oit, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10 from filtered)
    on iit, eit, eit1, eit2, oit, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10
    into name metric value value
)
select fiscal_year, metric, avg(value) as mean_score, count(value) as agencies
from long
group by fiscal_year, metric
order by fiscal_year, metric

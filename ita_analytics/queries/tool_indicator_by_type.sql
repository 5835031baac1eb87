-- Mean of each tool and indicator per fiscal year and agency type (long format).
with filtered as (
    select * from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
),
long as (
    unpivot (select fiscal_year, type_code, iit, eit, oit, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10 from filtered)
    on iit, eit, oit, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10
    into name metric value value
)
select l.fiscal_year, l.type_code, t.short_th as name_th, t.short_en as name_en, l.metric, avg(l.value) as mean_score,
       count(l.value) as agencies
from long as l
join agency_types as t using (type_code)
group by l.fiscal_year, l.type_code, t.short_th, t.short_en, t.sort_order, l.metric
order by l.fiscal_year, t.sort_order, l.metric

-- The median of each indicator per agency type in fiscal year $year, over all the dataset's agencies of that type.
select type_code,
       median(i1) as i1, median(i2) as i2, median(i3) as i3, median(i4) as i4, median(i5) as i5,
       median(i6) as i6, median(i7) as i7, median(i8) as i8, median(i9) as i9, median(i10) as i10
from ita_filtered($dataset, null, null, null, null, null)
where fiscal_year = $year
group by type_code

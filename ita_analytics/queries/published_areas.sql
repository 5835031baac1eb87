-- The provinces of each area NACC's statements name, with the area's names.
select area, province_code, name_th, name_en
from published_areas
order by area, province_code

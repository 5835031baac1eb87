-- ITA means per unit of analysis and fiscal year. $unit picks the unit from a fixed set (national,
-- region, province, type, agency); it is a bound value compared in SQL, never pasted into the text.
with filtered as (
    select
        *,
        case $unit
            when 'national' then 'TH'
            when 'region' then region
            when 'province' then province_code
            when 'type' then type_code
            when 'agency' then agency_code
        end as unit
    from ita_filtered($dataset, $years, $types, $groups, $regions, $provinces)
)
select
    unit, fiscal_year, count(*) as agencies,
    -- the province a province or agency lies in, so province-level imported indicators can be joined
    case when $unit in ('province', 'agency') then any_value(province_code) end as province_code,
    avg(score) as mean_score, median(score) as median_score, avg(passed::integer) as pass_rate,
    avg(iit) as iit, avg(eit) as eit, avg(oit) as oit,
    avg(i1) as i1, avg(i2) as i2, avg(i3) as i3, avg(i4) as i4, avg(i5) as i5,
    avg(i6) as i6, avg(i7) as i7, avg(i8) as i8, avg(i9) as i9, avg(i10) as i10
from filtered
where unit is not null
group by unit, fiscal_year
order by unit, fiscal_year

-- Agencies whose code or Thai or English name matches the text, best match first. Every word found
-- beats some words found, which beats a near spelling (Jaro-Winkler), so typos still find something.
with words as (
    select string_split(lower($text), ' ') as tokens
),
candidates as (
    select
        a.agency_code, a.name_th, a.name_en, a.type_code, a.province_code,
        lower(a.agency_code || ' ' || a.name_th || ' ' || coalesce(a.name_en, '')) as haystack
    from agencies as a
),
scored as (
    select
        c.*,
        list_avg(list_transform(w.tokens, lambda t: contains(c.haystack, t)::integer)) as share_found,
        greatest(
            jaro_winkler_similarity(lower(c.name_th), lower($text)),
            jaro_winkler_similarity(lower(coalesce(c.name_en, '')), lower($text)),
            jaro_winkler_similarity(lower(c.agency_code), lower($text))
        ) as similarity
    from candidates as c, words as w
)
select
    s.agency_code, s.name_th, s.name_en, s.type_code, s.province_code,
    case
        when lower(s.agency_code) = lower($text) then 3.0
        when starts_with(lower(s.name_th), lower($text)) or starts_with(lower(coalesce(s.name_en, '')), lower($text))
            then 2.5 - length(s.haystack) / 1000.0
        when s.share_found = 1 then 2.0 - length(s.haystack) / 1000.0
        else greatest(s.share_found, s.similarity)
    end as match_score,
    t.name_th as type_name_th,
    t.name_en as type_name_en
from scored as s
join agency_types as t using (type_code)
where s.share_found > 0 or s.similarity >= 0.85
order by match_score desc, s.agency_code
limit $n

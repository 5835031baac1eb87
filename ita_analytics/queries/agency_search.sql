-- Agencies whose code or Thai or English name matches the text, best match first: the exact code, then a name
-- that is the text (in any of its forms), one that begins with it, one that holds it whole, every word found, and
-- last some words found or a near spelling (Jaro-Winkler), so typos still find something. $forms are the text
-- compacted (no spaces or dots, lower case) as written and with a leading local type word spelled out and
-- abbreviated (เทศบาลนคร / ทน., องค์การบริหารส่วนตำบล / อบต.), so either finds the other; names are compacted alike.
with query as (
    select string_split(lower($text), ' ') as tokens, $forms::varchar[] as forms
),
candidates as (
    select
        a.agency_code, a.name_th, a.name_en, a.type_code, a.province_code,
        lower(a.agency_code || ' ' || a.name_th || ' ' || coalesce(a.name_en, '')) as haystack,
        lower(regexp_replace(a.name_th, '[\s.]+', '', 'g')) as compact_th,
        lower(regexp_replace(coalesce(a.name_en, ''), '[\s.]+', '', 'g')) as compact_en
    from agencies as a
),
scored as (
    select
        c.*,
        list_avg(list_transform(q.tokens, lambda t: contains(c.haystack, t)::integer)) as share_found,
        coalesce(list_bool_or(list_transform(q.forms, lambda f: f in (c.compact_th, c.compact_en))), false) as exact,
        coalesce(list_bool_or(list_transform(
            q.forms, lambda f: starts_with(c.compact_th, f) or (c.compact_en <> '' and starts_with(c.compact_en, f))
        )), false) as begins,
        coalesce(list_bool_or(list_transform(
            q.forms, lambda f: contains(c.compact_th, f) or contains(c.compact_en, f)
        )), false) as whole,
        greatest(
            coalesce(list_max(list_transform(q.forms, lambda f: jaro_winkler_similarity(c.compact_th, f))), 0),
            coalesce(list_max(list_transform(q.forms, lambda f: jaro_winkler_similarity(c.compact_en, f))), 0),
            jaro_winkler_similarity(lower(c.agency_code), lower($text))
        ) as similarity
    from candidates as c, query as q
)
select
    s.agency_code, s.name_th, s.name_en, s.type_code, s.province_code,
    case
        when lower(s.agency_code) = lower($text) then 3.0
        when s.exact then 2.9
        when s.begins then 2.5 - length(s.haystack) / 1000.0
        when s.whole then 2.2 - length(s.haystack) / 1000.0
        when s.share_found = 1 then 2.0 - length(s.haystack) / 1000.0
        else (s.share_found + s.similarity) / 2
    end as match_score,
    t.name_th as type_name_th,
    t.name_en as type_name_en
from scored as s
join agency_types as t using (type_code)
where s.share_found > 0 or s.whole or s.similarity >= 0.85
order by match_score desc, s.agency_code
limit $n

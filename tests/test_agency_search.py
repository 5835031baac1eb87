"""Finding an agency: the search lists its matches to pick from (an exact code or name first) and opens a profile only
when the reader picks one, so a typo never opens another agency's profile; a type word matches spelled out or
abbreviated either way (เทศบาลนคร … finds ทน. …, อบต. … finds องค์การบริหารส่วนตำบล …). A link ?agency=CODE still
opens that agency (test_app_ita_cpi_agency_data.py)."""

from __future__ import annotations

import pytest
from app_support import chart_keys, library, metrics, rerun, run_app, url
from conftest import unescaped

from ita_analytics import aggregate, db, i18n
from ita_analytics.ingest import import_ita

pytestmark = pytest.mark.usefixtures("fresh_caches")

TYPO, TYPO_MEANT = "อบต.ตวอย่าง 3598", "SAO-03598"  # ตัวอย่าง without its ั
HEADER = "ปีงบประมาณ,รหัสหน่วยงาน,ชื่อหน่วยงาน,ประเภทหน่วยงาน,จังหวัด,คะแนนรวม"
#: Names as published: abbreviated (ทน., อบต. with a space) or spelled out (เทศบาลเมือง, องค์การบริหารส่วนจังหวัด).
NAKHON_SI = [
    ("B001", "ทน.นครศรีธรรมราช", "ทน.", 90),
    ("B002", "เทศบาลเมืองทุ่งสง", "ทม.", 80),
    ("B003", "อบต. นาเคียน", "อบต.", 70),
    ("B004", "องค์การบริหารส่วนจังหวัดนครศรีธรรมราช", "อบจ.", 88),
    ("B005", "เทศบาลนครนครศรีธรรมราชสาขา", "ทน.", 60),  # begins with the same words: after the exact name
]


@pytest.fixture
def nakhon_si_db(facts_db, tmp_path):
    path = tmp_path / "nakhon_si.csv"
    rows = [f"2568,{code},{name},{kind},นครศรีธรรมราช,{score}" for code, name, kind, score in NAKHON_SI]
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    import_ita(path, facts_db)
    return facts_db


def first_codes(db_path, text: str, n: int = 3) -> list[str]:
    return library(db_path, "search_agencies", text, 20)["agency_code"].tolist()[:n]


@pytest.mark.parametrize(
    "text, code",
    [
        ("เทศบาลนครนครศรีธรรมราช", "B001"),  # spelled out, stored as ทน.
        ("ทน. นครศรีธรรมราช", "B001"),
        ("ทนนครศรีธรรมราช", "B001"),  # without the dot
        ("ทม.ทุ่งสง", "B002"),  # abbreviated, stored spelled out
        ("เทศบาลเมือง ทุ่งสง", "B002"),
        ("องค์การบริหารส่วนตำบลนาเคียน", "B003"),  # stored "อบต. นาเคียน"
        ("อ.บ.ต.นาเคียน", "B003"),
        ("องค์กรบริหารส่วนตำบลนาเคียน", "B003"),  # องค์กร, a common misspelling of องค์การ
        ("อบจ.นครศรีธรรมราช", "B004"),
        ("B005", "B005"),
    ],
)
def test_type_words_match_spelled_out_or_abbreviated_either_way(nakhon_si_db, text, code):
    assert first_codes(nakhon_si_db, text, 1) == [code]


def test_the_exact_name_comes_before_names_that_begin_with_it(nakhon_si_db):
    found = library(nakhon_si_db, "search_agencies", "เทศบาลนครนครศรีธรรมราช", 20)
    assert found["agency_code"].tolist()[:2] == ["B001", "B005"]
    assert found["match_score"].iloc[0] > found["match_score"].iloc[1]


def test_search_forms_are_the_name_as_written_spelled_out_and_abbreviated():
    assert aggregate.search_forms("เทศบาลนคร นครศรีธรรมราช") == ["เทศบาลนครนครศรีธรรมราช", "ทนนครศรีธรรมราช"]
    assert aggregate.search_forms("อ.บ.ต. สอง") == ["อบตสอง", "องค์การบริหารส่วนตำบลสอง"]
    assert aggregate.search_forms("ทนาย") == ["ทนาย"]  # ทน without a dot before a vowel is no abbreviation
    assert aggregate.search_forms("Sample SAO 0001") == ["samplesao0001"]


def test_a_typo_finds_the_agency_meant_first_among_others(demo_db):
    with db.connect(demo_db) as con:
        found = aggregate.search_agencies(con, TYPO, 20)
    assert found["agency_code"].iloc[0] == TYPO_MEANT
    assert len(found) > 1 and found["match_score"].iloc[0] < 2  # a near match, not an exact one


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_typo_shows_a_pick_list_and_opens_nothing(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, "agency", {"find": TYPO, **({"lang": "en"} if lang == "en" else {})})
    picker = at.radio(key="agency")
    found = library(demo_db, "search_agencies", TYPO, 20)
    assert picker.value is None and len(picker.options) == len(found) > 1
    assert unescaped(picker.options[0]).startswith(
        f"{found['name_en' if lang == 'en' else 'name_th'].iloc[0]} ({TYPO_MEANT}) · "
    )
    assert i18n.t("agency_matches", lang).format(n=len(found)) in [c.value for c in at.caption]
    assert not metrics(at) and not chart_keys(at) and not at.subheader  # no profile until one is picked
    assert url(at, "agency") == []
    picker.set_value(TYPO_MEANT)
    rerun(at)
    assert unescaped(at.subheader[0].value) == found["name_en" if lang == "en" else "name_th"].iloc[0]
    assert chart_keys(at) == ["agency_history"] and url(at, "agency") == [TYPO_MEANT]


def test_an_exact_code_comes_first_but_is_picked_too(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, "agency", {"find": "sao-00012"})
    picker = at.radio(key="agency")
    assert picker.options[0].startswith("อบต\\.ตัวอย่าง 0012") and "SAO\\-00012" in picker.options[0]
    assert picker.value is None and not metrics(at)


def test_a_full_type_word_lists_the_abbreviated_name_first(monkeypatch, nakhon_si_db):
    at = run_app(monkeypatch, nakhon_si_db, "agency", {"find": "เทศบาลนครนครศรีธรรมราช"})
    picker = at.radio(key="agency")
    assert unescaped(picker.options[0]) == "ทน.นครศรีธรรมราช (B001) · เทศบาลนคร · นครศรีธรรมราช"
    picker.set_value("B001")
    rerun(at)
    assert metrics(at)["คะแนนรวม 2568"][0] == "90.00"

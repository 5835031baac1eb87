"""The shipped facts and the look-ups importers match names against."""

from __future__ import annotations

import pandas as pd
import pytest

from ita_analytics import ratings, reference, target_rules


def test_77_provinces_in_six_regions():
    provinces = reference.provinces()
    assert len(provinces) == 77 and provinces["province_code"].is_unique
    assert provinces["region"].value_counts().to_dict() == {
        "central": 22,
        "northeast": 20,
        "south": 14,
        "north": 9,
        "east": 7,
        "west": 5,
    }
    by_name = provinces.set_index("name_en")["region"]
    assert by_name["Bangkok"] == "central" and by_name["Phang-nga"] == "south" and by_name["Tak"] == "west"


@pytest.mark.parametrize(
    "text, code",
    [
        ("เชียงใหม่", "50"),
        ("จ.เชียงใหม่", "50"),
        ("จังหวัดเชียงใหม่", "50"),
        (" Chiang Mai ", "50"),
        ("CHIANG MAI", "50"),
        ("50", "50"),
        ("กรุงเทพมหานคร", "10"),
        ("กทม.", "10"),
        ("Bangkok", "10"),
        ("Phangnga", "82"),
        ("Phang-nga", "82"),
        ("Atlantis", None),
        ("99", None),
        ("", None),
    ],
)
def test_province_spellings(text, code):
    assert reference.match_province(text) == code


@pytest.mark.parametrize(
    "text, code",
    [
        ("อบต.", "sao"),
        ("อบต", "sao"),
        ("องค์การบริหารส่วนตำบล (อบต.)", "sao"),
        ("SAO", "sao"),
        ("ทต.", "subdistrict_municipality"),
        ("ทม.", "town_municipality"),
        ("ทน.", "city_municipality"),
        ("อบจ.", "pao"),
        ("department", "department"),
        ("Department-level agency", "department"),
        ("ส่วนราชการระดับกรม", "department"),
        ("เมืองพัทยา", "special_local"),
        ("หมู่บ้าน", None),
        # every wording NACC has used for the 17 types it reports (FY2022 and FY2023 Cabinet tables), and English
        ("หน่วยงานของรัฐสภา", "parliament"),
        ("หน่วยงานในสังกัดรัฐสภา", "parliament"),
        ("Parliamentary agency", "parliament"),
        ("หน่วยงานของศาล", "court"),
        ("องค์กรศาล", "court"),
        ("Court agency", "court"),
        ("หน่วยงานขององค์กรอิสระตามรัฐธรรมนูญ", "independent"),
        ("องค์กรอิสระ", "independent"),
        ("Independent organisation", "independent"),
        ("หน่วยงานของอัยการ", "prosecutor"),
        ("องค์กรอัยการ", "prosecutor"),
        ("Public prosecution", "prosecutor"),
        ("กรมหรือเทียบเท่า", "department"),
        ("ส่วนราชการระดับกรม (กรมหรือเทียบเท่า)", "department"),
        ("องค์การมหาชน", "public_org"),
        ("รัฐวิสาหกิจ", "state_enterprise"),
        ("หน่วยงานของรัฐอื่น ๆ", "other_state"),
        ("หน่วยงานของรัฐอื่นๆ", "other_state"),
        ("Other state agency", "other_state"),
        ("กองทุน", "fund"),
        ("Fund", "fund"),
        ("สถาบันอุดมศึกษา", "university"),
        ("จังหวัด", "province"),
        ("องค์การบริหารส่วนจังหวัด (อบจ.)", "pao"),
        ("เทศบาลนคร (ทน.)", "city_municipality"),
        ("เทศบาลเมือง (ทม.)", "town_municipality"),
        ("เทศบาลตำบล (ทต.)", "subdistrict_municipality"),
        ("อปท. รูปแบบพิเศษ", "special_local"),
        ("อปท. รูปแบบพิเศษ (กรุงเทพมหานคร, เมืองพัทยา)", "special_local"),
        ("องค์กรปกครองส่วนท้องถิ่นรูปแบบพิเศษ", "special_local"),
        # the combined type of earlier versions is four types now: it cannot be read as one (no guessing)
        ("หน่วยธุรการขององค์กรศาล องค์กรอิสระ องค์กรอัยการ และหน่วยงานในสังกัดรัฐสภา", None),
    ],
)
def test_agency_type_spellings(text, code):
    assert reference.match_type(text) == code


def test_agency_types_are_the_17_nacc_reports():
    types = reference.agency_types()
    nacc = types[types["type_group"] != "not_stated"]  # and one for agencies whose type a file does not give
    assert len(nacc) == 17 and types["sort_order"].tolist() == list(range(1, 19))
    assert nacc.groupby("type_group").size().to_dict() == {"central": 10, "local": 6, "provincial": 1}
    assert {"parliament", "court", "independent", "prosecutor", "fund"} <= set(types["type_code"])
    assert types["short_th"].str.len().max() <= 20 and types["short_en"].str.len().max() <= 30  # fit 17 in a chart


def test_no_two_types_share_a_spelling():
    seen = {}
    for row in reference.read_fact("agency_types").itertuples():
        for name in [row.type_code, row.name_th, row.name_en, *str(row.aliases).split("|")]:
            key = reference.normalise_key(name)
            assert seen.setdefault(key, row.type_code) == row.type_code, name


def test_published_series_and_targets_carry_sources():
    published = reference.read_fact("ita_published")
    assert published["source_url"].str.startswith("https://").all()
    assert published.set_index("fiscal_year").loc[2025, ["agencies", "mean_score", "passed"]].tolist() == [
        8317,
        93.82,
        7832,
    ]
    assert published.set_index("fiscal_year").loc[2018, "coverage"] == "local"  # FY2018: local bodies only
    targets = reference.read_fact("targets")
    assert targets["source"].notna().all() and set(targets["status"]) == {"adopted", "superseded", "one_source"}
    figures = reference.read_fact("ita_published_figures")
    assert figures["source_url"].str.startswith("https://").all()


@pytest.mark.parametrize(
    "year, pass_rate, mean",
    [
        (2018, 0.8, None),
        (2019, 0.8, None),
        (2020, 0.5, None),
        (2021, 0.8, None),
        (2022, 0.8, None),
        (2023, 1.0, 89),
        (2024, 1.0, 89),
        (2025, 1.0, 89),
        (2026, 1.0, 89),
        (2027, 1.0, 89),
        (2028, None, None),
    ],
)
def test_targets_in_force_each_year(year, pass_rate, mean):
    targets = reference.read_fact("targets")
    assert target_rules.value_in_force(targets, year, "ita_pass_rate") == pass_rate
    assert target_rules.value_in_force(targets, year, "ita_mean") == mean
    # a page's result metrics are read against the same targets; counts have none
    assert target_rules.result_target(targets, year, "pass_rate") == pass_rate
    assert target_rules.result_target(targets, year, "mean_score") == mean
    assert target_rules.result_target(targets, year, "agencies") is None


def test_superseded_targets_are_kept_with_their_sources_but_never_in_force():
    targets = reference.read_fact("targets")
    fy2023 = targets[(targets["metric"] == "ita_pass_rate") & (targets["first_year"] == 2023)]
    assert sorted(fy2023["value"]) == [0.84, 0.85, 1.0]
    assert set(fy2023.loc[fy2023["value"] < 1, "status"]) == {"superseded"}
    assert fy2023["source_url"].notna().all()


def test_cpi_facts_match_ti_for_thailand():
    cpi = reference.read_fact("cpi_asean").set_index(["iso3", "year"])
    assert cpi.loc[("THA", 2025), ["score", "rank", "sources"]].tolist() == [33, 116, 9]
    assert cpi.loc[("THA", 2012), "score"] == 37
    assert set(cpi.index.get_level_values("iso3")) == {
        "THA",
        "SGP",
        "MYS",
        "IDN",
        "VNM",
        "PHL",
        "KHM",
        "LAO",
        "MMR",
        "BRN",
        "TLS",
    }
    sources = reference.read_fact("cpi_thailand_sources")
    assert sources.groupby("year").size().loc[2025] == 9
    assert set(sources["source"]) <= set(reference.cpi_source_lookup().values())


@pytest.mark.parametrize(
    "score, band",
    [
        (100, "AA"),
        (95, "AA"),
        (94.99, "A"),
        (85, "A"),
        (84.99, "B"),
        (75, "B"),
        (74.99, "C"),
        (65, "C"),
        (55, "D"),
        (54.99, "E"),
        (50, "E"),
        (49.99, "F"),
        (0, "F"),
    ],
)
@pytest.mark.parametrize("year", [2019, 2022])
def test_aa_f_bands_on_the_total_alone_to_fy2022(score, band, year):
    assert ratings.rating(pd.DataFrame({"fiscal_year": [year], "score": [score]})).iloc[0] == band


FIVE = ("iit", "eit1", "eit2", "oit")


def _five(score: float, *tools: float | None) -> object:
    frame = pd.DataFrame({"fiscal_year": [2024], "score": [score], **dict(zip(FIVE, [[t] for t in tools]))})
    return ratings.rating(frame).iloc[0]


@pytest.mark.parametrize(
    "score, tools, band",
    [
        (95.00, (95, 95, 95, 95), "excellent"),
        (96.00, (94.99, 99, 99, 99), "good"),  # one tool under 95: not excellent
        (94.99, (99, 99, 99, 95), "good"),  # the total under 95
        (94.64, (84.99, 99, 99, 99), "pass"),  # the State Audit Office, FY2025: a tool under 85
        (85.00, (85, 85, 85, 85), "good"),
        (85.00, (85, 84.99, 85, 85.01), "pass"),
        (84.99, (99, 99, 99, 99), "improve"),  # under 85, whatever the tools
        (70.00, (None, None, None, None), "improve"),  # tools do not matter below 85
        (69.99, (None, None, None, None), "urgent"),
        (0.00, (0, 0, 0, 0), "urgent"),
        (90.00, (None, None, None, None), None),  # passed, band unknown: no guess
        (97.00, (99, None, 99, 99), None),  # excellent or good cannot be told without every tool
        (90.00, (80, None, None, None), "pass"),  # a known tool under 85 settles it
        (96.00, (90, None, None, None), None),  # good or pass? not excellent, but the rest is unknown
    ],
)
def test_five_bands_from_fy2023_look_at_every_tool(score, tools, band):
    got = _five(score, *tools)
    assert got == band if band else pd.isna(got)


def test_each_year_s_weights_and_scheme_come_from_data():
    assert dict(ratings.framework_for(2022).weights) == {"iit": 0.3, "eit": 0.3, "oit": 0.4}
    assert dict(ratings.framework_for(2023).weights) == {"iit": 0.3, "eit1": 0.15, "eit2": 0.15, "oit": 0.4}
    assert [ratings.scheme_for(y) for y in (2018, 2022, 2023, 2030)] == ["aa_f", "aa_f", "five_band", "five_band"]
    with pytest.raises(ValueError, match="2017"):
        ratings.framework_for(2017)
    rows = pd.DataFrame(
        {
            "fiscal_year": [2022, 2023],
            "score": [0, 0],
            "iit": [80, 82.44],
            "eit": [90, None],
            "eit1": [None, 79.40],
            "eit2": [None, 82.24],
            "oit": [70, 100],
        }
    )
    # FY2022: 0.3·80 + 0.3·90 + 0.4·70; Bangkok FY2023: 0.3·82.44 + 0.15·79.40 + 0.15·82.24 + 0.4·100 = 88.98
    assert ratings.expected_total(rows).round(2).tolist() == [79.0, 88.98]


def test_indicator_8_is_named_as_in_each_year():
    assert ratings.indicator_name("i8", 2021, "th") == "การปรับปรุงการทำงาน"
    assert ratings.indicator_name("i8", 2022, "th") == "การปรับปรุงระบบการทำงาน"
    assert ratings.indicator_name("i8", None, "en") == "Improvement of working systems"


def test_band_names_in_both_languages():
    assert ratings.band_name("excellent", "th") == "ผ่านดีเยี่ยม" and ratings.band_name("urgent", "en") == (
        "Needs urgent improvement"
    )
    names = ratings.band_names(pd.Series(["AA", None, None]), "en", pd.Series([True, True, False]))
    assert names.tolist() == ["AA", "Passed, band unknown", ""]


def test_an_eit_given_whole_from_fy2023_decides_what_it_can():
    def rate(score, eit):
        frame = pd.DataFrame({"fiscal_year": [2024], "score": [score], "iit": [99.0], "eit": [eit], "oit": [99.0]})
        return ratings.rating(frame).iloc[0]

    assert rate(90, 84.0) == "pass"  # the mean of the two parts under 85: one part is
    assert pd.isna(rate(90, 88.0))  # both parts may or may not be at 85 or more
    assert pd.isna(rate(96, 94.0))  # not excellent (a part is under 95), but good or pass cannot be told

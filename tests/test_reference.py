"""The shipped facts and the look-ups importers match names against."""

from __future__ import annotations

import pandas as pd
import pytest

from ita_analytics import ratings, reference


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
    ],
)
def test_agency_type_spellings(text, code):
    assert reference.match_type(text) == code


def test_agency_types_match_the_controlled_list():
    types = reference.agency_types()
    assert len(types) == 13
    assert types.groupby("type_group").size().to_dict() == {"central": 6, "local": 6, "provincial": 1}


def test_published_series_and_targets_carry_sources():
    published = reference.read_fact("ita_published")
    assert published["source_url"].str.startswith("https://").all()
    assert published.set_index("fiscal_year").loc[2025, ["agencies", "mean_score", "passed"]].tolist() == [
        8317,
        93.82,
        7832,
    ]
    targets = reference.read_fact("targets")
    assert targets["source"].notna().all()
    assert targets.set_index(["metric", "year"]).loc[("ita_pass_rate", 2022), "value"] == 0.8


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
        (65, "C"),
        (55, "D"),
        (50, "E"),
        (49.99, "F"),
        (0, "F"),
    ],
)
def test_rating_bands(score, band):
    assert ratings.rating(pd.Series([score])).iloc[0] == band


def test_official_labels_change_in_2023():
    assert ratings.official_label(96, 2022) == "AA"
    assert [ratings.official_label(s, 2023) for s in (96, 85, 84.99)] == ["ผ่านดี", "ผ่าน", "ไม่ผ่าน"]

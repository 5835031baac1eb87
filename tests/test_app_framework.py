"""The pages speak each year's ITA as NACC ran it: the year's rating scheme, the target in force, NACC's published
figures beside the computed ones (AppTest on the demo database, FY2022 and FY2025, Thai and English)."""

from __future__ import annotations

import pytest
from app_support import decoded, figure, metrics, ranking, run_app

from ita_analytics import db as ita_db
from ita_analytics import i18n, published, ratings

pytestmark = pytest.mark.usefixtures("fresh_caches")
AA_F = {"AA", "A", "B", "C", "D", "E", "F"}
FIVE = {ratings.band_name(b, lang) for b in ("excellent", "good", "pass", "improve", "urgent") for lang in ("th", "en")}


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("year, target", [(2022, "80%"), (2025, "100%")])
def test_the_overview_holds_the_year_to_the_target_in_force_then(monkeypatch, demo_db, lang, year, target):
    at = run_app(monkeypatch, demo_db, query={"year": str(year), **({"lang": "en"} if lang == "en" else {})})
    shown = {m.label: m for m in at.metric}
    card = shown[i18n.t("kpi_pass_rate", lang)]
    assert card.proto.help == i18n.t("kpi_target_in_force", lang).format(year=i18n.year_label(year, lang), value=target)
    mean_card = shown[i18n.t("kpi_mean", lang)]
    assert (mean_card.proto.help == "") == (year == 2022)  # a mean target (89) is set from FY2023 only
    sentence = at.info[0].value
    assert target.rstrip("%") in sentence
    # the pass-rate chart's target steps: 50% in FY2020, 80% to FY2022, 100% from FY2023
    fig = figure(at, "overview_pass_rate")
    (steps,) = [t for t in fig["data"] if t["name"] == i18n.t("chart_target_in_force", lang)]
    levels = [v for v in decoded(steps["y"]) if v is not None]
    assert levels[:2] == [0.8, 0.8] and 0.5 in levels and levels[-1] == 1.0


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_rating_chart_shows_each_year_in_its_own_scheme(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, query={"lang": "en"} if lang == "en" else {})
    fig = figure(at, "overview_ratings")
    bars = {t["name"].replace("<br>", " "): t for t in fig["data"] if t.get("type") == "bar"}  # names wrap
    years = decoded(bars["AA"]["x"])
    aa = decoded(bars["AA"]["y"])
    excellent = decoded(bars[ratings.band_name("excellent", lang)]["y"])

    def held(value) -> bool:
        return value is not None and value == value  # not None, not NaN

    for year, old, new in zip(years, aa, excellent):
        assert (held(old), held(new)) == ((True, False) if year <= 2022 else (False, True)), year  # no AA–F from 2023
    assert fig["layout"]["shapes"][0]["x0"] == 2022.5  # the change of scheme, marked
    (marks,) = [t for t in fig["data"] if t["name"] == i18n.t("chart_published_nacc", lang)]
    assert set(decoded(marks["x"])) == {2019, 2023, 2024}  # the years NACC published its bands


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("year", [2022, 2025])
def test_rankings_and_profiles_name_the_year_s_bands(monkeypatch, demo_db, lang, year):
    query = {"year": str(year), "type": "court", **({"lang": "en"} if lang == "en" else {})}
    at = run_app(monkeypatch, demo_db, "types", query)
    shown = ranking(at, lang)
    bands = {band for cell in shown[i18n.t("rating", lang)] for band in cell}
    assert bands and (bands <= AA_F if year == 2022 else not bands & AA_F)
    at = run_app(monkeypatch, demo_db, "agency", {"agency": "SAO-00012", **({"lang": "en"} if lang == "en" else {})})
    band = metrics(at)[i18n.t("rating", lang)][0]
    assert band in FIVE  # the profile shows the newest year, FY2025: a five-band name, in the page's language


def test_the_types_page_marks_nacc_s_type_means_in_a_year_it_published_them(monkeypatch, demo_db):
    with ita_db.connect(demo_db) as con:
        nacc = published.by_type(con)
    nacc = nacc[nacc["fiscal_year"] == 2023].set_index("type_code")
    at = run_app(monkeypatch, demo_db, "types", {"year": "2023", "lang": "en"})
    fig = figure(at, "types_distribution")
    (marks,) = [t for t in fig["data"] if t["name"] == "mean published by NACC"]
    assert len(decoded(marks["x"])) == 17 and sorted(decoded(marks["x"])) == sorted(nacc["mean_score"])
    at = run_app(monkeypatch, demo_db, "types", {"year": "2025", "lang": "en"})  # none published for FY2025
    assert not [t for t in figure(at, "types_distribution")["data"] if t["name"] == "mean published by NACC"]


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_data_page_reconciles_every_published_figure(monkeypatch, demo_db, lang):
    at = run_app(monkeypatch, demo_db, "data", {"lang": "en"} if lang == "en" else {})
    with ita_db.connect(demo_db) as con:
        expected = published.reconciliation(con)
    tables = [f.value for f in at.dataframe if i18n.t("computed", lang) in f.value.columns]
    assert len(tables) == 1 and len(tables[0]) == len(expected)
    table = tables[0]
    national = table[table[i18n.t("subject", lang)] == i18n.t("scope_national", lang)]
    assert len(national) >= 7 * 4  # FY2019–FY2025: agencies, mean, passed, pass rate each
    assert (table[i18n.t("published", lang)] != "–").all()


def test_the_cpi_rank_card_says_its_change_in_words(monkeypatch, demo_db):
    at = run_app(monkeypatch, demo_db, query={"lang": "en"})
    (card,) = [m for m in at.metric if m.label.startswith(i18n.t("kpi_cpi_rank", "en"))]
    assert card.value == "116" and card.proto.delta == "9 places worse (rank 107 the year before)"
    assert card.proto.color != "" and "+" not in card.proto.delta

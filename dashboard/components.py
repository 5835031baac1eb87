"""Presentation pieces every page shares: charts with source, data and download; tables; badges."""

from __future__ import annotations

import dataclasses
import functools
import re
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ita_analytics import aggregate, datasets, i18n, ratings, reference, spreadsheets
from ita_analytics.charts import images, theme
from ita_analytics.charts.theme import RATING_COLOURS
from ita_analytics.filters import Filters

from . import cache, live_chart, sidebar

#: Columns of chart data that hold a year (C.E. in the data): shown as B.E. on Thai pages.
YEAR_COLUMNS = ("fiscal_year", "year", "cpi_year", "current_year", "first_year", "last_year")
#: Columns of chart data that hold a fraction (0–1) of agencies or, for `weight`, of the total: shown as percentages.
FRACTION_COLUMNS = (
    "pass_rate",
    "published_pass_rate",
    "ita_pass_rate",
    "share",
    "share_95",
    "share_100",
    "share_rising_20",
    "weight",
)
#: Label families of the codes a chart's data holds, by column: tools and indicators (iit, i1), regions (north)
#: and agency type groups (local).
CODE_LABELS = {
    "metric": ("tool_", "indicator_", "region_"),
    "indicator": ("tool_", "indicator_"),
    "region": ("region_",),
    "type_group": ("group_",),
    "scheme": ("chart_scheme_",),
}
CHART_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


#: Where GitHub-flavoured Markdown would turn bare text into a link: before "://" (http://…), between "www" and
#: its dot, and before an e-mail's "@". Streamlit links these after escapes are read, so a backslash cannot stop it.
_AUTOLINK = re.compile(r"(?=://)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def unlinked(text: object) -> str:
    """Return text with its web and e-mail addresses parted by an invisible word joiner (U+2060): it reads the
    same, but Markdown no longer makes the addresses links."""
    return _AUTOLINK.sub("\u2060", str(text))


def md_escape(text: object, links: bool = False) -> str:
    """Return text with Markdown's special characters escaped, so data never becomes links, images or HTML.

    Bare web and e-mail addresses are kept from becoming links too (`unlinked`), unless links=True: for text we or
    an administrator wrote, such as a citation or the administrators' e-mails, with any data in it unlinked first.
    """
    text = str(text) if links else unlinked(text)
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~&:" else c for c in text)


def synthetic_badge(synthetic: bool, lang: str) -> None:
    """Say on screen, prominently, that the agency-level data shown is synthetic."""
    if synthetic:
        st.warning(i18n.t("synthetic_badge", lang), icon="⚠️")


def flagged(frame: pd.DataFrame, synthetic: bool | None) -> pd.DataFrame:
    """Return a frame to download with the `synthetic` column every download carries (README): the frame's own when
    it has one (row by row), else one column holding `synthetic`. None leaves the frame as it is (an example file
    to fill in, which is no data)."""
    if synthetic is None or "synthetic" in frame.columns:
        return frame
    return frame.assign(synthetic=bool(synthetic))


def csv_bytes(frame: pd.DataFrame, synthetic: bool | None = None) -> bytes:
    """Return the frame as CSV in UTF-8 with a BOM, so Excel shows Thai; formula-like text is neutralised. With
    synthetic given, the file carries the `synthetic` column (flagged)."""
    return spreadsheets.csv_bytes(flagged(frame, synthetic))


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", synthetic: bool | None = None) -> bytes:
    """Return the frame as an .xlsx workbook in which no cell runs as a formula, with the `synthetic` column when
    synthetic is given (flagged)."""
    return spreadsheets.workbook_bytes({sheet: flagged(frame, synthetic)})


def says_synthetic(source: str, lang: str) -> bool:
    """Return whether a chart's source line cites the synthetic demo data: what its download's `synthetic` column
    then says (a chart of the CPI alone is not synthetic, whatever the dataset)."""
    return i18n.t("source_ita_synthetic", lang) in source


def dataset_is_synthetic() -> bool:
    """Return whether the dataset the page reads (the sidebar's, else the default) is synthetic: False without
    agency-level results."""
    lang = sidebar.current_language()
    version = cache.database_version(lang, quiet=True)
    if version is None:
        return False
    held = cache.data(version, datasets.datasets)
    _, chosen = st.session_state.get("filters", (0, Filters()))
    name = chosen.dataset or (held["dataset"].iloc[0] if len(held) else None)
    rows = held[held["dataset"] == name]
    return bool(rows["synthetic"].iloc[0]) if len(rows) else False


def show_chart(
    fig: go.Figure,
    frame: pd.DataFrame,
    key: str,
    lang: str,
    source: str,
    alt: str,
    selectable: bool = False,
    synthetic: bool | None = None,
) -> list[dict]:
    """Show a chart (with alt text) and its source line; under it, on demand, its data (table, CSV) and
    slide-ready PNG and SVG images. Return the points a click picked this run (selectable charts only).

    The CSV carries the `synthetic` column: `synthetic`, else whether the source line cites the synthetic data."""
    picked = live_chart.show(fig, key, alt, CHART_CONFIG, selectable=selectable)
    st.caption(md_escape(source, links=True))  # a citation's address stays a link
    # Drawn only while open (a rerun when it opens): a table and four buttons under every chart were elements
    # the browser rebuilt on every filter change, for the few readers who want the data or an image.
    with st.expander(i18n.t("show_data", lang), key=f"{key}_data", on_change="rerun") as data:
        if data.open:
            row = st.container(horizontal=True)
            flag = says_synthetic(source, lang) if synthetic is None else synthetic
            row.download_button(
                i18n.t("download_csv", lang),
                lambda: csv_bytes(frame, flag),
                file_name=f"{key}.csv",
                mime="text/csv",
                key=f"{key}_csv",
                icon=":material/table:",
                type="tertiary",
                on_click="ignore",
            )
            if images.chromium_path() is None:  # say what to install instead of offering buttons that cannot work
                st.caption(md_escape(i18n.t("chart_image_unavailable", lang)))
            else:
                # Chromium draws them with Sarabun only when clicked (a callable, a second or two), slide-sized
                # (images.export_size) and with the source line drawn in.
                for fmt in ("png", "svg"):
                    row.download_button(
                        i18n.t(f"download_{fmt}", lang),
                        lambda fmt=fmt: images.figure_image(with_source(fig, source), fmt),
                        file_name=f"{key}.{fmt}",
                        mime=images.MIME_TYPES[fmt],
                        key=f"{key}_{fmt}",
                        icon=":material/image:",
                        type="tertiary",
                        on_click="ignore",
                    )
            # B.E. years on a Thai page, percentages, and headings in the page's language (the CSV keeps the
            # column names, for those who load it into their own tools).
            years = tuple(c for c in YEAR_COLUMNS if c in frame.columns)
            fractions = tuple(c for c in FRACTION_COLUMNS if c in frame.columns)
            shown, numbers = table_view(frame, lang, years, fractions, headings="chart")
            st.dataframe(shown, hide_index=True, width="stretch", column_config=numbers)
    return picked


def with_source(fig: go.Figure, source: str) -> go.Figure:
    """Return the chart with its source line drawn in, for an image that leaves the page (a copy; fig is shared).

    On the page the source is a caption under the chart; a PNG or SVG pasted into a slide must carry it
    itself, and TI's licence asks for the CPI's citation wherever its data is shown."""
    if not source or any(note.name == "source_note" for note in fig.layout.annotations):
        return fig
    return theme.source_note(go.Figure(fig), source)


def show_table(
    frame: pd.DataFrame,
    lang: str,
    year_columns: tuple[str, ...] = (),
    percent_columns: tuple[str, ...] = (),
    link_columns: tuple[str, ...] = (),
    key: str | None = None,
    height: int | str = "content",
    highlight: pd.Series | None = None,
) -> None:
    """Show a frame with translated headings, B.E./C.E. years, percentages and links; rows where `highlight` (a
    boolean per row) is true on a tinted background (the reader's own unit among its peers)."""
    shown, numbers = table_view(frame, lang, year_columns, percent_columns)
    links = {i18n.t(c, lang): st.column_config.LinkColumn() for c in link_columns}
    data = shown
    if highlight is not None and bool(highlight.any()):  # a Styler only then: it costs a cell-by-cell marshal
        marked = pd.Series(list(highlight.astype(bool)), index=shown.index)
        data = shown.style.apply(lambda row: [HIGHLIGHT_CSS if marked[row.name] else ""] * len(row), axis=1)
    st.dataframe(data, hide_index=True, width="stretch", height=height, key=key, column_config={**numbers, **links})


#: The background of a highlighted table row: the palette's orange, light enough for black text.
HIGHLIGHT_CSS = "background-color: #FCEBC7; font-weight: bold"


def table_view(
    frame: pd.DataFrame,
    lang: str,
    year_columns: tuple[str, ...] = (),
    percent_columns: tuple[str, ...] = (),
    headings: str = "table",
) -> tuple[pd.DataFrame, dict]:
    """Return the frame as shown (translated headings, B.E./C.E. years, percentages, dashes for gaps) and the
    column_config that formats its numbers in the browser: thousands separators, and two decimals unless whole.

    Not a pandas Styler: Streamlit marshals a Styler cell by cell on every run, which was most of a table
    page's time. headings="chart" names a chart's data columns from data/labels/chart_columns.csv rather than
    the shared labels: the same column name means other things elsewhere (`countries` there is "countries in
    this database").
    """
    shown, decimals = cache.shared(_display_frame, frame, lang, tuple(year_columns), tuple(percent_columns), headings)
    return shown, {
        column: st.column_config.NumberColumn(format="%,d" if places == 0 else f"%,.{places}f")
        for column, places in decimals.items()
    }


def _display_frame(
    frame: pd.DataFrame,
    lang: str,
    year_columns: tuple[str, ...],
    percent_columns: tuple[str, ...],
    headings: str = "table",
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Return the frame as shown (headings, years, percentages, dashes) and the decimals of each number column."""
    shown = frame.copy()
    for column in year_columns:
        shown[column] = shown[column].map(lambda y: i18n.year_label(y, lang) if pd.notna(y) else "")
    for column in percent_columns:
        shown[column] = shown[column].map(lambda v: f"{v:.1%}" if pd.notna(v) else "–")
    for column in shown.select_dtypes("datetimetz").columns:
        shown[column] = shown[column].dt.strftime("%Y-%m-%d %H:%M UTC")
    for column in ratings.RATING_COLUMNS:  # bands by name in the page's language, never as codes
        if column in shown.columns:
            passed = shown["passed"] if column == "rating" and "passed" in shown.columns else None
            shown[column] = ratings.band_names(shown[column], lang, passed)
    if headings == "chart":  # a chart's data holds codes of tools, indicators, regions and groups: show names
        for column in CODE_LABELS.keys() & set(shown.columns):
            shown[column] = shown[column].map(
                lambda v, p=CODE_LABELS[column]: i18n.first_label(v, p, lang) if isinstance(v, str) else v
            )
        shown = names_in_language(shown, lang)
    # A chart's data columns have their own labels (chart_columns.csv); tools and indicators go by their names.
    prefixes = ("column_", "tool_", "indicator_") if headings == "chart" else ("",)
    named = {c: i18n.first_label(c, prefixes, lang) for c in shown.columns}
    if len(set(named.values())) != len(named):
        raise ValueError(f"two columns share a heading: {sorted(named.values())}")
    shown = shown.rename(columns=named)
    # The grid prints missing values as "None"; show a dash, and whole numbers without decimals.
    decimals = {}
    for column in shown.select_dtypes("number").columns:
        values = shown[column].astype("float64")
        places = 0 if (values.dropna() % 1 == 0).all() else 2
        if values.isna().any():  # the grid cannot show a dash in a number column, so such a column becomes text
            shown[column] = values.map(lambda v, p=places: "–" if pd.isna(v) else f"{v:,.{p}f}")
        else:
            shown[column], decimals[column] = values, places
    for column in shown.select_dtypes(["object", "string"]).columns:
        shown[column] = shown[column].astype(object).where(shown[column].notna(), "–")
    return shown, decimals


def names_in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return a frame to show with names in the page's language only, and agency types, provinces and ministries
    named.

    name_th and name_en become one `name` in the language (the Thai one where there is no English). Where they
    are a type's or province's own names (no agency_code beside them) that name takes the code's place;
    elsewhere a type or province code becomes its name. Downloads keep the codes and both names."""
    replaced = None
    if {"name_th", "name_en"} <= set(frame.columns) and "name" not in frame.columns:
        english = frame["name_en"].where(frame["name_en"].fillna("") != "", frame["name_th"])
        in_language = english if lang == "en" else frame["name_th"]
        if "agency_code" not in frame.columns:
            replaced = next((c for c in ("type_code", "province_code") if c in frame.columns), None)
        frame = (
            frame.assign(**{replaced or "name_th": in_language})
            .drop(columns=["name_en"] if replaced is None else ["name_th", "name_en"])
            .rename(columns={"name_th": "name"})
        )
    # Dict lookups over whole columns: a ranking holds every agency (8,325 by default), shown or not.
    if "type_code" in frame.columns and replaced != "type_code":
        frame = frame.assign(type_code=frame["type_code"].map(type_names(lang)).fillna(frame["type_code"]))
    if "province_code" in frame.columns and replaced != "province_code":
        frame = frame.assign(
            province_code=frame["province_code"]
            .map(_province_names(lang))
            .fillna(frame["province_code"])
            .fillna(i18n.t("region_central_admin", lang))
        )
    if "ministry" in frame.columns and lang == "en":  # named in Thai by the data; English from data/ministries.csv
        frame = frame.assign(ministry=frame["ministry"].map(lambda name: reference.ministry_name(name, lang)))
    return frame


def show_ranking(
    ranked: pd.DataFrame, query: str, lang: str, key: str, limit: int = 500, dataset: str | None = None
) -> None:
    """Show ranked agencies (searchable by code or name) with rating badges, plus CSV and XLSX downloads; the ranks
    are within the dataset, and the caption says so."""
    frame = ranked
    if query:
        needle = query.casefold()
        hay = (frame["agency_code"] + " " + frame["name_th"] + " " + frame["name_en"].fillna("")).str.casefold()
        frame = frame[hay.str.contains(needle, regex=False)]
    frame = names_in_language(
        frame[["rank", "agency_code", "name_th", "name_en", "score", "rating", "passed", "type_code", "province_code"]],
        lang,
    )
    st.caption(
        i18n.t("ranking_count", lang).format(
            shown=min(len(frame), limit), total=len(frame), dataset=md_escape(dataset or "–")
        )
    )
    shown = frame.head(limit)
    shown = shown.assign(
        profile=shown["agency_code"].map(lambda c: f"./agency?agency={quote(c)}" + ("&lang=en" if lang == "en" else ""))
    )
    profile = i18n.t("profile", lang)
    shown, numbers = table_view(shown, lang)
    rating = i18n.t("rating", lang)
    # Ratings as coloured labels, each its band's colour. A pandas Styler colouring the cells did the same but
    # Streamlit marshalled it cell by cell on every run: two thirds of this page's time.
    # assign, not set: table_view hands every session the same frame (cache.shared), never to be changed
    top = frame.head(limit)
    bands = top["rating"].where(top["rating"].notna() | ~top["passed"].astype(bool), "passed_unbanded")
    shown = shown.assign(**{rating: [[b] if b in RATING_COLOURS else [] for b in bands]})
    badges = st.column_config.MultiselectColumn(
        rating,
        options=list(RATING_COLOURS),
        color=list(RATING_COLOURS.values()),
        format_func=lambda band: (
            i18n.t("band_passed_unbanded", lang) if band == "passed_unbanded" else ratings.band_name(band, lang)
        ),
    )
    links = st.column_config.LinkColumn(profile, display_text=i18n.t("open_profile", lang))
    st.dataframe(
        shown, hide_index=True, width="stretch", key=key, column_config={**numbers, rating: badges, profile: links}
    )
    download_row(frame, lang, key)


def download_row(frame: pd.DataFrame, lang: str, key: str, synthetic: bool | None = None) -> None:
    """Offer the frame as CSV (UTF-8 with BOM) and XLSX, each with the `synthetic` column: the frame's own, else
    `synthetic`, else whether the page's dataset is synthetic (dataset_is_synthetic)."""
    flag = dataset_is_synthetic() if synthetic is None and "synthetic" not in frame.columns else synthetic
    row = st.container(horizontal=True)
    # Files are made only when clicked (a callable): building an XLSX on every rerun would slow each page.
    row.download_button(
        i18n.t("download_csv", lang),
        lambda: csv_bytes(frame, flag),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"{key}_csv",
    )
    row.download_button(
        i18n.t("download_xlsx", lang),
        lambda: xlsx_bytes(frame, synthetic=flag),
        file_name=f"{key}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
    )


@functools.cache
def type_names(lang: str) -> dict[str, str]:
    """Return type_code → the type's name in the language."""
    types = reference.agency_types()
    return dict(zip(types["type_code"], types["short_en" if lang == "en" else "short_th"]))


@functools.cache
def _province_names(lang: str) -> dict[str, str]:
    provinces = reference.provinces()
    return dict(zip(provinces["province_code"], provinces["name_en" if lang == "en" else "name_th"]))


def province_name(code: object, lang: str) -> str:
    """Return a province's name in the language, or 'central administration' for none."""
    if code is None or pd.isna(code):
        return i18n.t("region_central_admin", lang)
    return _province_names(lang).get(code, str(code))


@dataclasses.dataclass(frozen=True)
class YearPage:
    """What a page about one fiscal year needs: language, database, year, filters and the source line."""

    lang: str
    version: tuple[str, int]
    year: int
    filters: Filters  # the sidebar's, without a year
    this_year: Filters  # the same, for the chosen fiscal year only
    series: pd.DataFrame  # national_series of this_year
    source: str

    def t(self, key: str) -> str:
        """Return the label for key in the page's language."""
        return i18n.t(key, self.lang)


def year_page(title_key: str) -> YearPage:
    """Title a page with the chosen fiscal year, stop it when nothing matches, and flag synthetic data."""
    lang, version, year, filters = sidebar.page_context()
    if not year:  # no ITA results at all
        st.title(f"{i18n.t(title_key, lang)} –")
        st.info(i18n.t("no_results", lang))
        st.stop()
    st.title(f"{i18n.t(title_key, lang)} {i18n.year_label(year, lang)}")
    this_year = dataclasses.replace(filters, years=[year])
    series = cache.data(version, aggregate.national_series, this_year)
    if series.empty:
        st.info(i18n.t("no_results", lang))
        st.stop()
    synthetic = bool(series["synthetic"].any())
    synthetic_badge(synthetic, lang)
    coverage_note(version, year, filters.dataset, lang)
    source = i18n.t("source_ita_synthetic" if synthetic else "source_ita", lang)
    return YearPage(lang, version, year, filters, this_year, series, source)


def year_coverage(version: tuple[str, int], year: int, dataset: str | None) -> pd.Series | None:
    """Return the dataset's coverage of a fiscal year (agencies, NACC's count, coverage, census), or None."""
    covered = cache.data(version, datasets.coverage, dataset)
    rows = covered[covered["fiscal_year"] == year]
    return None if rows.empty else rows.iloc[0]


def is_partial(covered: pd.Series | None) -> bool:
    """Return whether a dataset's year holds only part of the agencies NACC assessed."""
    return covered is not None and not bool(covered["census"])


def coverage_note(version: tuple[str, int], year: int, dataset: str | None, lang: str) -> pd.Series | None:
    """Say at the top of a page, with numbers, when the year shown is partial in this dataset; return its coverage."""
    covered = year_coverage(version, year, dataset)
    if is_partial(covered):
        st.warning(coverage_words(covered, dataset, lang), icon=":material/pie_chart:")
    return covered


def partial_years_note(version: tuple[str, int], dataset: str | None, lang: str) -> None:
    """Say at the top of a page over several years which of them the dataset holds only in part, with numbers."""
    covered = cache.data(version, datasets.coverage, dataset)
    partial = covered[~covered["census"].astype(bool)]
    if len(partial):
        st.warning(
            "  \n".join(coverage_words(row, dataset, lang) for _, row in partial.iterrows()),
            icon=":material/pie_chart:",
        )


def coverage_words(covered: pd.Series, dataset: str | None, lang: str) -> str:
    """Return "FY2564: 50 of 8,300 agencies (0.6%) in this dataset …" for a year's coverage."""
    year = i18n.year_label(int(covered["fiscal_year"]), lang)
    if pd.isna(covered["published_agencies"]):
        return i18n.t("coverage_partial_unknown", lang).format(
            year=year, n=f"{int(covered['agencies']):,}", dataset=md_escape(dataset or "")
        )
    return i18n.t("coverage_partial", lang).format(
        year=year,
        n=f"{int(covered['agencies']):,}",
        of=f"{int(covered['published_agencies']):,}",
        share=datasets.share_text(float(covered["coverage"])),
        dataset=md_escape(dataset or ""),
    )


def published_subject(scope: str, code: object, lang: str) -> str:
    """Return what a published figure is about, in the language: a type, band, indicator, province or area."""
    code = "" if code is None or (isinstance(code, float) and pd.isna(code)) else str(code)
    if scope == "type":
        return type_names(lang).get(code, code)
    if scope == "type_group":
        return i18n.t(f"group_{code}", lang)
    if scope == "band":
        return ratings.band_name(code, lang)
    if scope == "indicator":
        return i18n.first_label(code, ("indicator_", "tool_"), lang)
    if scope == "province":
        return province_name(code, lang)
    if scope == "area":
        return _area_names(lang).get(code, code)
    return i18n.t(f"scope_{scope}", lang)


@functools.cache
def _area_names(lang: str) -> dict[str, str]:
    areas = reference.read_fact("published_areas").drop_duplicates("area")
    return dict(zip(areas["area"], areas["name_en" if lang == "en" else "name_th"]))


def reconciliation_view(reconciled: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the reconciliation as a table to read: what each figure is about and its measure in words, values
    with their units (shares as percentages), and whether it is the preferred of two summaries."""
    shares = reconciled["measure"].isin(["pass_rate", "share", "share_a_or_better"])

    def shown(values: pd.Series) -> list[str]:
        return [
            "–" if pd.isna(v) else f"{v:.1%}" if share else f"{v:,.2f}".rstrip("0").rstrip(".")
            for v, share in zip(values, shares)
        ]

    return pd.DataFrame(
        {
            "fiscal_year": reconciled["fiscal_year"],
            "subject": [published_subject(s, c, lang) for s, c in zip(reconciled["scope"], reconciled["code"])],
            "measure": [i18n.t(f"measure_{m}", lang) for m in reconciled["measure"]],
            "published": shown(reconciled["published"]),
            "computed": shown(reconciled["computed"]),
            "difference": [
                "–" if pd.isna(d) else f"{100 * d:+.1f} {i18n.t('kpi_pp', lang)}" if share else f"{d:+,.2f}"
                for d, share in zip(reconciled["difference"], shares)
            ],
            "preferred": reconciled["preferred"].map({True: "✓", False: i18n.t("no", lang)}),
            "note": reconciled["note"].fillna(""),
            "source_url": reconciled["source_url"],
        }
    )


#: What a monitoring unit acts on, first: who, how far below 85, what to fix, and how it moved.
WORK_LIST_FIRST = (
    "name",
    "score",
    "gap",
    "weakest_indicator",
    "weakest_tool",
    "fell_below",
    "previous_score",
    "change",
    "rating",
)


def work_list_view(followup: pd.DataFrame) -> pd.DataFrame:
    """Return the follow-up list as a monitoring unit reads it: what it acts on first, columns that hold the same value
    on every row (the province when a province is chosen, say) and the scores behind the weakest picks left out."""
    frame = followup.drop(columns=["weakest_tool_score", "weakest_indicator_score"], errors="ignore")
    constant = [
        c for c in frame.columns if c not in WORK_LIST_FIRST and len(frame) > 1 and frame[c].nunique(dropna=False) == 1
    ]
    frame = frame.drop(columns=constant)
    first = [c for c in WORK_LIST_FIRST if c in frame.columns]
    return frame[[*first, *(c for c in frame.columns if c not in first)]]

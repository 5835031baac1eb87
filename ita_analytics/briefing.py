"""A briefing's content for a fiscal year and scope: slide titles, key figures, chart data, notes and sources.

The content is plain data, so the PowerPoint deck (deck.py), the briefing page and the presentation mode
show the same numbers, each taken from the library's own aggregations for the same filters.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from typing import ClassVar
from urllib.parse import urlencode

import duckdb
import pandas as pd

from . import aggregate, analysis, datasets, narrative, published, ratings, records, reference, target_rules
from .filters import Filters
from .i18n import t, year_label
from .scope import AgencyScope

#: Where the dashboard is served, for the link back on every slide ($ITA_DASHBOARD_URL overrides).
DEFAULT_DASHBOARD_URL = "http://localhost:8501"
INDICATORS = tuple(f"i{n}" for n in range(1, 11))


@dataclass(frozen=True)
class Scope(AgencyScope):
    """Which agencies a briefing covers: all (national), one agency type, one region or one province."""

    KINDS: ClassVar[tuple[str, ...]] = ("national", "type", "region", "province")

    def filters(self, year: int | None = None, dataset: str | None = None) -> Filters:
        """Return the agency filters of this scope (and the fiscal year and dataset, if given)."""
        years = [year] if year is not None else None
        return Filters(
            dataset=dataset,
            years=years,
            types=[self.code] if self.kind == "type" else None,
            regions=[self.code] if self.kind == "region" else None,
            provinces=[self.code] if self.kind == "province" else None,
        )

    def url_params(self) -> dict[str, str]:
        """Return the dashboard's URL parameters that select this scope."""
        return {} if self.code is None else {self.kind: self.code}


def parse_scope(text: str) -> Scope:
    """Return the Scope written as 'national', 'type:CODE', 'region:CODE' or 'province:CODE' (or a province's name)."""
    return Scope.parse(text)


def parse_year(text: str | int) -> int:
    """Return a fiscal year given in B.E. (2568) or C.E. (2025) as C.E."""
    from .ingest.reading import parse_year as read_year

    year = read_year(str(text).strip(), range(2012, 2101))
    if year is None:
        raise ValueError(f"year: {text!r} is not a fiscal year; write it in B.E. (2568) or C.E. (2025)")
    return year


@dataclass(frozen=True)
class ChartData:
    """A chart as plain data: kind ('line', 'column' or 'bar'), category labels, named series, a number format.

    Values are rounded to what a slide shows (2 decimals; shares, in a "%" format, to 4), so the data embedded in a
    deck reads as the slide does. A 0–100 chart whose values are all high runs from value_min to value_max (the
    axis break said in its axis title and the slide's notes); target is a line across the value axis.
    """

    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    number_format: str = "0.00"
    axis_title: str = ""
    highlight: int | None = None  # the category drawn in the accent colour (the scope among its peers)
    full_scale: bool = True  # value axis over 0–100 (scores, percentages), unless value_min and value_max say less
    dashed: tuple[str, ...] = ()  # series drawn dashed: targets
    metric: str = ""  # what the values are, for the target in force: "ita_pass_rate" (in per cent), "ita_mean"
    value_min: float | None = None  # the value axis's range when it does not start at 0: set by fit_axis
    value_max: float | None = None
    target: float | None = None  # the target in force, drawn as a dashed line across the value axis (bars)
    target_label: str = ""

    def __post_init__(self) -> None:
        digits = SHARE_DECIMALS if self.number_format.endswith("%") else DECIMALS
        rounded = [(name, [_rounded(v, digits) for v in values]) for name, values in self.series]
        object.__setattr__(self, "series", rounded)

    @property
    def axis_range(self) -> tuple[float, float] | None:
        """Return the value axis's (low, high), or None when the chart is not on a fixed scale (counts)."""
        if self.value_min is not None and self.value_max is not None:
            return self.value_min, self.value_max
        return (0.0, 100.0) if self.full_scale else None


#: Decimals a chart value keeps (shares, 0–1, keep 4: 12.34%).
DECIMALS, SHARE_DECIMALS = 2, 4
#: A 0–100 chart whose lowest value (and target) is at least this far up shows the range from a round number below
#: it (a multiple of AXIS_STEP, the fitted axis's tick too) to 100, keeping AXIS_ROOM below the lowest value, so
#: differences of a few points show.
AXIS_FIT_ABOVE, AXIS_STEP, AXIS_ROOM = 50.0, 5.0, 2.0


def _rounded(value: float | None, digits: int) -> float | None:
    if value is None or pd.isna(value):
        return None
    return round(float(value), digits) + 0.0  # + 0.0: no -0.0


@dataclass(frozen=True)
class Slide:
    """One slide: its key, title, short points, an optional chart, speaker notes and source line."""

    key: str
    title: str
    points: list[str] = field(default_factory=list)
    chart: ChartData | None = None
    notes: str = ""
    source: str = ""


@dataclass(frozen=True)
class Briefing:
    """A whole briefing: year, scope and language, its slides, and the link to the same dashboard view."""

    year: int
    scope: Scope
    lang: str
    slides: list[Slide]
    link: str
    synthetic: bool
    coverage: str = ""  # the dataset and its coverage of the year, in the briefing's language


def dashboard_link(year: int, scope: Scope, lang: str, base_url: str | None = None) -> str:
    """Return the dashboard address showing the same fiscal year, scope and language."""
    base = (base_url or os.environ.get("ITA_DASHBOARD_URL") or DEFAULT_DASHBOARD_URL).rstrip("/")
    params = {"year": str(year), **scope.url_params(), **({"lang": "en"} if lang == "en" else {})}
    return f"{base}/?{urlencode(params)}"


def _pct(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else round(100 * float(value), 2)


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def build_briefing(
    con: duckdb.DuckDBPyConnection,
    year: int,
    scope: Scope = Scope(),
    lang: str = "th",
    base_url: str | None = None,
    dataset: str | None = None,
) -> Briefing:
    """Return the briefing for a fiscal year (C.E.), scope and dataset (None: the default); ValueError when the year
    has no ITA results."""
    filters = scope.filters(dataset=dataset)
    series = aggregate.national_series(con, filters)
    if year not in set(series["fiscal_year"]):
        held = ", ".join(year_label(y, lang) for y in series["fiscal_year"]) or "–"
        raise ValueError(
            f"year: no ITA results for fiscal year {year_label(year, 'th')} ({year}) "
            f"in scope {scope.text}; the database holds {held}"
        )
    cpi = aggregate.cpi_series(con)
    targets = records.targets(con)
    k = analysis.year_kpis(series, cpi, targets, year)
    ita_source = t("source_ita_synthetic" if k.synthetic else "source_ita", lang)
    chosen = dataset or datasets.default_dataset(con)
    covered = datasets.year_coverage(con, year, chosen)
    coverage = datasets.coverage_sentence(None if covered is None else covered.to_dict(), chosen, k.synthetic, lang)
    context = _Context(con, year, scope, lang, filters, series, cpi, targets, k, ita_source, coverage)
    slides = [
        _title(context),
        _key_figures(context),
        _trend(context),
        _ratings(context),
        _types(context),
        _regions(context),
        _weakest(context),
        _ita_cpi(context),
        _cpi_sources(context),
        _caveats(context),
    ]
    slides = [fit_axis(slide, context.targets, year, lang) for slide in slides]
    link = dashboard_link(year, scope, lang, base_url)
    return Briefing(year, scope, lang, slides, link, k.synthetic, coverage)


def fit_axis(slide: Slide, targets: pd.DataFrame, year: int, lang: str) -> Slide:
    """Return the slide with its 0–100 chart's value axis fitted to its values and the bars' target in force.

    Values of 91–100 on a 0–100 axis all look alike: when every value (and the target) is at least AXIS_FIT_ABOVE,
    the axis runs from a round number below the lowest to 100, and the axis title and the notes say where it starts.
    A bar chart of a metric with a target in force that year carries it as a line.
    """
    chart = slide.chart
    if chart is None or not chart.full_scale:
        return slide
    target, label = None, ""
    if chart.metric and chart.kind in ("bar", "column"):
        value = target_rules.value_in_force(targets, year, chart.metric)
        if value is not None:
            percent = chart.metric.endswith("pass_rate")  # a share in the targets, per cent on the chart
            target = round(100 * value if percent else value, 2)
            label = t("journey_target_line", lang).format(
                value=f"{target:g}{'%' if percent else ''}", year=year_label(year, lang)
            )
    shown = [v for _, values in chart.series for v in values if v is not None]
    shown += [] if target is None else [target]
    low = AXIS_STEP * math.floor((min(shown) - AXIS_ROOM) / AXIS_STEP) if shown else 0.0
    if low < AXIS_FIT_ABOVE:
        return slide if target is None else replace(slide, chart=replace(chart, target=target, target_label=label))
    said = t("journey_axis_break", lang).format(low=f"{low:g}")
    fitted = replace(
        chart,
        value_min=low,
        value_max=100.0,
        axis_title=t("journey_axis_from", lang).format(title=chart.axis_title, low=f"{low:g}"),
        target=target,
        target_label=label,
    )
    return replace(slide, chart=fitted, notes=f"{slide.notes} {said}".strip())


@dataclass(frozen=True)
class _Context:
    con: duckdb.DuckDBPyConnection
    year: int
    scope: Scope
    lang: str
    filters: Filters
    series: pd.DataFrame
    cpi: pd.DataFrame
    targets: pd.DataFrame
    k: analysis.YearKpis
    ita_source: str
    coverage: str = ""

    def t(self, key: str) -> str:
        return t(key, self.lang)

    def year_text(self, year: int | None = None) -> str:
        return year_label(self.year if year is None else year, self.lang)


def _title(c: _Context) -> Slide:
    points = [c.scope.name(c.lang), f"{c.t('fiscal_year')} {c.year_text()}", c.coverage]
    if c.k.synthetic:
        points.append(c.t("briefing_synthetic"))
    return Slide(
        "title",
        c.t("briefing_title").format(year=c.year_text()),
        points,
        notes=c.t("briefing_title_notes").format(scope=c.scope.name(c.lang), year=c.year_text()),
        source=c.ita_source,
    )


def _key_figures(c: _Context) -> Slide:
    k = c.k
    points = [
        f"{c.t('kpi_mean')}: {k.mean_score:.2f}"
        + (f" ({k.mean_change:+.2f} {c.t('kpi_points')})" if k.mean_change is not None else ""),
        f"{c.t('kpi_pass_rate')}: {k.pass_rate:.1%}"
        + (f" ({100 * k.pass_rate_change:+.1f} {c.t('kpi_pp')})" if k.pass_rate_change is not None else "")
        + (f"; {c.t('kpi_target')} {k.target_pass_rate:.0%}" if k.target_pass_rate is not None else "")
        + (f"; {c.t('metric_ita_mean')} ≥ {k.target_mean:g}" if k.target_mean is not None else ""),
        f"{c.t('kpi_agencies')}: {k.agencies:,}",
    ]
    if k.target_pass_rate is not None:
        passed = int(round(k.pass_rate * k.agencies))
        more = analysis.agencies_to_target(k.agencies, passed, k.target_pass_rate)
        points.append(c.t("briefing_more_to_pass").format(n=f"{more:,}") if more else c.t("briefing_target_met"))
    if k.cpi_score is not None:
        points.append(
            f"{c.t('kpi_cpi')} {c.year_text(k.cpi_year)}: {k.cpi_score:.0f}, "
            f"{c.t('kpi_cpi_rank')} {k.cpi_rank}/{k.cpi_countries}"
        )
    scope_words = (
        c.t("scope_agencies_th")
        if c.scope.kind == "national"
        else c.t("briefing_scope_agencies").format(scope=c.scope.name(c.lang))
    )
    sentences = [narrative.ita_sentence(k, scope_words, c.lang), narrative.cpi_sentence(k, c.lang)]
    return Slide(
        "key_figures",
        c.t("briefing_key_figures").format(year=c.year_text()),
        points,
        notes=" ".join(s for s in sentences if s),
        source=c.ita_source,
    )


def _trend(c: _Context) -> Slide:
    years = [c.year_text(y) for y in c.series["fiscal_year"]]
    chart_series = [(c.t("kpi_pass_rate"), [_pct(v) for v in c.series["pass_rate"]])]
    steps = target_rules.series_in_force(c.targets, c.series["fiscal_year"].tolist(), "ita_pass_rate")
    if steps["value"].notna().any():  # the target in force each year: 50% in FY2020, 80% to FY2022, 100% since
        label = c.t("chart_target_in_force").capitalize()
        chart_series.append((label, [None if pd.isna(v) else round(100 * v, 2) for v in steps["value"]]))
    first, last = c.series.iloc[0], c.series.iloc[-1]
    notes = c.t("briefing_trend_notes").format(
        first=c.year_text(int(first["fiscal_year"])),
        last=c.year_text(int(last["fiscal_year"])),
        rate_first=f"{first['pass_rate']:.1%}",
        rate_last=f"{last['pass_rate']:.1%}",
        mean_first=f"{first['mean_score']:.2f}",
        mean_last=f"{last['mean_score']:.2f}",
    )
    return Slide(
        "trend",
        c.t("briefing_trend"),
        [],
        ChartData(
            "line",
            years,
            chart_series,
            "0.0",
            c.t("briefing_axis_percent"),
            dashed=tuple(name for name, _ in chart_series[1:]),
        ),
        notes,
        c.ita_source,
    )


def _ratings(c: _Context) -> Slide:
    dist = aggregate.rating_distribution(c.con, c.filters)
    now = dist[dist["fiscal_year"] == c.year]
    order = [*ratings.band_order(c.year), *(["passed_unbanded"] if "passed_unbanded" in set(now["rating"]) else [])]
    now = now.set_index("rating").reindex(order)
    counts = [float(v) if pd.notna(v) else 0.0 for v in now["agencies"]]
    passing = ratings.bands(ratings.scheme_for(c.year)).query("passed")["band"].tolist() + ["passed_unbanded"]
    top = now.loc[now.index.isin(passing), "agencies"].fillna(0).sum()
    notes = c.t("briefing_ratings_notes").format(
        year=c.year_text(), aa_a=f"{int(top):,}", share=f"{top / max(sum(counts), 1):.1%}"
    )
    names = [c.t("band_passed_unbanded") if b == "passed_unbanded" else ratings.band_name(b, c.lang) for b in order]
    return Slide(
        "ratings",
        c.t("briefing_ratings").format(year=c.year_text()),
        [],
        ChartData(
            "column", names, [(c.t("metric_agencies"), counts)], "#,##0", c.t("metric_agencies"), full_scale=False
        ),
        notes,
        c.ita_source,
    )


def _ranked_bars(frame: pd.DataFrame, names: list[str], c: _Context, highlight_name: str | None = None) -> ChartData:
    """Pass rate by group, highest first (bar charts draw the first category at the bottom: reversed)."""
    order = frame.assign(name=names).sort_values("pass_rate")
    labels = order["name"].tolist()
    highlight = labels.index(highlight_name) if highlight_name in labels else None
    return ChartData(
        "bar",
        labels,
        [(c.t("kpi_pass_rate"), [_pct(v) for v in order["pass_rate"]])],
        "0.0",
        c.t("briefing_axis_percent"),
        highlight,
        metric="ita_pass_rate",
    )


def _types(c: _Context) -> Slide:
    by_type = aggregate.by_agency_type(c.con, c.filters)
    now = by_type[by_type["fiscal_year"] == c.year]
    short = reference.agency_types().set_index("type_code")["short_en" if c.lang == "en" else "short_th"]
    # a type of few agencies (two special local bodies: 0, 50 or 100%) carries its count wherever its rate shows
    names = [narrative.few_agencies(str(short[code]), n, c.lang) for code, n in zip(now["type_code"], now["agencies"])]
    lowest = now.assign(name=names).nsmallest(3, "pass_rate")
    notes = c.t("briefing_types_notes").format(
        year=c.year_text(), lowest=", ".join(f"{r.name} {r.pass_rate:.1%}" for r in lowest.itertuples())
    )
    return Slide(
        "types", c.t("briefing_types").format(year=c.year_text()), [], _ranked_bars(now, names, c), notes, c.ita_source
    )


def _regions(c: _Context) -> Slide:
    """Regions for a national or type briefing; the provinces of the region for a region or province one."""
    name_column = "name_en" if c.lang == "en" else "name_th"
    if c.scope.kind in ("region", "province"):
        region = (
            c.scope.code
            if c.scope.kind == "region"
            else str(reference.provinces().set_index("province_code").loc[c.scope.code, "region"])
        )
        frame = aggregate.by_province(c.con, Filters(dataset=c.filters.dataset, regions=[region]))
        frame = frame[frame["fiscal_year"] == c.year]
        names = [narrative.few_agencies(n, a, c.lang) for n, a in zip(frame[name_column], frame["agencies"])]
        mine = frame["province_code"] == c.scope.code
        highlight = (
            narrative.few_agencies(c.scope.name(c.lang), frame.loc[mine, "agencies"].max(), c.lang)
            if c.scope.kind == "province"
            else None
        )
        title = c.t("briefing_provinces").format(region=t(f"region_{region}", c.lang), year=c.year_text())
        chart = _ranked_bars(frame, names, c, highlight)
    else:
        frame = aggregate.by_region(c.con, c.filters)
        frame = frame[frame["fiscal_year"] == c.year]
        names = [
            narrative.few_agencies(t(f"region_{r}", c.lang), a, c.lang)
            for r, a in zip(frame["region"], frame["agencies"])
        ]
        title = c.t("briefing_regions").format(year=c.year_text())
        chart = _ranked_bars(frame, names, c)
    best, worst = chart.categories[-1], chart.categories[0]
    values = chart.series[0][1]
    notes = c.t("briefing_regions_notes").format(
        best=best, best_rate=f"{values[-1]:.1f}%", worst=worst, worst_rate=f"{values[0]:.1f}%"
    )
    return Slide("regions", title, [], chart, notes, c.ita_source)


def _weakest(c: _Context) -> Slide:
    means = aggregate.tool_indicator_means(c.con, c.filters)
    now = means[(means["fiscal_year"] == c.year) & means["metric"].isin(INDICATORS)].dropna(subset=["mean_score"])
    title = c.t("briefing_weakest").format(year=c.year_text())
    if now.empty:
        return Slide(
            "weakest", title, [c.t("no_indicator_scores")], notes=c.t("no_indicator_scores"), source=c.ita_source
        )
    order = now.sort_values("mean_score", ascending=False)  # bars: the weakest drawn at the top
    names = [ratings.indicator_name(m, c.year, c.lang) for m in order["metric"]]  # as NACC named them that year
    weakest = order.tail(3).iloc[::-1]
    notes = c.t("briefing_weakest_notes").format(
        list=", ".join(
            f"{ratings.indicator_name(r.metric, c.year, c.lang)} {r.mean_score:.2f}" for r in weakest.itertuples()
        )
    )
    series = [(c.t("kpi_mean"), [round(float(v), 2) for v in order["mean_score"]])]
    if c.scope.kind == "national":  # NACC's own national means of that year, where it published them
        nacc = published.indicators(c.con)
        nacc = nacc[nacc["fiscal_year"] == c.year].set_index("indicator")
        if len(nacc):
            series.append((c.t("chart_published_nacc"), [_num(nacc["mean_score"].get(m)) for m in order["metric"]]))
            notes += " " + c.t("briefing_weakest_published").format(
                list=", ".join(
                    f"{ratings.indicator_name(i, c.year, c.lang)} {v:.2f}" for i, v in nacc["mean_score"].items()
                )
            )
    chart = ChartData("bar", names, series, "0.00", c.t("kpi_mean"))
    return Slide("weakest", title, [], chart, notes, c.ita_source)


def _ita_cpi(c: _Context) -> Slide:
    aligned = analysis.align_ita_cpi(c.series, c.cpi)
    years = [c.year_text(y) for y in aligned["fiscal_year"]]
    chart = ChartData(
        "line",
        years,
        [
            (c.t("kpi_mean"), [_num(v) for v in aligned["ita_mean"]]),
            (c.t("metric_cpi_score"), [_num(v) for v in aligned["cpi_score"]]),
        ],
        "0.0",
        c.t("briefing_axis_points"),
    )
    notes = " ".join(filter(None, [narrative.pass_rate_against_cpi(aligned, c.lang), c.t("briefing_ita_cpi_notes")]))
    return Slide("ita_cpi", c.t("briefing_ita_cpi"), [], chart, notes, f"{c.ita_source}; {c.t('source_cpi')}")


def _cpi_sources(c: _Context) -> Slide:
    sources = aggregate.cpi_sources(c.con)
    held = sources[sources["year"] <= c.year]
    title = c.t("briefing_cpi_sources")
    if held.empty:
        return Slide("cpi_sources", title, [c.t("no_results")], source=c.t("source_cpi"))
    cpi_year = int(held["year"].max())
    now = held[held["year"] == cpi_year].sort_values("score")
    short = reference.read_fact("cpi_sources").set_index("source")["short"]
    names = [str(short.get(s, s)) for s in now["source"]]
    chart = ChartData(
        "bar", names, [(c.t("metric_cpi_score"), [float(v) for v in now["score"]])], "0.0", c.t("briefing_axis_points")
    )
    n = len(now)
    score = c.cpi[c.cpi["year"] == cpi_year]["score"]
    points = [c.t("briefing_what_if").format(k=10, n=n, rise=f"{analysis.what_if(0, n, 10):.1f}")]
    latest = c.cpi[c.cpi["year"] == cpi_year].iloc[0] if not score.empty else None
    if latest is not None:
        for gap in analysis.cpi_target_distance(c.targets, latest).itertuples():
            if gap.metric == "cpi_score" and not gap.met and gap.year >= cpi_year:  # passed deadlines: not a plan
                points.append(
                    c.t("briefing_cpi_gap").format(
                        target=f"{gap.target:g}", year=c.year_text(int(gap.year)), gap=f"{gap.gap:g}"
                    )
                )
    notes = c.t("briefing_cpi_sources_notes").format(year=c.year_text(cpi_year), n=n, low=names[0], high=names[-1])
    return Slide("cpi_sources", f"{title} {c.year_text(cpi_year)}", points, chart, notes, c.t("source_cpi"))


def _caveats(c: _Context) -> Slide:
    points = [c.t("source_cpi"), c.ita_source, c.t("briefing_caveat_cpi"), c.t("briefing_caveat_pass")]
    if c.k.synthetic:
        points.insert(0, c.t("briefing_synthetic"))
    return Slide(
        "sources", c.t("briefing_sources"), points, notes=c.t("briefing_sources_notes"), source=c.t("source_cpi")
    )

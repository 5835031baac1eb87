"""Province maps drawn without any network: a tile grid map, and a choropleth from a user's GeoJSON."""

from __future__ import annotations

import functools

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from .. import config, i18n, reference
from . import theme
from .theme import escape

MAP_METRICS = ("mean_score", "median_score", "pass_rate", "agencies")
MAP_HEIGHT = 760
#: Opacity of a province of too few agencies to compare (config.min_agencies()): drawn, but pale.
FEW_OPACITY = 0.4


def load_tiles() -> pd.DataFrame:
    """Return data/province_tiles.csv (province_code, name_en, row, col) with two-digit text codes."""
    tiles = pd.read_csv(config.DATA_DIR / "province_tiles.csv", dtype={"province_code": str})
    return tiles.assign(province_code=tiles["province_code"].str.strip().str.zfill(2))


def _code(value: object) -> str | None:
    """Return a province code as two-digit text (10, '10', 10.0 → '10'), or None if it is not a code."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(2) if text.isdigit() and len(text) <= 3 else None


@functools.cache
def _abbreviations() -> pd.DataFrame:
    frame = pd.read_csv(config.DATA_DIR / "province_abbreviations.csv", dtype=str)
    return frame.assign(province_code=frame["province_code"].str.zfill(2)).set_index("province_code")


def short_names(codes: list[str], names: list[str], lang: str) -> list[str]:
    """Return tile labels: each province's standard abbreviation (data/province_abbreviations.csv: ชม, นศ in Thai;
    CMI, NRT in English), its name where it has none. The full name is in the tile's hover."""
    column = _abbreviations()["abbr_th" if lang == "th" else "abbr_en"]
    return [escape(str(column.get(code, name))) for code, name in zip(codes, names)]


def _value_hover(metric: str, lang: str) -> str:
    label = theme.metric_name(metric, lang)
    return (
        f"<b>%{{customdata[0]}}</b><br>{label}: %{{customdata[1]:{theme.value_format(metric)}}}"
        f"<br>{i18n.t('chart_hover_agencies', lang)}: %{{customdata[2]:,}}%{{customdata[3]}}<extra></extra>"
    )


def _few_note(lang: str, minimum: int | None) -> str:
    return "<br><i>" + escape(i18n.t("chart_few_agencies", lang).format(min=minimum or config.min_agencies())) + "</i>"


def _colourbar_trace(low: float, high: float, metric: str, lang: str, **where: object) -> go.Scatter:
    """Return an invisible scatter whose only job is to show the colour bar for low..high."""
    # A narrow range needs a decimal, or neighbouring ticks would read the same (94, 94, 95).
    if metric == "pass_rate":
        fmt = ".0%" if high - low >= 0.05 else ".1%"
    else:
        fmt = ".0f" if high - low >= 5 else ".1f"
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        showlegend=False,
        hoverinfo="skip",
        **where,
        marker=dict(
            color=[low, high],
            cmin=low,
            cmax=high,
            colorscale=theme.SEQUENTIAL,
            showscale=True,
            colorbar=dict(title=dict(text=theme.metric_name(metric, lang)), tickformat=fmt),
        ),
    )


def scale_range(frame: pd.DataFrame, metric: str, minimum: int | None = None) -> tuple[float, float]:
    """Return the colour scale's ends: the metric's lowest and highest among units of at least `minimum` agencies
    (config.min_agencies()), so one province of one agency at 0% or 100% cannot wash out the other 76; all units
    when none is that large, and for the agency count itself."""
    values = frame[metric] if metric in frame else pd.Series(dtype=float)
    if metric != "agencies" and "agencies" in frame:
        large = values[frame["agencies"] >= (minimum or config.min_agencies())]
        values = large if large.notna().any() else values
    values = values.dropna()
    return (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)


def _few(agencies: pd.Series, metric: str, minimum: int | None) -> pd.Series:
    """Return which units hold too few agencies to compare on the metric (never for the agency count itself)."""
    if metric == "agencies":
        return pd.Series(False, index=agencies.index)
    return agencies.fillna(0) < (minimum or config.min_agencies())


def _pale(colour: str) -> str:
    """Return an rgb() or hex colour at the opacity of a unit too small to compare."""
    red, green, blue = plotly.colors.hex_to_rgb(colour) if colour.startswith("#") else plotly.colors.unlabel_rgb(colour)
    return f"rgba({red:.0f}, {green:.0f}, {blue:.0f}, {FEW_OPACITY})"


def _names(frame: pd.DataFrame) -> pd.DataFrame:
    """Return province_code, name_th and name_en of every province in frame, codes as two-digit text."""
    return frame.assign(province_code=frame["province_code"].map(_code))


def province_tile_map(
    by_province: pd.DataFrame,
    tiles: pd.DataFrame,
    metric: str,
    lang: str,
    source: str | None = None,
    min_agencies: int | None = None,
) -> go.Figure:
    """Return a tile grid map: one square per province, coloured by the metric, grey where no agencies.

    The colour scale spans the provinces of at least min_agencies agencies (scale_range); a smaller province is drawn
    pale, its colour clipped to that scale, with its count of agencies under its name."""
    theme.check_metric(metric, MAP_METRICS)
    data = _names(by_province).drop(columns=["name_en"], errors="ignore")
    grid = _names(tiles).merge(data, on="province_code", how="left")
    grid["name_th"] = grid["name_th"].fillna(grid["province_code"].map(_thai_names())).fillna(grid["name_en"])
    grid["label"] = short_names(list(grid["province_code"]), list(grid[theme.name_column(lang)]), lang)
    grid["shown"] = [escape(n) for n in grid[theme.name_column(lang)]]
    has = grid[metric].notna()
    few = _few(grid["agencies"], metric, min_agencies) & has
    count = i18n.t("chart_tile_count", lang)
    grid.loc[few, "label"] = [
        f"{label}<br>{count.format(n=int(n))}" for label, n in zip(grid["label"][few], grid["agencies"][few])
    ]
    grid["note"] = few.map({True: _few_note(lang, min_agencies), False: ""})
    values = grid.loc[has, metric]
    low, high = scale_range(grid[has], metric, min_agencies)
    colours = [theme.colour_at(v, low, high) for v in values]
    small = few[has].tolist()
    # Marker sizes are in pixels: fit the tallest column of tiles into the plot's height (the map is taller
    # than wide, so height is what limits it), leaving a small gap between tiles.
    rows = int(grid["row"].max() - grid["row"].min() + 1) if len(grid) else 1
    size = max(12, min(40, int(0.9 * (MAP_HEIGHT - 160) / rows)))
    fig = go.Figure()
    for filled, part, fill in ((True, grid[has], colours), (False, grid[~has], theme.NO_DATA)):
        fig.add_trace(
            go.Scatter(
                x=part["col"],
                y=-part["row"],
                mode="markers+text",
                text=part["label"],
                showlegend=False,
                marker=dict(
                    symbol="square",
                    size=size,
                    color=[_pale(c) if pale else c for c, pale in zip(fill, small)] if filled else fill,
                    line=dict(color="white", width=1),
                ),
                textfont=dict(
                    size=[11 if theme.text_width(x.split("<br>")[0]) <= 4 else 8 for x in part["label"]],
                    color=[theme.TEXT_COLOUR if pale else theme.text_colour_on(c) for c, pale in zip(fill, small)]
                    if filled
                    else theme.TEXT_COLOUR,
                ),
                customdata=list(zip(part["shown"], part[metric], part["agencies"], part["note"]))
                if filled
                else list(part["shown"]),
                hovertemplate=_value_hover(metric, lang)
                if filled
                else f"<b>%{{customdata}}</b><br>{i18n.t('chart_no_agencies', lang)}<extra></extra>",
                name=i18n.t("chart_no_agencies", lang) if not filled else theme.metric_name(metric, lang),
            )
        )
    return _finish_map(fig, low, high, metric, lang, source)


def _thai_names() -> dict[str, str]:
    provinces = reference.provinces()
    return dict(zip(provinces["province_code"], provinces["name_th"]))


def _rings(geometry: dict) -> list[list]:
    """Return the outer ring of every polygon of a Polygon or MultiPolygon (holes are not drawn)."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return coords[:1]
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coords if polygon]
    raise ValueError(f"GeoJSON geometry {kind!r} is not supported; provinces must be Polygon or MultiPolygon")


def _match(features: list[dict], provinces: pd.DataFrame, id_property: str) -> list[int | None]:
    """Return, per feature, the row of provinces it belongs to: by province code, else Thai or English name."""
    by_code = {code: i for i, code in enumerate(provinces["province_code"])}
    by_name = {
        str(n).strip().casefold(): i
        for column in ("name_th", "name_en")
        for i, n in enumerate(provinces[column])
        if pd.notna(n)
    }
    rows = []
    for feature in features:
        key = ((feature or {}).get("properties") or {}).get(id_property)
        code = _code(key)
        rows.append(by_code.get(code) if code is not None else by_name.get(str(key).strip().casefold()))
    return rows


def _catalogue(by_province: pd.DataFrame) -> pd.DataFrame:
    """Return every province (data rows first, then the rest of the 77) so a feature with no data still has a name."""
    data = _names(by_province)
    rest = reference.provinces()
    rest = rest[~rest["province_code"].isin(data["province_code"])][["province_code", "name_th", "name_en"]]
    return pd.concat([data, rest], ignore_index=True)


def _hover_text(name: str, value: object, agencies: object, metric: str, lang: str, note: str = "") -> str:
    if value is None or pd.isna(value):
        return f"<b>{name}</b><br>{i18n.t('chart_no_agencies', lang)}"
    shown = f"{value:.1%}" if metric == "pass_rate" else f"{value:.1f}"
    return (
        f"<b>{name}</b><br>{theme.metric_name(metric, lang)}: {shown}"
        f"<br>{i18n.t('chart_hover_agencies', lang)}: {int(agencies):,}{note}"
    )


def _outline(geometry: dict) -> tuple[list, list]:
    """Return x (lon) and y (lat) of every outer ring, rings separated by None."""
    xs: list = []
    ys: list = []
    for ring in _rings(geometry):
        xs += [p[0] for p in ring] + [None]
        ys += [p[1] for p in ring] + [None]
    return xs, ys


def province_choropleth(
    by_province: pd.DataFrame,
    geojson: dict,
    metric: str,
    lang: str,
    id_property: str,
    source: str | None = None,
    min_agencies: int | None = None,
) -> go.Figure:
    """Return a choropleth of provinces drawn from a GeoJSON FeatureCollection as filled shapes (no network).

    The colour scale spans the provinces of at least min_agencies agencies (scale_range); a smaller province is
    filled pale, its colour clipped to that scale, and its hover says why."""
    theme.check_metric(metric, MAP_METRICS)
    provinces = _catalogue(by_province)
    features = list(geojson.get("features") or [])
    rows = _match(features, provinces, id_property)
    if features and all(r is None for r in rows):
        example = ((features[0] or {}).get("properties") or {}).get(id_property)
        raise ValueError(
            f"GeoJSON property {id_property!r} matched no province (first feature has {example!r}); "
            "it must hold a province code such as '10' or 10, or a Thai or English province name"
        )
    values = provinces[metric] if metric in provinces else pd.Series(dtype=float)
    low, high = scale_range(provinces, metric, min_agencies)
    few = _few(provinces["agencies"], metric, min_agencies) if "agencies" in provinces else values.isna()
    names = provinces[theme.name_column(lang)].fillna(provinces["name_th"])
    fig = go.Figure()
    for feature, row in zip(features, rows):
        value = values.iloc[row] if row is not None and metric in provinces else None
        name = escape(
            names.iloc[row] if row is not None else ((feature or {}).get("properties") or {}).get(id_property)
        )
        xs, ys = _outline((feature or {}).get("geometry") or {})
        known = value is not None and pd.notna(value)
        pale = known and bool(few.iloc[row])
        fill = theme.colour_at(float(value), low, high) if known else theme.NO_DATA
        agencies = provinces["agencies"].iloc[row] if known else None
        note = _few_note(lang, min_agencies) if pale else ""
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                hoveron="fills",
                hoverinfo="text",
                showlegend=False,
                fillcolor=_pale(fill) if pale else fill,
                line=dict(color="white", width=0.6),
                name=name,
                text=_hover_text(name, value, agencies, metric, lang, note),
            )
        )
    # Longitude and latitude drawn 1:1 are close enough to true shape this near the equator (5–21° N).
    return _finish_map(fig, low, high, metric, lang, source)


def _finish_map(fig: go.Figure, low: float, high: float, metric: str, lang: str, source: str | None) -> go.Figure:
    """Add the colour bar, hide the axes, keep squares square, and title the map."""
    fig.add_trace(_colourbar_trace(low, high, metric, lang))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(height=MAP_HEIGHT, hovermode="closest")
    title = i18n.t("chart_map_title", lang).format(metric=theme.metric_name(metric, lang))
    return theme.finish(fig, title, source, below=8)

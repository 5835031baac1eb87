"""The one look every chart shares: the "ita" plotly template, colour palettes and small text helpers.

Colour choices (all readable with the common colour-vision deficiencies):
- PALETTE: Okabe–Ito's eight colours, designed to stay distinct for protanopia, deuteranopia and tritanopia.
- SEQUENTIAL: Viridis, perceptually uniform and monotonic in lightness, so order survives colour blindness
  and greyscale printing; it contains no grey, so NO_DATA grey never looks like a value.
- DIVERGING: ColorBrewer RdBu (red = negative, blue = positive), always centred at 0.
- RATING_COLOURS (AA..F, and from FY2023 ผ่านดีเยี่ยม..ต้องปรับปรุงโดยด่วน): teal-greens for the passing bands, then
  yellow → orange → dark red. Red–green
  alone fails for deuteranopia, so the good side is blue-green (it keeps its blue) and the bad side yellow-red,
  and lightness runs dark → light within each side: AA and F differ on the blue–yellow axis every viewer keeps.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata

import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio

from .. import i18n, thainlp

TEMPLATE = "ita"
FONT_FAMILY = "Sarabun, 'Noto Sans Thai', 'Loma', sans-serif"
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#E6E6E6"
NOTE_COLOUR = "#666666"
NO_DATA = "#C8C8C8"

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
SEQUENTIAL: list[str] = list(plotly.colors.sequential.Viridis)
DIVERGING: list[str] = list(plotly.colors.diverging.RdBu)
RATING_COLOURS: dict[str, str] = {
    "AA": "#01665E",
    "A": "#35978F",
    "B": "#80CDC1",
    "C": "#FEE090",
    "D": "#FDAE61",
    "E": "#F46D43",
    "F": "#A50026",
    # From FY2023: the same two sides, so a passing band reads as passing in either scheme.
    "excellent": "#01665E",
    "good": "#35978F",
    "pass": "#80CDC1",
    "passed_unbanded": "#C7EAE5",
    "improve": "#FDAE61",
    "urgent": "#A50026",
}
#: Colours of the total score and the three tools wherever they are drawn together.
SERIES_COLOURS: dict[str, str] = {"score": "#000000", "iit": PALETTE[0], "eit": PALETTE[2], "oit": PALETTE[3]}
HIGHLIGHT = PALETTE[3]
#: Targets in force, wherever they are drawn.
TARGET_COLOUR = PALETTE[3]
#: Pixels under the plot area taken by x tick labels and the axis title; the source line goes below them.
AXIS_PX = 56
#: A second line of an axis title (where the axis starts, axis_from).
AXIS_LINE_PX = 18
NOTE_PX = 20
LEGEND_PX = 34
BOTTOM_MARGIN = 90
#: The top margin under a one-line title, and what each further line of it adds.
TITLE_TOP_PX, TITLE_LINE_PX = 70, 22
#: Characters of a title line: what a 390 px phone shows at the title's 17 px, in a chart inside an expander too (Thai
#: letters there are about 9 px wide, and the chart about 300 px).
TITLE_CHARS = 30
MUTED = "#9DB9D3"


def _template() -> go.layout.Template:
    axis = dict(
        gridcolor=GRID_COLOUR,
        linecolor="#BBBBBB",
        zerolinecolor=GRID_COLOUR,
        automargin=True,
        title=dict(standoff=8),
        ticks="outside",
        tickcolor="#BBBBBB",
    )
    layout = go.Layout(
        font=dict(family=FONT_FAMILY, size=13, color=TEXT_COLOUR),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(PALETTE),
        colorscale=dict(sequential=SEQUENTIAL, diverging=DIVERGING),
        title=dict(x=0, xanchor="left", xref="container", pad=dict(l=12), font=dict(size=17)),
        # Below the plot, pinned to the figure's bottom edge: plotly then keeps the plot (and axis title) clear
        # of it however many rows long Thai entries wrap to, which a legend placed in plot fractions cannot.
        legend=dict(orientation="h", x=0, xanchor="left", yref="container", y=0, yanchor="bottom", title=dict(text="")),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=13), align="left"),
        margin=dict(l=60, r=30, t=TITLE_TOP_PX, b=BOTTOM_MARGIN),
        xaxis=axis,
        yaxis=axis,
    )
    return go.layout.Template(layout=layout)


pio.templates[TEMPLATE] = _template()


def escape(text: object) -> str:
    """Return data text safe to show in plotly: '&', '<' and '>' escaped so no HTML is interpreted."""
    return html.escape("" if text is None else str(text), quote=False)


def wrap(text: str, width: int = 28) -> str:
    """Return text broken into lines of about width characters at spaces (plotly's <br>)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


#: Thai letters, digits and marks: a run of them wider than a line is broken between words.
THAI = re.compile("[\u0e00-\u0e7f]")


def fit_lines(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Return text in at most max_lines lines of about width characters, broken at spaces where there are any,
    the last line ending in "…" if the text did not fit. For data such as agency names in chart titles, which
    plotly never wraps. Thai is written without spaces between words: a run wider than a line is broken between
    words (PyThaiNLP's dictionary, with Thailand's place names), a word wider than a line between its syllables, and
    a syllable wider than a line between letters, never before a vowel or tone mark."""
    lines: list[str] = []
    shown = (max_lines + 1) * (width + 1)  # text past this is cut anyway: not cut into words (a name may be long)
    if text_width(text) > shown:
        text = text[: _after_width(text, shown)]
    for run in text.split():
        if lines and text_width(lines[-1]) + 1 + text_width(run) <= width:
            lines[-1] += " " + run
            continue
        pieces = _words(run) if text_width(run) > width else [run]
        line = ""
        if lines and text_width(lines[-1]) + 1 + text_width(pieces[0]) <= width:  # its first words fit after the last
            line = lines.pop() + " "
        for word in pieces:
            if line and text_width(line) + text_width(word) > width:
                lines.append(line)
                line = ""
            if text_width(word) > width:  # a word wider than a line: broken between syllables, else letters
                *whole, line = _fill(_syllables(word), width)
                lines.extend(whole)
            else:
                line += word
        if line:
            lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last) + 1 > width:  # room for the ellipsis, taking a letter with its marks
            last = last[: _after_width(last, text_width(last) - 1)]
        lines[-1] = last.rstrip() + "…"
    return lines


def _fill(pieces: list[str], width: int) -> list[str]:
    """Return pieces of one word joined into lines of at most width, a piece wider than that broken between
    letters (a vowel or tone mark stays with its letter)."""
    lines = [""]
    for piece in pieces:
        if lines[-1] and text_width(lines[-1] + piece) > width:
            lines.append("")
        while text_width(piece) > width:
            cut = _after_width(piece, max(width, 1))
            lines[-1] += piece[:cut]
            lines.append("")
            piece = piece[cut:]
        lines[-1] += piece
    return lines


def _syllables(word: str) -> list[str]:
    """Return a word cut into syllables when it is Thai (PyThaiNLP), else into letters with their marks."""
    pieces = thainlp.syllables(word) if THAI.search(word) else list(word)
    return _attach_marks(pieces)


def _attach_marks(pieces: list[str]) -> list[str]:
    """Return pieces with any that starts with a mark joined to the one before: a line never starts with one."""
    joined: list[str] = []
    for piece in pieces:
        if joined and unicodedata.category(piece[0]) == "Mn":
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


def _words(run: str) -> list[str]:
    """Return a run of text without spaces cut into words: Thai by PyThaiNLP (loaded only for Thai), else whole."""
    return _attach_marks(thainlp.words(run)) if THAI.search(run) else [run]


def _after_width(text: str, width: int) -> int:
    """Return the index just past text's first `width` characters that take up width, with their marks."""
    seen = 0
    for index, char in enumerate(text):
        if unicodedata.category(char) != "Mn":
            if seen == width:
                return index
            seen += 1
    return len(text)


def text_width(text: str) -> int:
    """Return how many characters of text take up width (Thai vowel and tone marks above or below do not)."""
    return sum(1 for char in text if unicodedata.category(char) != "Mn")


def year_labels(years: object, lang: str) -> list[str]:
    """Return the years as shown to users: B.E. in Thai, C.E. in English."""
    return [i18n.year_label(int(y), lang) for y in years]


def year_axis(
    fig: go.Figure, years: object, lang: str, title_key: str = "chart_axis_fiscal_year", **axis: object
) -> go.Figure:
    """Return fig with every x axis ticking exactly at the C.E. years, labelled in the language."""
    values = sorted({int(y) for y in years})
    fig.update_xaxes(
        tickmode="array",
        tickvals=values,
        ticktext=year_labels(values, lang),
        title_text=i18n.t(title_key, lang),
        **axis,
    )
    return fig


def source_note(fig: go.Figure, text: str, below: int = AXIS_PX) -> go.Figure:
    """Return fig with a small source line at the bottom left, `below` pixels under the plot area."""
    # A pixel shift from the plot's bottom edge (not a paper fraction) keeps the line just under the x-axis
    # title whatever the figure's height; the bottom margin makes room for it and a one-row legend below.
    margin = fig.layout.margin.b if fig.layout.margin.b is not None else BOTTOM_MARGIN
    fig.update_layout(margin_b=max(margin + NOTE_PX, below + NOTE_PX + LEGEND_PX))
    fig.add_annotation(
        text=escape(text),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-below,
        showarrow=False,
        align="left",
        font=dict(size=11, color=NOTE_COLOUR),
        name="source_note",
    )
    return fig


def title_lines(title: str, width: int = TITLE_CHARS) -> list[str]:
    """Return a chart title (plotly markup, escaped) in as few lines of at most width characters as it needs (three
    at most), the lines about even: plotly never wraps a title, and a 390 px phone shows about TITLE_CHARS of them."""
    text = html.unescape(title)
    if text_width(text) <= width:
        return [title]
    for count in (2, 3):  # two even lines if they can be had, else three (no word left alone on the last)
        for narrower in range(-(-text_width(text) // count), width + 1):
            lines = fit_lines(text, narrower, max_lines=count)
            if not lines[-1].endswith("…"):
                return [escape(line) for line in lines]
    return [escape(line) for line in fit_lines(text, width, max_lines=3)]


def finish(fig: go.Figure, title: str, source: str | None = None, below: int = AXIS_PX) -> go.Figure:
    """Return fig with the ita template, a title (broken into lines a phone can show, the top margin grown for
    them) and, when given, a source line `below` px under the plot."""
    lines = title_lines(title) if "<br>" not in title else title.split("<br>")
    fig.update_layout(template=TEMPLATE, title_text="<br>".join(lines))
    if len(lines) > 1 and fig.layout.margin.t is None:
        fig.update_layout(margin_t=TITLE_TOP_PX + TITLE_LINE_PX * (len(lines) - 1))
    if source:
        source_note(fig, source, below)
    return fig


def value_range(values: object, target: float | None = None, fraction: bool = False) -> tuple[float, float] | None:
    """Return an axis range for bars of scores or shares that shows their differences: from a round number below the
    lowest value (or the target) to room past the highest for labels outside the bars; None when the values start
    near zero and the axis should too. A range that does not start at zero must be said (axis_from)."""
    shown = [float(v) for v in values if v is not None and v == v]  # NaN is not shown
    if not shown:
        return None
    low, high = min(shown), max(shown)
    if target is not None:
        low, high = min(low, target), max(high, target)
    if low <= 0.5 * high:
        return None
    step = 0.05 if fraction else 5.0
    start = max(0.0, math.floor((low - 0.15 * (high - low) - step / 5) / step) * step)
    return round(start, 2), high + 0.25 * (high - start)


def axis_from(title: str, start: float, fmt: str, lang: str) -> str:
    """Return an axis title saying, on a line of its own, where the axis starts when that is not zero."""
    value = format(start, fmt)
    return title if start == 0 else i18n.t("chart_axis_from", lang).format(title=title, start=value)


def target_line(fig: go.Figure, value: float, fmt: str, lang: str, vertical: bool = True) -> go.Figure:
    """Return fig with the target in force drawn as a dashed line across the plot, labelled with its value."""
    text = escape(i18n.t("chart_target_pass_rate", lang).format(value=format(value, fmt)))
    line = dict(color=TARGET_COLOUR, width=2, dash="dash")
    label = dict(annotation_text=text, annotation_font_color=TARGET_COLOUR, annotation_position="top")
    return fig.add_vline(x=value, line=line, **label) if vertical else fig.add_hline(y=value, line=line, **label)


def colour_at(value: float, low: float, high: float, scale: list[str] | None = None) -> str:
    """Return the colour of value on a scale spanning low..high (the middle when low == high)."""
    position = 0.5 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    return plotly.colors.sample_colorscale(scale or SEQUENTIAL, [position])[0]


def text_colour_on(colour: str) -> str:
    """Return black or white, whichever reads better on the given rgb()/hex colour."""
    if colour.startswith("#"):
        red, green, blue = plotly.colors.hex_to_rgb(colour)
    else:
        red, green, blue = plotly.colors.unlabel_rgb(colour)
    # Relative luminance (sRGB weights, no gamma): good enough to pick a label colour.
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#FFFFFF"


def check_metric(metric: str, allowed: tuple[str, ...]) -> None:
    """Raise ValueError unless metric is one of the allowed metric names."""
    if metric not in allowed:
        raise ValueError(f"metric: {metric!r} is not allowed; use one of {', '.join(allowed)}")


def metric_name(metric: str, lang: str) -> str:
    """Return a chart metric's name in the language."""
    return i18n.first_label(metric, ("chart_metric_", "metric_"), lang)


def value_format(metric: str) -> str:
    """Return the d3 format of a metric's values: percentages for rates, one decimal for scores."""
    if metric == "agencies":
        return ",.0f"
    return ".1%" if metric.endswith("pass_rate") else ".1f"


def name_column(lang: str) -> str:
    """Return the name column to show in the language ('name_en' or 'name_th')."""
    return "name_en" if lang == "en" else "name_th"

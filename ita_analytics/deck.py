"""Write a briefing as an editable PowerPoint deck: native charts with their data, notes, sources, a link back."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .briefing import AXIS_STEP, Briefing, ChartData, Slide
from .i18n import t

#: Tahoma has Thai glyphs and ships with every Windows and macOS machine, so a deck opened on any
#: ministry laptop shows Thai correctly (the dashboard's Sarabun is rarely installed there).
FONT = "Tahoma"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
INK, MUTED, WARNING = RGBColor(0x1F, 0x29, 0x37), RGBColor(0x5B, 0x64, 0x70), RGBColor(0xB0, 0x3A, 0x2E)
#: Okabe–Ito, the dashboard's colour-blind-safe palette; the second colour marks a highlighted bar.
PALETTE = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
]
TARGET = RGBColor(0xD5, 0x5E, 0x00)  # vermillion: the target line, apart from the series' blue and orange
#: The default template's "Title Only" layout: a title placeholder and nothing else drawn.
TITLE_ONLY = 5
#: Where a chart with a target line keeps its plot area (x, y, width, height as fractions of the chart): room on the
#: left for category names, above for the target's name, below for the value axis and its title.
PLOT_BOX = (0.2, 0.08, 0.72, 0.78)
LABEL_WIDTH, LABEL_HEIGHT = Inches(3.6), Inches(0.34)
CHART_TYPES = {
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
}


def _typeface(
    font: object, size: float | None = None, bold: bool | None = None, colour: RGBColor | None = None
) -> None:
    """Set a font's Latin and complex-script (Thai) typeface, and optionally size, weight and colour.

    python-pptx sets only the Latin typeface; without <a:cs> PowerPoint draws Thai in a fallback font.
    """
    font.name = FONT
    properties = font._rPr if hasattr(font, "_rPr") else font._element  # run font or chart/default font
    latin = properties.find(qn("a:latin"))
    cs = properties.find(qn("a:cs"))
    if cs is None:
        cs = etree.SubElement(properties, qn("a:cs"))
        (properties.find(qn("a:ea")) if properties.find(qn("a:ea")) is not None else latin).addnext(cs)
    cs.set("typeface", FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour


def _text(
    slide: object,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: list[str],
    size: float,
    bold: bool = False,
    colour: RGBColor = INK,
    link: str | None = None,
    align: PP_ALIGN | None = None,
) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    _fill(box.text_frame, lines, size, bold, colour, link, align)


def _fill(
    frame: object,
    lines: list[str],
    size: float,
    bold: bool = False,
    colour: RGBColor = INK,
    link: str | None = None,
    align: PP_ALIGN | None = None,
) -> None:
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.5)
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        _typeface(run.font, size, bold, colour)
        if link:
            run.hyperlink.address = link


def _chart(slide: object, chart: ChartData, left: int, top: int, width: int, height: int) -> object:
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for name, values in chart.series:
        data.add_series(name, values, number_format=chart.number_format)
    shape = slide.shapes.add_chart(CHART_TYPES[chart.kind], left, top, width, height, data)
    native = shape.chart
    if chart.target is not None and chart.kind != "line":
        _plot_box(native)  # the target line is drawn at a known place on the plot
    native.has_title = False  # the slide's title says it; a one-series chart would repeat the series name
    _typeface(native.font, 12, colour=INK)
    native.has_legend = len(chart.series) > 1
    if native.has_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
    value_axis = native.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    value_axis.tick_labels.number_format = chart.number_format
    value_axis.tick_labels.number_format_is_linked = False
    low, high = chart.axis_range or (0, None)
    value_axis.minimum_scale = low
    if high is not None:
        value_axis.maximum_scale = high
        if low:  # a fitted axis: a tick every 5 points, so 80, 85 … 100 are read as such
            value_axis.major_unit = AXIS_STEP
    if chart.axis_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = chart.axis_title
        _typeface(value_axis.axis_title.text_frame.paragraphs[0].runs[0].font, 11, colour=MUTED)
    plot = native.plots[0]
    if chart.kind != "line":
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.number_format = chart.number_format
        plot.data_labels.number_format_is_linked = False
        _typeface(plot.data_labels.font, 11, colour=INK)
    for index, series in enumerate(plot.series):
        colour = PALETTE[index % len(PALETTE)]
        if chart.kind == "line":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(2.5)
            series.smooth = False
            if chart.series[index][0] in chart.dashed:
                series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH  # a target
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
    if chart.highlight is not None and chart.kind != "line":
        point = plot.series[0].points[chart.highlight]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = PALETTE[1]
    if chart.target is not None and chart.kind != "line" and high is not None:
        _target_line(slide, chart, low, high, left, top, width, height)
    return native


def _plot_box(native: object) -> None:
    """Place the chart's plot area (the axes' rectangle) at PLOT_BOX, so a value maps to a known point on the slide."""
    plot_area = native._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = etree.Element(qn("c:layout"))
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    x, y, w, h = PLOT_BOX
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", x), ("y", y)):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", str(value))
    for tag, value in (("w", w), ("h", h)):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", str(value))


def _target_line(
    slide: object, chart: ChartData, low: float, high: float, left: int, top: int, width: int, height: int
) -> None:
    """Draw the target in force as a dashed line across the plot (PLOT_BOX) at its value, named above the plot."""
    x, y, w, h = PLOT_BOX
    share = (chart.target - low) / (high - low)
    if chart.kind == "bar":  # the value axis runs left to right
        at = left + int(width * (x + w * share))
        start, end = (at, top + int(height * y)), (at, top + int(height * (y + h)))
        label_left = at - LABEL_WIDTH if share > 0.5 else at
        label_top = top + int(height * y) - LABEL_HEIGHT
    else:  # columns: bottom to top
        at = top + int(height * (y + h * (1 - share)))
        start, end = (left + int(width * x), at), (left + int(width * (x + w)), at)
        label_left, label_top = left + int(width * (x + w)) - LABEL_WIDTH, at - LABEL_HEIGHT
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *start, *end)
    line.name = "Target line"
    line.line.color.rgb = TARGET
    line.line.width = Pt(2.25)
    line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    align = PP_ALIGN.RIGHT if chart.kind != "bar" or share > 0.5 else PP_ALIGN.LEFT
    _text(slide, label_left, label_top, LABEL_WIDTH, LABEL_HEIGHT, [chart.target_label], 11, True, TARGET, align=align)


def _add_slide(deck: Presentation, briefing: Briefing, slide: Slide) -> None:
    # "Title Only": the slide's title is its title placeholder, so PowerPoint's outline, accessibility checker and
    # Reuse Slides read it; every other shape is placed here.
    page = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    margin = Inches(0.5)
    inner = WIDTH - 2 * margin
    title = page.shapes.title
    title.left, title.top, title.width, title.height = margin, Inches(0.3), inner - Inches(2.6), Inches(1.0)
    title.text_frame.clear()
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    _fill(title.text_frame, [slide.title], 30 if slide.key == "title" else 24, bold=True, align=PP_ALIGN.LEFT)
    if briefing.synthetic:
        _text(
            page,
            WIDTH - margin - Inches(2.5),
            Inches(0.3),
            Inches(2.5),
            Inches(0.6),
            [t("synthetic_short", briefing.lang)],
            12,
            bold=True,
            colour=WARNING,
        )
    top, height = Inches(1.4), Inches(5.2)
    if slide.chart is not None and slide.points:
        _chart(page, slide.chart, margin, top, Emu(int(inner * 0.64)), height)
        _text(page, margin + Emu(int(inner * 0.67)), top, Emu(int(inner * 0.33)), height, slide.points, 15)
    elif slide.chart is not None:
        _chart(page, slide.chart, margin, top, inner, height)
    else:
        _text(
            page,
            margin,
            top + (Inches(0.6) if slide.key == "title" else 0),
            inner,
            height,
            slide.points,
            24 if slide.key in ("title", "key_figures") else 18,
        )
    _text(page, margin, Inches(6.85), Emu(int(inner * 0.7)), Inches(0.5), [slide.source], 10, colour=MUTED)
    _text(
        page,
        margin + Emu(int(inner * 0.72)),
        Inches(6.85),
        Emu(int(inner * 0.28)),
        Inches(0.5),
        [t("briefing_link", briefing.lang)],
        10,
        colour=PALETTE[0],
        link=briefing.link,
    )
    notes = page.notes_slide.notes_text_frame
    notes.text = slide.notes
    for paragraph in notes.paragraphs:
        for run in paragraph.runs:
            _typeface(run.font, 12)


def write_deck(briefing: Briefing, out: Path | str | io.BytesIO | None = None) -> bytes:
    """Write the briefing as a .pptx (to out, when given) and return its bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = briefing.slides[0].title
    deck.core_properties.language = "th-TH" if briefing.lang == "th" else "en-GB"
    for slide in briefing.slides:
        _add_slide(deck, briefing, slide)
    buffer = io.BytesIO()
    deck.save(buffer)
    data = buffer.getvalue()
    if isinstance(out, io.BytesIO):
        out.write(data)
    elif out is not None:
        Path(out).write_bytes(data)
    return data

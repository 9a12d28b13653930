"""Native Word charts: a DrawingML chart part, its embedded workbook and the inline drawing.

The chart XML comes from python-pptx's ``ChartXmlWriter`` (a maintained DrawingML chart writer);
this module only adapts it to WordprocessingML: fonts from the profile, positive axis ids (the
schema's unsignedInt; python-pptx copies negative ones from PowerPoint), square corners, the data
labels, and an ``c:externalData`` link to an embedded .xlsx so that Word and WPS can edit the
data ("编辑数据"). Everything is deterministic: fixed workbook properties, a normalized zip.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from docgen.ooxml.package import read_zip, write_zip
from docgen.ooxml.xml import NS, parse, qn, serialize

CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_AXIS_IDS = (510_000_001, 510_000_002)
_WORKBOOK_DATE = datetime.datetime(2026, 1, 1)
# Explicit colours: the package has no theme, and Word and LibreOffice would each pick their own.
# A mid blue that prints as a mid grey; red stays reserved for the masthead.
_BAR_FILLS = ("5B7FA6", "A5A5A5", "7F7F7F")
_GRID_LINE = "D9D9D9"


@dataclass(frozen=True)
class ChartData:
    """A category chart: its categories, one or more named series, how values are written."""

    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    number_format: str = "0.0%"
    value_max: float | None = None


@dataclass(frozen=True)
class ChartFont:
    """The face and size of every label in the chart (from the profile's table element)."""

    east_asian: str
    latin: str
    size_pt: float


@dataclass(frozen=True)
class EmbeddedChart:
    """One chart ready for a package: its number (chartN.xml), relationship id and parts."""

    number: int
    rid: str
    chart_xml: bytes
    workbook: bytes

    @property
    def part(self) -> str:
        return f"word/charts/chart{self.number}.xml"

    @property
    def workbook_part(self) -> str:
        return f"word/embeddings/Microsoft_Excel_Worksheet{self.number}.xlsx"


def chart_xml(data: ChartData, font: ChartFont) -> bytes:
    """The chart part: a horizontal bar chart, categories top-down in the given order."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter
    from pptx.enum.chart import XL_CHART_TYPE

    chart_data = CategoryChartData(number_format=data.number_format)
    chart_data.categories = list(data.categories)
    for name, values in data.series:
        chart_data.add_series(name, list(values))
    root = parse(ChartXmlWriter(XL_CHART_TYPE.BAR_CLUSTERED, chart_data).xml.encode("utf-8"))
    _positive_axis_ids(root)
    _square_corners(root)
    _top_down(root, data)
    _series_fills(root)
    _data_labels(root, data.number_format)
    _no_auto_title(root, multiple=len(data.series) > 1)
    _fonts(root, font)
    _external_data(root)
    return serialize(root)


def workbook_bytes(data: ChartData) -> bytes:
    """The chart's data as an .xlsx laid out where the chart's formulas point (Sheet1!A1…)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": _WORKBOOK_DATE, "author": "docgen"})
    sheet = book.add_worksheet("Sheet1")
    number = book.add_format({"num_format": data.number_format})
    for row, category in enumerate(data.categories, start=1):
        sheet.write_string(row, 0, category)
    for column, (name, values) in enumerate(data.series, start=1):
        sheet.write_string(0, column, name)
        for row, value in enumerate(values, start=1):
            sheet.write_number(row, column, value, number)
    sheet.set_column(0, 0, max((len(c) for c in data.categories), default=4) * 2 + 2)
    book.close()
    return write_zip(_workbook_parts(buffer.getvalue()))


def _workbook_parts(blob: bytes) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def inline_drawing_xml(rid: str, number: int, title: str, cx: int, cy: int) -> str:
    """A paragraph holding the chart inline (``w:drawing/wp:inline``), sized in EMU."""
    name = escape(f"图表 {number}", {'"': "&quot;"})
    descr = escape(title, {'"': "&quot;"})
    return (
        '<w:p><w:pPr><w:pStyle w:val="TableText"/><w:spacing w:line="240" w:lineRule="auto"/>'
        '<w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{NS["wp"]}">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{NS["a"]}"><a:graphicData uri="{CHART_URI}">'
        f'<c:chart xmlns:c="{NS["c"]}" r:id="{rid}"/></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>"
    )


def embed(package: bytes, source: str, charts: Sequence[EmbeddedChart]) -> bytes:
    """The package with each chart's part, workbook, relationships and content types added.

    ``wp:docPr`` ids are renumbered in document order, so they stay unique whatever else the
    template or other blocks drew.
    """
    if not charts:
        return package
    parts = read_zip(package, source)
    for chart in charts:
        parts[chart.part] = chart.chart_xml
        parts[chart.workbook_part] = chart.workbook
        parts[f"word/charts/_rels/chart{chart.number}.xml.rels"] = _chart_rels(chart)
    parts["word/_rels/document.xml.rels"] = _add_relationships(
        parts["word/_rels/document.xml.rels"],
        [(c.rid, f"{_REL}/chart", f"charts/chart{c.number}.xml") for c in charts],
    )
    parts["[Content_Types].xml"] = _add_content_types(parts["[Content_Types].xml"], charts)
    parts["word/document.xml"] = _renumber_drawings(parts["word/document.xml"])
    return write_zip(parts)


def _positive_axis_ids(root: etree._Element) -> None:
    """python-pptx writes negative ids (a PowerPoint habit); the schema wants unsignedInt."""
    mapping: dict[str, str] = {}
    for element in root.iter(qn("c:axId"), qn("c:crossAx")):
        value = element.get("val", "")
        if value not in mapping:
            mapping[value] = str(_AXIS_IDS[len(mapping) % 2] + 2 * (len(mapping) // 2))
        element.set("val", mapping[value])


def _c(local: str, val: str | None = None) -> etree._Element:
    element = etree.Element(qn(f"c:{local}"))
    if val is not None:
        element.set("val", val)
    return element


def _square_corners(root: etree._Element) -> None:
    # Absent roundedCorners means rounded in Word; CT_ChartSpace: date1904, lang, roundedCorners.
    lang, corners = _c("lang", "zh-CN"), _c("roundedCorners", "0")
    root.insert(0, corners)
    root.insert(0, lang)
    date1904 = root.find(qn("c:date1904"))
    if date1904 is not None:
        root.insert(0, date1904)


def _top_down(root: etree._Element, data: ChartData) -> None:
    """Bars read in list order from the top, the value axis below, from 0 to ``value_max``."""
    category_axis = root.find(f".//{qn('c:catAx')}")
    value_axis = root.find(f".//{qn('c:valAx')}")
    if category_axis is None or value_axis is None:  # pragma: no cover - the bar writer has both
        return
    category_axis.find(f"{qn('c:scaling')}/{qn('c:orientation')}").set("val", "maxMin")
    scaling = value_axis.find(qn("c:scaling"))
    scaling.append(_c("orientation", "minMax"))
    if data.value_max is not None:
        scaling.append(_c("max", f"{data.value_max:g}"))
        scaling.append(_c("min", "0"))
    # CT_ValAx: …majorGridlines, minorGridlines, title, numFmt, majorTickMark…
    number_format = etree.Element(qn("c:numFmt"))
    number_format.set("formatCode", data.number_format.replace(".0", ""))
    number_format.set("sourceLinked", "0")
    value_axis.find(qn("c:majorTickMark")).addprevious(number_format)
    crosses = value_axis.find(qn("c:crosses"))
    crosses.set("val", "max")
    # CT_ValAx ends: crossAx, crosses, crossBetween, majorUnit; gridlines in a light grey.
    crosses.addnext(_c("crossBetween", "between"))
    if data.value_max is not None:
        value_axis.find(qn("c:crossBetween")).addnext(_c("majorUnit", f"{data.value_max / 5:g}"))
    gridlines = value_axis.find(qn("c:majorGridlines"))
    if gridlines is not None:
        gridlines.append(_solid_line(_GRID_LINE))


def _solid_line(color: str, width_emu: int = 9525) -> etree._Element:
    shape = etree.Element(qn("c:spPr"))
    line = etree.SubElement(shape, qn("a:ln"))
    line.set("w", str(width_emu))
    etree.SubElement(etree.SubElement(line, qn("a:solidFill")), qn("a:srgbClr")).set("val", color)
    return shape


def _series_fills(root: etree._Element) -> None:
    """CT_BarSer: idx, order, tx, spPr, invertIfNegative, … cat, val."""
    for index, series in enumerate(root.iter(qn("c:ser"))):
        shape = etree.Element(qn("c:spPr"))
        fill = etree.SubElement(shape, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", _BAR_FILLS[index % len(_BAR_FILLS)])
        series.find(qn("c:tx")).addnext(shape)
        shape.addnext(_c("invertIfNegative", "0"))


def _data_labels(root: etree._Element, number_format: str) -> None:
    """Each bar shows its value; CT_BarChart puts dLbls after the series, before gapWidth."""
    bar_chart = root.find(f".//{qn('c:barChart')}")
    labels = _c("dLbls")
    fmt = etree.SubElement(labels, qn("c:numFmt"))
    fmt.set("formatCode", number_format)
    fmt.set("sourceLinked", "0")
    for local, val in (
        ("showLegendKey", "0"),
        ("showVal", "1"),
        ("showCatName", "0"),
        ("showSerName", "0"),
        ("showPercent", "0"),
        ("showBubbleSize", "0"),
    ):
        labels.append(_c(local, val))
    series = bar_chart.findall(qn("c:ser"))
    series[-1].addnext(labels)
    labels.addnext(_c("gapWidth", "60"))


def _no_auto_title(root: etree._Element, *, multiple: bool) -> None:
    """No title inside the chart (the bulletin's caption says it); a legend only for 2+ series."""
    chart = root.find(qn("c:chart"))
    chart.find(qn("c:autoTitleDeleted")).set("val", "1")
    if multiple:
        legend = _c("legend")
        legend.append(_c("legendPos", "b"))
        legend.append(_c("overlay", "0"))
        chart.find(qn("c:plotArea")).addnext(legend)


def _fonts(root: etree._Element, font: ChartFont) -> None:
    """The chart-wide text properties: the profile's faces in the Latin and East Asian slots."""
    text = root.find(qn("c:txPr"))
    default = text.find(f".//{qn('a:defRPr')}")
    default.set("sz", str(round(font.size_pt * 100)))
    for child in list(default):
        default.remove(child)
    for slot, face in (("latin", font.latin), ("ea", font.east_asian), ("cs", font.east_asian)):
        etree.SubElement(default, qn(f"a:{slot}")).set("typeface", face)
    # No border around the chart area: CT_ChartSpace puts spPr between chart and txPr.
    shape = etree.Element(qn("c:spPr"))
    line = etree.SubElement(shape, qn("a:ln"))
    etree.SubElement(line, qn("a:noFill"))
    text.addprevious(shape)


def _external_data(root: etree._Element) -> None:
    """Link the embedded workbook (relationship rId1 of the chart part) after c:txPr."""
    link = etree.Element(qn("c:externalData"), nsmap={"r": NS["r"]})
    link.set(qn("r:id"), "rId1")
    link.append(_c("autoUpdate", "0"))
    root.find(qn("c:txPr")).addnext(link)


def _chart_rels(chart: EmbeddedChart) -> bytes:
    target = f"../embeddings/Microsoft_Excel_Worksheet{chart.number}.xlsx"
    return _add_relationships(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
        [("rId1", f"{_REL}/package", target)],
    )


def _add_relationships(blob: bytes, rels: Sequence[tuple[str, str, str]]) -> bytes:
    root = parse(blob)
    taken = {r.get("Id") for r in root}
    for rid, rtype, target in rels:
        if rid in taken:
            raise ValueError(f"relationship id {rid} already used")
        element = etree.SubElement(root, qn("pr:Relationship"))
        element.set("Id", rid)
        element.set("Type", rtype)
        element.set("Target", target)
    return serialize(root)


def _add_content_types(blob: bytes, charts: Sequence[EmbeddedChart]) -> bytes:
    root = parse(blob)
    defaults = {d.get("Extension") for d in root.findall(qn("ct:Default"))}
    if "xlsx" not in defaults:
        element = etree.Element(qn("ct:Default"))
        element.set("Extension", "xlsx")
        element.set("ContentType", XLSX_CT)
        last_default = root.findall(qn("ct:Default"))[-1]
        last_default.addnext(element)
    for chart in charts:
        element = etree.SubElement(root, qn("ct:Override"))
        element.set("PartName", f"/{chart.part}")
        element.set("ContentType", CHART_CT)
    return serialize(root)


_DOCPR = re.compile(rb'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')


def _renumber_drawings(document: bytes) -> bytes:
    counter = iter(range(1, 1_000_000))
    return _DOCPR.sub(lambda m: m.group(1) + str(next(counter)).encode() + m.group(3), document)


__all__ = [
    "ChartData",
    "ChartFont",
    "EmbeddedChart",
    "chart_xml",
    "embed",
    "inline_drawing_xml",
    "workbook_bytes",
]

"""The bulletin's own pieces in a body: 报头, 报尾 and native charts, laid out from the profile."""

from __future__ import annotations

from docgen.compose.outline import BulletinTail, Chart, Masthead
from docgen.layout.profile import Profile
from docgen.ooxml.bulletin import masthead_xml, tail_xml
from docgen.ooxml.chart import (
    ChartData,
    ChartFont,
    EmbeddedChart,
    chart_xml,
    inline_drawing_xml,
    workbook_bytes,
)
from docgen.ooxml.section import text_width

EMU_PER_TWIP = 635


def bulletin_xml(
    item: Masthead | BulletinTail | Chart, profile: Profile, charts: list[EmbeddedChart]
) -> str:
    """The XML of one piece; a chart is also appended to ``charts`` for packaging."""
    if isinstance(item, Masthead):
        return masthead_xml(profile, item.name, item.issue, item.editor, item.date)
    if isinstance(item, BulletinTail):
        return tail_xml(profile, item.entries, item.copies)
    return _chart(item, profile, charts)


def _chart(item: Chart, profile: Profile, charts: list[EmbeddedChart]) -> str:
    """A chart as wide as the text block, one grid line high per category (plus the axis)."""
    number = len(charts) + 1
    data = ChartData(item.categories, item.series, item.number_format, item.value_max)
    element = profile.elements.table
    face = profile.face_name(element)
    font = ChartFont(east_asian=face, latin=profile.latin_face or face, size_pt=element.size.pt)
    rid = f"rIdDocgenChart{number}"
    charts.append(EmbeddedChart(number, rid, chart_xml(data, font), workbook_bytes(data)))
    width = text_width(profile) * EMU_PER_TWIP
    height = (len(item.categories) + 2) * profile.grid.line_spacing
    return inline_drawing_xml(rid, number, item.title, width, int(height))

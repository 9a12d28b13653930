"""Native charts: python-pptx's chart XML adapted for Word, embedded with its workbook."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from docgen.ooxml.chart import (
    ChartData,
    ChartFont,
    EmbeddedChart,
    chart_xml,
    embed,
    inline_drawing_xml,
    workbook_bytes,
)
from docgen.ooxml.package import read_zip, write_zip
from docgen.ooxml.xml import NS

DATA = ChartData(("市委办公室", "市信访局"), (("完成率", (0.5, 0.25)),), "0.0%", 1.0)
FONT = ChartFont("仿宋_GB2312", "仿宋_GB2312", 14)


def _xpath(xml: bytes, path: str) -> list[str]:
    return etree.fromstring(xml).xpath(path, namespaces=NS)


def test_axis_ids_are_positive_and_cross_each_other() -> None:
    xml = chart_xml(DATA, FONT)
    ids = _xpath(xml, "//c:axId/@val | //c:crossAx/@val")
    assert ids and all(int(value) > 0 for value in ids)
    assert sorted(
        set(_xpath(xml, "//c:catAx/c:axId/@val") + _xpath(xml, "//c:valAx/c:axId/@val"))
    ) == sorted(set(ids))


def test_chart_names_the_profile_faces_and_links_its_workbook() -> None:
    xml = chart_xml(DATA, FONT)
    assert _xpath(xml, "//c:txPr//a:defRPr/a:ea/@typeface") == ["仿宋_GB2312"]
    assert _xpath(xml, "//c:txPr//a:defRPr/@sz") == ["1400"]
    assert _xpath(xml, "//c:externalData/@r:id") == ["rId1"]
    assert _xpath(xml, "//c:cat//c:pt/c:v/text()") == ["市委办公室", "市信访局"]
    assert _xpath(xml, "//c:roundedCorners/@val") == ["0"]


def test_the_workbook_holds_the_charts_data_and_is_deterministic() -> None:
    from openpyxl import load_workbook

    blob = workbook_bytes(DATA)
    assert blob == workbook_bytes(DATA)
    sheet = load_workbook(io.BytesIO(blob))["Sheet1"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [None, "完成率"],
        ["市委办公室", 0.5],
        ["市信访局", 0.25],
    ]


def _package() -> bytes:
    w = NS["w"]
    document = (
        f'<w:document xmlns:w="{w}" xmlns:r="{NS["r"]}"><w:body>'
        + inline_drawing_xml("rIdDocgenChart1", 7, "图1", 5_000_000, 3_000_000)
        + "</w:body></w:document>"
    ).encode()
    return write_zip(
        {
            "[Content_Types].xml": (
                b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="xml" ContentType="application/xml"/></Types>'
            ),
            "word/document.xml": document,
            "word/_rels/document.xml.rels": (
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
            ),
        }
    )


def test_embedding_adds_parts_relationships_and_content_types() -> None:
    chart = EmbeddedChart(1, "rIdDocgenChart1", chart_xml(DATA, FONT), workbook_bytes(DATA))
    parts = read_zip(embed(_package(), "t.docx", [chart]), "t.docx")
    assert {"word/charts/chart1.xml", "word/embeddings/Microsoft_Excel_Worksheet1.xlsx"} <= set(
        parts
    )
    assert b'Target="charts/chart1.xml"' in parts["word/_rels/document.xml.rels"]
    assert (
        b"../embeddings/Microsoft_Excel_Worksheet1.xlsx"
        in parts["word/charts/_rels/chart1.xml.rels"]
    )
    types = parts["[Content_Types].xml"]
    assert b'PartName="/word/charts/chart1.xml"' in types and b'Extension="xlsx"' in types
    assert b'<wp:docPr id="1"' in parts["word/document.xml"]  # renumbered from 7
    assert zipfile.ZipFile(io.BytesIO(embed(_package(), "t.docx", [chart]))).testzip() is None

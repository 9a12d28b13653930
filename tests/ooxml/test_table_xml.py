"""Specs for table XML: widths in tblW, gridCol and tcW; a repeated header; merges; single spacing."""

from __future__ import annotations

from lxml import etree

from docgen.compose.outline import Cell
from docgen.layout.profile import load_profile
from docgen.ooxml.table import column_widths, table_xml

PROFILE = load_profile("gbt9704")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def build(rows: list[tuple[Cell, ...]], page_height: int = 0) -> etree._Element:
    xml = table_xml(
        PROFILE,
        width=12756,
        weights=[1, 2, 4],
        aligns=["center", "center", "both"],
        header=["序号", "类别", "问题"],
        rows=rows,
        page_height=page_height,
    )
    return etree.fromstring(xml.replace("<w:tbl>", f'<w:tbl xmlns:w="{W}">', 1))


def val(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


def test_widths_add_up_to_the_table_width_in_every_place() -> None:
    assert column_widths(1000, [1, 1, 1]) == [333, 333, 334]
    table = build([(Cell("1"), Cell("作风"), Cell("问题"))])
    assert val(table.find("w:tblPr/w:tblW", NS), "w") == "12756"
    grid = [int(val(c, "w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == 12756
    for row in table.findall("w:tr", NS):
        assert [int(val(c, "w")) for c in row.findall("w:tc/w:tcPr/w:tcW", NS)] == grid


def test_the_header_row_repeats_on_every_page() -> None:
    first, second = build([(Cell("1"), Cell("作风"), Cell("问题"))]).findall("w:tr", NS)
    assert first.find("w:trPr/w:tblHeader", NS) is not None
    assert second.find("w:trPr", NS) is None


def test_cell_paragraphs_are_single_spaced_and_off_the_grid() -> None:
    table = build([(Cell("1"), Cell("作风"), Cell("第一行\n第二行"))])
    for paragraph in table.iter(f"{{{W}}}p"):
        spacing = paragraph.find("w:pPr/w:spacing", NS)
        assert (val(spacing, "line"), val(spacing, "lineRule")) == ("240", "auto")
        assert val(paragraph.find("w:pPr/w:snapToGrid", NS), "val") == "0"
    last_cell = table.findall("w:tr", NS)[1].findall("w:tc", NS)[2]
    assert [p.findtext(".//w:t", namespaces=NS) for p in last_cell.findall("w:p", NS)] == [
        "第一行",
        "第二行",
    ]


def test_a_merged_cell_continues_the_one_above() -> None:
    rows = [
        (Cell("1"), Cell("作风"), Cell("甲")),
        (Cell("2"), Cell("作风", merged=True), Cell("乙")),
        (Cell("3"), Cell("纪律"), Cell("丙")),
    ]
    merges = [
        tr.findall("w:tc", NS)[1].find("w:tcPr/w:vMerge", NS)
        for tr in build(rows).findall("w:tr", NS)[1:]
    ]
    assert val(merges[0], "val") == "restart"
    assert merges[1] is not None and val(merges[1], "val") is None
    assert merges[2] is None


def test_every_cell_ends_in_a_paragraph_even_when_empty() -> None:
    table = build([(Cell(""), Cell("作风"), Cell(""))])
    for cell in table.iter(f"{{{W}}}tc"):
        assert cell[-1].tag == f"{{{W}}}p"


def test_header_cells_name_the_heading_face_in_all_four_slots() -> None:
    header = build([(Cell("1"), Cell("作风"), Cell("问题"))]).findall("w:tr", NS)[0]
    fonts = header.find(".//w:r/w:rPr/w:rFonts", NS)
    assert {val(fonts, s) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {PROFILE.faces.heiti}


def test_only_tables_without_any_row_are_dropped() -> None:
    from docgen.ooxml.table import drop_empty_tables
    from docgen.ooxml.xml import NS

    body = etree.fromstring(
        f'<w:body xmlns:w="{NS["w"]}">'
        "<w:tbl><w:tblPr/><w:tblGrid/></w:tbl>"
        "<w:tbl><w:tblPr/><w:tblGrid/><w:customXml><w:tr><w:tc><w:p/></w:tc></w:tr>"
        "</w:customXml></w:tbl><w:p/></w:body>"
    )
    drop_empty_tables(body)
    assert [etree.QName(child).localname for child in body] == ["tbl", "p"]
    assert next(body.iter(f"{{{NS['w']}}}tr"), None) is not None


def test_fixed_columns_keep_their_width_and_the_others_share_the_rest() -> None:
    assert column_widths(1000, [1, 1, 3], [100, 0, 0]) == [100, 225, 675]
    # Fixed widths that would squeeze a shared column below its narrowest are scaled down.
    assert column_widths(1000, [1, 1, 1], [600, 600, 0], narrowest=100) == [450, 450, 100]
    # Every column fixed: the last takes what the others leave, so the table stays full.
    assert column_widths(1000, [1, 1], [300, 300]) == [300, 700]


def test_a_row_that_fits_a_page_is_kept_whole_and_a_blank_one_is_two_lines_high() -> None:
    """Clerk review 18: a task broke across pages, its second half without a 序号."""
    short = (Cell("1"), Cell("作风"), Cell("问题表现" * 10))
    tall = (Cell("2"), Cell("作风"), Cell("很长的问题" * 400))  # taller than the page
    blank = (Cell(), Cell(), Cell())
    table = build([short, tall, blank], page_height=8844)
    props = [row.find("w:trPr", NS) for row in table.findall("w:tr", NS)[1:]]
    assert props[0].find("w:cantSplit", NS) is not None
    assert props[1] is None  # Word would cut it off at the page's foot
    assert int(val(props[2].find("w:trHeight", NS), "val")) == 2 * 280 * 130 // 100
    assert val(props[2].find("w:trHeight", NS), "hRule") == "atLeast"


def test_a_tall_header_leaves_less_room_for_a_row_kept_whole() -> None:
    """Security review 25: a header many lines high repeats above the row, which then no
    longer fit the page and was cut off."""
    row = (Cell("1"), Cell("作风"), Cell("问" * 300))  # some 24 lines in its column

    def kept(header: list[str]) -> bool:
        xml = table_xml(
            PROFILE,
            width=12756,
            weights=[1, 2, 4],
            aligns=["center"] * 3,
            header=header,
            rows=[row],
            page_height=8844,
        )
        table = etree.fromstring(xml.replace("<w:tbl>", f'<w:tbl xmlns:w="{W}">', 1))
        return table.find("w:tr[2]/w:trPr/w:cantSplit", NS) is not None

    assert kept(["序号", "类别", "问题"])
    assert not kept(["序号", "类别" + "长" * 200, "问题"])


def test_columns_too_narrow_for_their_fixed_widths_share_the_width_instead() -> None:
    widths = column_widths(1000, [1, 1, 1], [400, 0, 0], narrowest=600)
    assert widths == [333, 333, 334] and min(widths) > 0

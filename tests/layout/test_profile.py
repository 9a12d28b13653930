"""The layout profile: the national numbers, unit overrides by inheritance, and templates built from it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests_support import ROOT, copy_workspace

from docgen.errors import InputError
from docgen.layout.profile import load_profile
from docgen.layout.units import Length, Mm, Pt, parse_size

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_national_profile_holds_the_standard_numbers() -> None:
    profile = load_profile("gbt9704")
    page = profile.page
    assert (page.width.mm, page.height.mm) == (210, 297)
    assert (page.margin_top.mm, page.margin_left.mm) == (37, 28)
    assert round(page.block_width.mm) == 156 and round(page.block_height.mm) == 225
    assert (profile.grid.lines_per_page, profile.grid.chars_per_line) == (22, 28)
    assert profile.elements.title.size == Pt(22)
    assert profile.elements.body.size == Pt(16)
    assert profile.elements.imprint.size == Pt(14)
    assert profile.page_number.format == "— {n} —"


def test_unit_profile_inherits_and_overrides_only_its_keys() -> None:
    unit = load_profile("profiles/linjiang.yaml", ROOT)
    national = load_profile("gbt9704")
    assert unit.name == "linjiang"
    assert unit.page.margin_left == Mm(30) and unit.page.margin_right == Mm(30)
    assert unit.page.margin_top == national.page.margin_top
    assert unit.grid.line_spacing == Pt(29)
    assert unit.elements.heading3.bold and not national.elements.heading3.bold
    assert unit.elements.body == national.elements.body
    assert unit.latin_face == "Times New Roman"


def test_inheritance_cycle_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n", encoding="utf-8")
    with pytest.raises(InputError, match="循环"):
        load_profile("a.yaml", tmp_path)


def test_unknown_bundled_profile_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="gbt9704"):
        load_profile("nosuch")


def test_a_bad_value_names_the_profile_field(tmp_path: Path) -> None:
    (tmp_path / "u.yaml").write_text(
        "extends: gbt9704\npage:\n  margin_top: 37 millimetres\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_profile("u.yaml", tmp_path)
    assert caught.value.location.field == "page.margin_top"


def test_lengths_carry_units() -> None:
    assert Length.parse("37mm").twips == 2098
    assert Length.parse("16pt").half_points == 32
    assert parse_size("三号") == Pt(16) and parse_size("小四") == Pt(12)
    with pytest.raises(ValueError):
        Length.parse("three")


def _xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def test_templates_follow_the_selected_unit_profile(tmp_path: Path) -> None:
    from docgen.pipeline import build_templates
    from docgen.workspace import open_workspace

    root = copy_workspace(tmp_path / "ws")
    config = root / "docgen.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "profile: gbt9704", "profile: profiles/linjiang.yaml"
        ),
        encoding="utf-8",
    )
    [template, *_] = build_templates(open_workspace(root))
    margins = _xml(template, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgMar")
    assert margins.get(f"{W}left") == margins.get(f"{W}right") == str(Mm(30).twips)
    styles = _xml(template, "word/styles.xml")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal.find(f"{W}pPr/{W}spacing").get(f"{W}line") == "580"
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert normal.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    heading3 = styles.find(f"{W}style[@{W}styleId='Heading3']")
    assert heading3.find(f"{W}rPr/{W}b") is not None


def test_rebuilding_templates_is_byte_identical_to_the_committed_ones(tmp_path: Path) -> None:
    from docgen.pipeline import build_templates
    from docgen.workspace import open_workspace

    root = copy_workspace(tmp_path / "ws")
    for path in build_templates(open_workspace(root)):
        assert path.read_bytes() == (ROOT / "templates" / path.name).read_bytes(), path.name

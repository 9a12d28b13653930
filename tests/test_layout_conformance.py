"""Every built output and template follows the profile: fonts in four slots, page, grid, footer."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from docgen.layout.profile import load_profile
from docgen.ooxml.section import char_spacing, grid_line_pitch

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
ROOT = Path(__file__).resolve().parents[1]


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _documents(example_outputs: list[Path]) -> list[Path]:
    return [*example_outputs, *sorted((ROOT / "templates").glob("*.docx"))]


def test_every_style_names_its_face_in_all_four_slots(example_outputs: list[Path]) -> None:
    for path in _documents(example_outputs):
        styles = _part(path, "word/styles.xml")
        for style in styles.iter(f"{W}style"):
            if style.get(f"{W}type") not in ("paragraph", "character"):
                continue
            fonts = style.find(f"{W}rPr/{W}rFonts")
            style_id = style.get(f"{W}styleId")
            assert fonts is not None, f"{path.name}: style {style_id} has no rFonts"
            for slot in SLOTS:
                assert fonts.get(f"{W}{slot}"), f"{path.name}: style {style_id} lacks w:{slot}"


def test_no_theme_fonts_anywhere(example_outputs: list[Path]) -> None:
    for path in _documents(example_outputs):
        with zipfile.ZipFile(path) as archive:
            assert not any(n.startswith("word/theme/") for n in archive.namelist())
            for name in archive.namelist():
                if name.endswith(".xml"):
                    root = etree.fromstring(archive.read(name))
                    for fonts in root.iter(f"{W}rFonts"):
                        for attr in THEME_ATTRS:
                            assert fonts.get(f"{W}{attr}") is None, (
                                f"{path.name}:{name} uses {attr}"
                            )


def test_body_style_uses_the_profile_faces_and_sizes(example_outputs: list[Path]) -> None:
    profile = load_profile("gbt9704")
    for path in _documents(example_outputs):
        styles = _part(path, "word/styles.xml")
        normal = styles.find(f"{W}style[@{W}styleId='Normal']")
        fonts = normal.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}eastAsia") == profile.faces.fangsong
        assert normal.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"
        heading = styles.find(f"{W}style[@{W}styleId='Heading1']")
        assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == profile.faces.heiti
        title = styles.find(f"{W}style[@{W}styleId='Title']")
        assert title.find(f"{W}rPr/{W}sz").get(f"{W}val") == "44"
        assert title.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
        assert title.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "0"


@pytest.mark.parametrize("profile_name", ["gbt9704"])
def test_page_size_margins_and_grid_match_the_profile(
    example_outputs: list[Path], profile_name: str
) -> None:
    profile = load_profile(profile_name)
    for path in _documents(example_outputs):
        document = _part(path, "word/document.xml")
        section = document.find(f"{W}body/{W}sectPr")
        size = section.find(f"{W}pgSz")
        assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)
        margins = section.find(f"{W}pgMar")
        for side, expected_mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            actual_mm = int(margins.get(f"{W}{side}")) / 1440 * 25.4
            assert abs(actual_mm - expected_mm) <= profile.page.tolerance.mm, side
        grid = section.find(f"{W}docGrid")
        assert int(grid.get(f"{W}linePitch")) == grid_line_pitch(profile) == 579
        # 22 lines of 28 characters: 22 * pitch fits the block, 28 condensed characters fit a line
        assert 22 * 579 <= profile.page.block_height.twips < 23 * 579
        pitch_pt = profile.elements.body.size.pt + char_spacing(profile) / 20
        assert 28 * pitch_pt <= profile.page.block_width.twips / 20 < 29 * pitch_pt


def test_speech_footer_centres_page_number_with_em_dashes(example_outputs: list[Path]) -> None:
    speech = next(p for p in example_outputs if p.name.endswith("讲话.docx"))
    footer = _part(speech, "word/footer1.xml")
    text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
    assert text == "— 1 —"
    assert "PAGE" in "".join(t.text or "" for t in footer.iter(f"{W}instrText"))
    assert footer.find(f".//{W}jc").get(f"{W}val") == "center"

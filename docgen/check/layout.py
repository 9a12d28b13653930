"""Page settings per section: A4, margins within ±1 mm, and the 22 × 28 grid (GB/T 9704 5.1–5.2.3).

Two grids are conforming: docgen's (docGrid type="lines", exact line spacing, body runs condensed
to 28 characters) and Word's character grid (linesAndChars with a charSpace giving 28 characters).
The grid is judged against the profile's text block, so wrong margins are reported once, as
margins, and not again as a wrong number of lines.
"""

from __future__ import annotations

import math
from collections import Counter

from docgen.check.document import Document, Paragraph, Section
from docgen.check.findings import Finding, Where, clause
from docgen.check.structure import Structure
from docgen.layout.profile import Profile
from docgen.ooxml.section import char_spacing, grid_line_pitch

_SIDES = ("top", "bottom", "left", "right")
_SIDE_NAMES = {"top": "上", "bottom": "下", "left": "左", "right": "右"}
_GRID_TYPES = {"lines", "linesAndChars", "snapToChars"}
_CHAR_GRIDS = {"linesAndChars", "snapToChars"}
_NATURAL = 1.3  # a CJK face's single line height, as a multiple of its size


def check(doc: Document, structure: Structure, profile: Profile) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for section in doc.sections:
        for rule, ref, message in [
            *_page(section, profile),
            *_grid(doc, section, structure, profile),
        ]:
            if (rule, message) in seen:
                continue
            seen.add((rule, message))
            where = Where(section=section.number)
            findings.append(Finding(rule, ref, "error", message, where, doc.source))
    return findings


def _mm(twips: float) -> str:
    return f"{twips / 1440 * 25.4:.1f}".removesuffix(".0") + "mm"


def _page(section: Section, profile: Profile) -> list[tuple[str, str, str]]:
    page = profile.page
    tolerance = page.tolerance.twips
    width, height = section.twips("pgSz", "w"), section.twips("pgSz", "h")
    if width is None or height is None:
        return [
            ("LAYOUT-PAGE-SIZE", clause("5.1"), "没有设置纸张大小，Word 会按默认纸张排版；应为 A4")
        ]
    problems = []
    landscape = section.attr("pgSz", "orient") == "landscape" or width > height
    expected = (
        (page.height.twips, page.width.twips)
        if landscape
        else (page.width.twips, page.height.twips)
    )
    if abs(width - expected[0]) > tolerance or abs(height - expected[1]) > tolerance:
        problems.append(
            ("LAYOUT-PAGE-SIZE", clause("5.1"),
             f"纸张应为 {_mm(expected[0])}×{_mm(expected[1])}（A4），实为 {_mm(width)}×{_mm(height)}")
        )  # fmt: skip
    found = {side: section.twips("pgMar", side) for side in _SIDES}
    if any(v is None for v in found.values()):
        problems.append(("LAYOUT-PAGE-MARGIN", clause("5.2.1"), "没有设置页边距"))
        return problems
    margins = {side: value or 0 for side, value in found.items()}
    margins["left"] += section.twips("pgMar", "gutter") or 0  # a gutter widens the binding side
    wanted = _expected_margins(profile, margins, landscape)
    wrong = [s for s in _SIDES if abs(margins[s] - wanted[s]) > tolerance]
    if wrong:
        listed = "、".join(
            f"{_SIDE_NAMES[s]} {_mm(margins[s])}（应为 {_mm(wanted[s])}）" for s in wrong
        )
        block = f"{_mm(page.block_width.twips)}×{_mm(page.block_height.twips)}"
        rule = (
            f"天头 {_mm(page.margin_top.twips)}、订口 {_mm(page.margin_left.twips)}，版心 {block}"
        )
        problems.append(
            ("LAYOUT-PAGE-MARGIN", clause("5.2.1"),
             f"页边距不符：{listed}；{rule}，允许误差 ±{_mm(tolerance)}")
        )  # fmt: skip
    return problems


def _expected_margins(profile: Profile, actual: dict[str, int], landscape: bool) -> dict[str, int]:
    """Portrait margins; a landscape page may keep them or turn them with the sheet."""
    page = profile.page
    t, b, lft, r = (page.margin_top.twips, page.margin_bottom.twips, page.margin_left.twips,
                    page.margin_right.twips)  # fmt: skip
    candidates = [dict(top=t, bottom=b, left=lft, right=r)]
    if landscape:
        candidates += [
            dict(top=lft, bottom=r, left=b, right=t),
            dict(top=r, bottom=lft, left=t, right=b),
        ]
    return min(candidates, key=lambda c: sum(abs(actual[s] - c[s]) for s in _SIDES))


def _grid(
    doc: Document, section: Section, structure: Structure, profile: Profile
) -> list[tuple[str, str, str]]:
    width, height = section.twips("pgSz", "w"), section.twips("pgSz", "h")
    if width is None or height is None or width > height:
        return []  # landscape table pages do not keep the 22 × 28 grid
    body = [
        p for p in doc.paragraphs
        if p.section == section.number and p.stripped and not p.in_table
        and (structure.role(p.number) == "body" or structure.role(p.number).startswith("heading"))
    ]  # fmt: skip
    if not body:
        return []
    grid_type = section.attr("docGrid", "type") or "default"
    pitch = section.twips("docGrid", "linePitch") or 0
    problems = []
    line, approximate, how = _line_height(
        _most_common_spacing(body), _body_size(body), grid_type, pitch
    )
    lines = math.floor(profile.page.block_height.twips / line + 1e-6)
    # The builder's grid pitch is the tallest line that still gives the profile's lines per page.
    lowest = profile.page.block_height.twips / (profile.grid.lines_per_page + 1)
    if not lowest < line <= grid_line_pitch(profile):
        about = "约" if approximate else ""
        problems.append(
            ("LAYOUT-GRID-LINES", clause("5.2.3"),
             f"每面应排 {profile.grid.lines_per_page} 行；按正文{how}，版心排{about} {lines} 行"
             f"（行距应大于 {lowest / 20:.2f} 磅、不大于 {grid_line_pitch(profile) / 20:g} 磅）")
        )  # fmt: skip
    chars, how = _chars_per_line(doc, body, grid_type, section, profile)
    if chars != profile.grid.chars_per_line:
        problems.append(
            ("LAYOUT-GRID-CHARS", clause("5.2.3"),
             f"每行应排 {profile.grid.chars_per_line} 字；按{how}，版心每行排 {chars} 字"
             f"（可用文档网格“指定行和字符网格”，或把正文字距紧缩 {-char_spacing(profile) / 20:g} 磅）")
        )  # fmt: skip
    return problems


def _most_common_spacing(body: list[Paragraph]) -> dict[str, str]:
    counts = Counter(tuple(sorted(p.props.spacing.items())) for p in body)
    return dict(counts.most_common(1)[0][0])


def _body_size(body: list[Paragraph]) -> int:
    """The most common size (half-points) of body text runs."""
    counts = Counter(
        (r.props.size or (20, ""))[0]
        for p in body
        for r in p.runs
        if p.text[r.start : r.end].strip()
    )
    return counts.most_common(1)[0][0] if counts else 32


def _line_height(
    spacing: dict[str, str], size: int, grid_type: str, pitch: int
) -> tuple[float, bool, str]:
    """The height of one body line in twips, whether it is an estimate, and how it was found."""
    rule = spacing.get("lineRule", "auto")
    line = int(spacing["line"]) if spacing.get("line", "").lstrip("-").isdigit() else 240
    if rule == "exact" or (rule == "atLeast" and line >= size * 10 * _NATURAL):
        return line, False, f"行距（固定值 {line / 20:g} 磅）"
    multiple = line / 240 if rule == "auto" else 1.0
    natural = size * 10 * _NATURAL
    if grid_type in _GRID_TYPES and pitch > 0:
        return (
            multiple * max(pitch, natural),
            False,
            f"文档网格行距 {pitch / 20:g} 磅 × {multiple:g} 倍",
        )
    return multiple * natural, True, f"{multiple:g} 倍行距（未设文档网格）"


def _chars_per_line(
    doc: Document, body: list[Paragraph], grid_type: str, section: Section, profile: Profile
) -> tuple[int, str]:
    block = profile.page.block_width.twips / 20
    char_space = section.twips("docGrid", "charSpace")
    if grid_type in _CHAR_GRIDS and char_space is not None:
        _, normal = doc.styles.paragraph(doc.styles.paragraph_style(None))
        size = (normal.size or (20, ""))[0] / 2
        pitch = size + char_space / 4096
        how = f"字符网格（字号 {size:g} 磅、网格字距 {char_space / 4096:+.2f} 磅）"
    else:
        counts = Counter(
            ((r.props.size or (20, ""))[0], r.props.spacing or 0)
            for p in body for r in p.runs if p.text[r.start : r.end].strip()
        )  # fmt: skip
        size_hp, spacing = counts.most_common(1)[0][0] if counts else (32, 0)
        pitch = size_hp / 2 + spacing / 20
        how = f"正文字号 {size_hp / 2:g} 磅、字距 {spacing / 20:+g} 磅"
    return (math.floor(block / pitch + 0.02) if pitch > 0 else 0), how

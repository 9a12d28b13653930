"""styles.xml built from the profile: one named style per element of an official text."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from docgen.layout.profile import Profile
from docgen.ooxml.formatting import pPr, rFonts, rPr, spacing_exact
from docgen.ooxml.xml import el, serialize, w


@dataclass(frozen=True)
class StyleSpec:
    """How a profile element appears in Word: its style id, visible name and kind."""

    element: str
    style_id: str
    name: str
    type: str = "paragraph"
    outline_level: int | None = None
    keep_next: bool = False
    snap_to_grid: bool = True


# Built-in names (Title, heading 1, footer) keep Word's navigation pane and localisation working.
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("body", "Normal", "Normal"),
    StyleSpec("title", "Title", "Title", keep_next=True, snap_to_grid=False),
    StyleSpec("subtitle", "Subtitle", "Subtitle", keep_next=True),
    StyleSpec("salutation", "Salutation", "公文称谓"),
    StyleSpec("heading1", "Heading1", "heading 1", outline_level=0, keep_next=True),
    StyleSpec("heading2", "Heading2", "heading 2", outline_level=1, keep_next=True),
    StyleSpec("heading3", "Heading3", "heading 3", outline_level=2, keep_next=True),
    StyleSpec("heading4", "Heading4", "heading 4", outline_level=3, keep_next=True),
    StyleSpec("recipients", "Recipients", "公文主送机关"),
    StyleSpec("signature", "Signature", "公文落款"),
    StyleSpec("issuer_mark", "IssuerMark", "公文发文机关标志", snap_to_grid=False),
    StyleSpec("doc_number", "DocNumber", "公文发文字号"),
    StyleSpec("copy_number", "CopyNumber", "公文份号"),
    StyleSpec("attachment_label", "AttachmentLabel", "公文附件标识"),
    StyleSpec("imprint", "Imprint", "公文版记"),
    StyleSpec("table", "TableText", "公文表格文字"),
    StyleSpec("masthead", "Masthead", "简报报头", snap_to_grid=False),
    StyleSpec("page_number", "Footer", "footer", snap_to_grid=False),
    StyleSpec("lead", "Lead", "公文领句", type="character"),
)

STYLE_IDS = {spec.element: spec.style_id for spec in STYLES}


def styles_xml(profile: Profile) -> bytes:
    """The whole styles part; every style names its face in all four slots."""
    root = el("w:styles", None, _doc_defaults(profile))
    for spec in STYLES:
        root.append(_style(profile, spec))
    root.append(_table_normal())
    root.append(_table_grid(profile))
    return serialize(root)


def _doc_defaults(profile: Profile) -> etree._Element:
    body = profile.elements.body
    run = rPr(profile, body)
    run.append(el("w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"}))
    paragraph = el("w:pPr", None, spacing_exact(profile.grid.line_spacing.twips))
    return w("docDefaults", None, w("rPrDefault", None, run), w("pPrDefault", None, paragraph))


def _style(profile: Profile, spec: StyleSpec) -> etree._Element:
    element = getattr(profile.elements, spec.element)
    attrs = {"w:type": spec.type, "w:styleId": spec.style_id}
    if spec.style_id == "Normal":
        attrs["w:default"] = "1"
    style = el("w:style", attrs, w("name", spec.name))
    if spec.style_id != "Normal" and spec.type == "paragraph":
        style.append(w("basedOn", "Normal"))
        style.append(w("next", "Normal"))
    style.append(w("qFormat"))
    if spec.type == "paragraph":
        line = element.size.twips if spec.element == "page_number" else None
        style.append(
            pPr(
                profile,
                element,
                keep_next=spec.keep_next,
                snap_to_grid=spec.snap_to_grid,
                outline_level=spec.outline_level,
                line=line,
            )
        )
    style.append(rPr(profile, element))
    return style


def _table_normal() -> etree._Element:
    margins = w(
        "tblCellMar",
        None,
        el("w:top", {"w:w": 0, "w:type": "dxa"}),
        el("w:left", {"w:w": 108, "w:type": "dxa"}),
        el("w:bottom", {"w:w": 0, "w:type": "dxa"}),
        el("w:right", {"w:w": 108, "w:type": "dxa"}),
    )
    return el(
        "w:style",
        {"w:type": "table", "w:default": "1", "w:styleId": "TableNormal"},
        w("name", "Normal Table"),
        w("uiPriority", 99),
        w("semiHidden"),
        w("unhideWhenUsed"),
        w("tblPr", None, el("w:tblInd", {"w:w": 0, "w:type": "dxa"}), margins),
    )


def _table_grid(profile: Profile) -> etree._Element:
    borders = w("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(
            el(f"w:{side}", {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"})
        )
    table = profile.elements.table
    return el(
        "w:style",
        {"w:type": "table", "w:styleId": "TableGrid"},
        w("name", "Table Grid"),
        w("basedOn", "TableNormal"),
        el("w:pPr", None, el("w:spacing", {"w:line": 240, "w:lineRule": "auto"}),
           el("w:ind", {"w:firstLine": 0, "w:firstLineChars": 0})),
        el("w:rPr", None, rFonts(profile, table)),
        w("tblPr", None, borders),
    )  # fmt: skip

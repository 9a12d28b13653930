"""A whole .docx template from the profile: parts for styles, settings, footers and the body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docgen.layout.profile import Profile
from docgen.ooxml.footer import footer_xml
from docgen.ooxml.package import write_zip
from docgen.ooxml.section import sectPr
from docgen.ooxml.styles import STYLE_IDS, styles_xml
from docgen.ooxml.xml import NS, el, serialize, w

_CT = {
    "document": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "fontTable": "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
    "app": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class TemplateLine:
    """One paragraph of a template: a profile element and its text (docxtpl tags allowed)."""

    element: str
    text: str = ""


def build_template(
    profile: Profile, lines: Sequence[TemplateLine], *, page_numbers: str, title: str
) -> bytes:
    """The template's bytes; the same profile and lines always give the same bytes."""
    odd_even = page_numbers == "odd_even"
    footers = {"default": ("rIdFooter1", "footer1.xml", "right" if odd_even else "center")}
    if odd_even:
        footers["even"] = ("rIdFooter2", "footer2.xml", "left")
    parts: dict[str, bytes] = {
        "[Content_Types].xml": _content_types([f[1] for f in footers.values()]),
        "_rels/.rels": _package_rels(),
        "docProps/core.xml": _core(title),
        "docProps/app.xml": _app(),
        "word/document.xml": _document(profile, lines, {k: v[0] for k, v in footers.items()}),
        "word/_rels/document.xml.rels": _document_rels(footers.values()),
        "word/styles.xml": styles_xml(profile),
        "word/settings.xml": _settings(odd_even),
        "word/fontTable.xml": _font_table(profile),
    }
    for _, name, align in footers.values():
        parts[f"word/{name}"] = footer_xml(profile, align)
    return write_zip(parts)


def _document(profile: Profile, lines: Sequence[TemplateLine], footer_ids: dict[str, str]) -> bytes:
    body = w("body")
    for line in lines:
        paragraph = el("w:p", None, el("w:pPr", None, w("pStyle", STYLE_IDS[line.element])))
        if line.text:
            text = el("w:t", {"xml:space": "preserve"})
            text.text = line.text
            paragraph.append(el("w:r", None, text))
        body.append(paragraph)
    body.append(sectPr(profile, footer_ids=footer_ids))
    return serialize(el("w:document", None, body))


def _settings(odd_even: bool) -> bytes:
    root = el("w:settings", None, el("w:zoom", {"w:percent": 100}))
    root.append(w("defaultTabStop", 420))
    if odd_even:
        root.append(w("evenAndOddHeaders"))
    root.append(w("characterSpacingControl", "doNotCompress"))
    compat = el(
        "w:compatSetting",
        {
            "w:name": "compatibilityMode",
            "w:uri": "http://schemas.microsoft.com/office/word",
            "w:val": 15,
        },
    )
    root.append(w("compat", None, compat))
    return serialize(root)


def _font_table(profile: Profile) -> bytes:
    # charset 86 (GB2312) lets Word and WPS pick a Chinese substitute when a face is missing.
    root = el("w:fonts")
    faces = dict.fromkeys(profile.faces.model_dump().values())
    for face in faces:
        root.append(
            el(
                "w:font",
                {"w:name": face},
                w("charset", "86"),
                w("family", "modern"),
                w("pitch", "fixed"),
            )
        )
    if profile.latin_face and profile.latin_face not in faces:
        root.append(
            el(
                "w:font",
                {"w:name": profile.latin_face},
                w("charset", "00"),
                w("family", "roman"),
                w("pitch", "variable"),
            )
        )
    return serialize(root)  # fmt: skip


def _content_types(footer_names: list[str]) -> bytes:
    root = el("ct:Types")
    for ext, ctype in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        root.append(el("ct:Default", {"Extension": ext, "ContentType": ctype}))
    overrides = [
        ("/word/document.xml", _CT["document"]),
        ("/word/styles.xml", _CT["styles"]),
        ("/word/settings.xml", _CT["settings"]),
        ("/word/fontTable.xml", _CT["fontTable"]),
        *((f"/word/{name}", _CT["footer"]) for name in footer_names),
        ("/docProps/core.xml", _CT["core"]),
        ("/docProps/app.xml", _CT["app"]),
    ]
    for part, ctype in overrides:
        root.append(el("ct:Override", {"PartName": part, "ContentType": ctype}))
    return serialize(root)


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    root = el("pr:Relationships")
    for rid, rtype, target in rels:
        root.append(el("pr:Relationship", {"Id": rid, "Type": rtype, "Target": target}))
    return serialize(root)


def _package_rels() -> bytes:
    return _relationships(
        [
            ("rId1", f"{_REL}/officeDocument", "word/document.xml"),
            ("rId2", f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{_REL}/extended-properties", "docProps/app.xml"),
        ]
    )


def _document_rels(footers) -> bytes:  # type: ignore[no-untyped-def]
    rels = [
        ("rIdStyles", f"{_REL}/styles", "styles.xml"),
        ("rIdSettings", f"{_REL}/settings", "settings.xml"),
        ("rIdFontTable", f"{_REL}/fontTable", "fontTable.xml"),
    ]
    rels += [(rid, f"{_REL}/footer", name) for rid, name, _ in footers]
    return _relationships(rels)


def _core(title: str) -> bytes:
    root = el("cp:coreProperties")
    for tag, text in (("dc:title", title), ("dc:creator", "docgen"), ("cp:lastModifiedBy", "docgen"),
                      ("cp:revision", "1")):  # fmt: skip
        child = el(tag)
        child.text = text
        root.append(child)
    for tag in ("dcterms:created", "dcterms:modified"):
        child = el(tag, {"xsi:type": "dcterms:W3CDTF"})
        child.text = "2026-01-01T00:00:00Z"
        root.append(child)
    return serialize(root)


def _app() -> bytes:
    root = el("ep:Properties")
    app = el("ep:Application")
    app.text = "docgen"
    root.append(app)
    return serialize(root)


__all__ = ["NS", "TemplateLine", "build_template"]

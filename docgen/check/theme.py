"""Theme fonts (word/theme/theme1.xml): what a token such as ``minorEastAsia`` stands for."""

from __future__ import annotations

from lxml import etree

from docgen.ooxml.xml import qn

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_SCRIPTS = {"zh-CN": "Hans", "zh-SG": "Hans", "zh-TW": "Hant", "zh-HK": "Hant", "ja-JP": "Jpan",
            "ko-KR": "Hang"}  # fmt: skip


class ThemeFonts:
    """The major and minor font schemes, resolved for the document's East Asian language."""

    def __init__(self, theme: etree._Element | None, settings: etree._Element | None) -> None:
        self._faces: dict[str, str] = {}
        if theme is None:
            return
        lang = settings.find(qn("w:themeFontLang")) if settings is not None else None
        script = _SCRIPTS.get(lang.get(qn("w:eastAsia"), "") if lang is not None else "", "Hans")
        for scheme in ("major", "minor"):
            node = theme.find(f".//{{{_A}}}{scheme}Font")
            if node is None:
                continue
            for slot, tag in (("HAnsi", "latin"), ("EastAsia", "ea"), ("Bidi", "cs")):
                child = node.find(f"{{{_A}}}{tag}")
                face = child.get("typeface", "") if child is not None else ""
                if not face and slot == "EastAsia":
                    face = next(
                        (f.get("typeface", "") for f in node.findall(f"{{{_A}}}font")
                         if f.get("script") == script),
                        "",
                    )  # fmt: skip
                self._faces[f"{scheme}{slot}"] = face
            self._faces[f"{scheme}Ascii"] = self._faces.get(f"{scheme}HAnsi", "")

    def face(self, token: str) -> str | None:
        """The face a theme token names, or None when the theme does not say."""
        return self._faces.get(token) or None

    def describe(self, token: str) -> str:
        face = self.face(token)
        return f"{token}（{face}）" if face else token

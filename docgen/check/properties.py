"""Effective formatting through the style chain: docDefaults → basedOn chain → direct formatting.

Every value remembers its origin ("docDefaults", "style:<id>", "direct"), so a finding can say
where to fix it (a style or one paragraph). Table styles and list-level indents are not applied:
they do not carry the fonts, sizes and alignments the rules look at.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from docgen.ooxml.xml import qn

SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_ATTRS = {
    "ascii": "asciiTheme",
    "hAnsi": "hAnsiTheme",
    "eastAsia": "eastAsiaTheme",
    "cs": "cstheme",
}
DEFAULTS = "docDefaults"
DIRECT = "direct"
_FALSE = {"0", "false", "off", "none"}
_TRUE = {"1", "true", "on"}
_BORDER_SIDES = ("top", "bottom", "left", "right", "between")
_IND_ATTRS = ("left", "start", "right", "end", "firstLine", "hanging", "firstLineChars",
              "hangingChars", "leftChars", "startChars", "rightChars", "endChars")  # fmt: skip


@dataclass(frozen=True)
class Font:
    """One font slot: an explicit face name or a theme font token, and where it was set."""

    name: str | None
    theme: str | None
    origin: str


@dataclass(frozen=True)
class Border:
    val: str
    color: str | None
    size: int  # eighths of a point


@dataclass
class RunProps:
    """A run's effective fonts (four slots), size (half-points), colour and character spacing."""

    fonts: dict[str, Font] = field(default_factory=dict)
    size: tuple[int, str] | None = None
    color: tuple[str, str] | None = None
    spacing: int | None = None  # twentieths of a point
    bold: bool = False


@dataclass
class ParaProps:
    """A paragraph's effective alignment, indents, line spacing, borders and list membership."""

    jc: tuple[str, str] | None = None
    ind: dict[str, tuple[int, str]] = field(default_factory=dict)
    spacing: dict[str, str] = field(default_factory=dict)
    page_break_before: bool = False
    borders: dict[str, Border] = field(default_factory=dict)
    num: tuple[str, int] | None = None

    @property
    def alignment(self) -> str:
        return self.jc[0] if self.jc else "left"

    def first_line_chars(self, char_twips: int) -> float:
        """The first-line indent in characters; *Chars attributes win over twips, as in Word."""
        chars = self._value("firstLineChars") or -self._value("hangingChars")
        if chars:
            return chars / 100
        twips = self._value("firstLine") or -self._value("hanging")
        return twips / char_twips if char_twips else 0.0

    def side_indent(self, side: str, char_twips: int = 320) -> int:
        """Left or right indent in twips; *Chars attributes win, converted at ``char_twips``."""
        alias = {"left": "start", "right": "end"}[side]
        chars = self._value(f"{side}Chars") or self._value(f"{alias}Chars")
        if chars:
            return chars * char_twips // 100
        return self._value(side) or self._value(alias)

    def origin_of(self, *names: str) -> str:
        origins = [self.ind[n][1] for n in names if n in self.ind]
        return origins[-1] if origins else DEFAULTS

    def _value(self, name: str) -> int:
        return self.ind[name][0] if name in self.ind else 0


class StyleSheet:
    """styles.xml: the paragraph and character style chains and the document defaults."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self._run_defaults: etree._Element | None = None
        self._para_defaults: etree._Element | None = None
        self._para_cache: dict[str, tuple[ParaProps, RunProps]] = {}
        if root is None:
            return
        for style in root.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self._styles[style_id] = style
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in _TRUE:
                self.default_paragraph = style_id
        defaults = root.find(qn("w:docDefaults"))
        if defaults is not None:
            self._run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            self._para_defaults = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")

    def name(self, style_id: str) -> str:
        style = self._styles.get(style_id)
        name = style.find(qn("w:name")) if style is not None else None
        return name.get(qn("w:val")) if name is not None else style_id

    def paragraph_style(self, style_id: str | None) -> str:
        if style_id and style_id in self._styles:
            return style_id
        return self.default_paragraph or ""

    def describe(self, origin: str) -> str:
        """An origin in words: 文档默认格式 / 样式「标题 1」 / 直接格式."""
        if origin == DEFAULTS:
            return "文档默认格式（docDefaults）"
        if origin.startswith("style:"):
            style_id = origin[6:]
            name = self.name(style_id)
            return f"样式「{name}」" if name == style_id else f"样式「{name}」（{style_id}）"
        return "直接格式"

    def paragraph(self, style_id: str) -> tuple[ParaProps, RunProps]:
        """The properties a paragraph style gives, docDefaults included (cached per style)."""
        cached = self._para_cache.get(style_id)
        if cached is None:
            para, run = ParaProps(), RunProps()
            merge_ppr(para, self._para_defaults, DEFAULTS)
            merge_rpr(run, self._run_defaults, DEFAULTS)
            for sid, style in self._chain(style_id):
                merge_ppr(para, style.find(qn("w:pPr")), f"style:{sid}")
                merge_rpr(run, style.find(qn("w:rPr")), f"style:{sid}")
            cached = self._para_cache[style_id] = (para, run)
        para = cached[0]
        fresh = ParaProps(
            para.jc, dict(para.ind), dict(para.spacing), para.page_break_before,
            dict(para.borders), para.num,
        )  # fmt: skip
        return fresh, cached[1]

    def run(
        self, base: RunProps, char_style: str | None, direct: etree._Element | None
    ) -> RunProps:
        """A run's properties: the paragraph's, then its character style chain, then direct."""
        props = copy.copy(base)
        props.fonts = dict(base.fonts)
        if char_style:
            for sid, style in self._chain(char_style):
                merge_rpr(props, style.find(qn("w:rPr")), f"style:{sid}")
        merge_rpr(props, direct, DIRECT)
        return props

    def _chain(self, style_id: str) -> list[tuple[str, etree._Element]]:
        chain: list[tuple[str, etree._Element]] = []
        current: str | None = style_id
        while current and current in self._styles and all(current != c for c, _ in chain):
            style = self._styles[current]
            chain.append((current, style))
            based = style.find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None
        return list(reversed(chain))


def merge_rpr(props: RunProps, rpr: etree._Element | None, origin: str) -> None:
    """Lay one rPr over ``props``: a level that names a slot (face or theme) replaces it."""
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for slot in SLOTS:
            name, theme = fonts.get(qn(f"w:{slot}")), fonts.get(qn(f"w:{THEME_ATTRS[slot]}"))
            if name or theme:
                props.fonts[slot] = Font(name, theme, origin)
    size = rpr.find(qn("w:sz"))
    if size is not None and (size.get(qn("w:val")) or "").isdigit():
        props.size = (int(size.get(qn("w:val"))), origin)
    color = rpr.find(qn("w:color"))
    if color is not None and color.get(qn("w:val")):
        props.color = (color.get(qn("w:val")), origin)
    spacing = rpr.find(qn("w:spacing"))
    if spacing is not None and _is_int(spacing.get(qn("w:val"))):
        props.spacing = int(spacing.get(qn("w:val")))
    bold = rpr.find(qn("w:b"))
    if bold is not None:
        props.bold = _on(bold.get(qn("w:val")))


def merge_ppr(props: ParaProps, ppr: etree._Element | None, origin: str) -> None:
    """Lay one pPr over ``props``, attribute by attribute as Word does."""
    if ppr is None:
        return
    jc = ppr.find(qn("w:jc"))
    if jc is not None and jc.get(qn("w:val")):
        props.jc = (_JC_ALIASES.get(jc.get(qn("w:val")), jc.get(qn("w:val"))), origin)
    ind = ppr.find(qn("w:ind"))
    if ind is not None:
        for name in _IND_ATTRS:
            value = ind.get(qn(f"w:{name}"))
            if _is_int(value):
                props.ind[name] = (int(value), origin)
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None:
        for name in ("line", "lineRule", "before", "after"):
            value = spacing.get(qn(f"w:{name}"))
            if value is not None:
                props.spacing[name] = value
    page_break = ppr.find(qn("w:pageBreakBefore"))
    if page_break is not None:
        props.page_break_before = _on(page_break.get(qn("w:val")))
    borders = ppr.find(qn("w:pBdr"))
    if borders is not None:
        for side in _BORDER_SIDES:
            border = borders.find(qn(f"w:{side}"))
            if border is not None:
                size = border.get(qn("w:sz"))
                props.borders[side] = Border(
                    border.get(qn("w:val")) or "nil",
                    border.get(qn("w:color")),
                    int(size) if _is_int(size) else 0,
                )
    num = ppr.find(qn("w:numPr"))
    if num is not None:
        num_id = num.find(qn("w:numId"))
        level = num.find(qn("w:ilvl"))
        if num_id is not None:
            value = num_id.get(qn("w:val")) or "0"
            ilvl = level.get(qn("w:val")) if level is not None else "0"
            props.num = None if value == "0" else (value, int(ilvl) if _is_int(ilvl) else 0)


_JC_ALIASES = {"start": "left", "end": "right"}


def _on(value: str | None) -> bool:
    return value is None or value.lower() not in _FALSE


def _is_int(value: str | None) -> bool:
    return value is not None and value.lstrip("-").isdigit()

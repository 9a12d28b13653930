"""Word's automatic list numbers (numbering.xml): the label a paragraph shows but does not contain.

Hand-made documents often number headings with a multilevel list ("一、" typed by Word, not by
the author); the checker reads those labels so heading rules see what the reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from docgen.ooxml.xml import qn
from docgen.text.numerals import cn_numeral

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "japaneseCounting",
                    "chineseLegalSimplified", "ideographLegalTraditional", "taiwaneseCounting",
                    "taiwaneseCountingThousand", "japaneseDigitalTenThousand"}  # fmt: skip


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str
    legal: bool = False


@dataclass
class _List:
    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


class Numbering:
    """numbering.xml, with running counters: ``label`` is called in document order."""

    def __init__(self, root: etree._Element | None) -> None:
        self._lists: dict[str, _List] = {}
        if root is None:
            return
        abstract = {
            a.get(qn("w:abstractNumId")): _levels(a) for a in root.iter(qn("w:abstractNum"))
        }
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.iter(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(int(start.get(qn("w:val"), "1")), old.fmt, old.text)
            self._lists[num.get(qn("w:numId"), "")] = _List(levels)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl`` ("" when there is none)."""
        entry = self._lists.get(num_id)
        if entry is None or ilvl not in entry.levels:
            return ""
        level = entry.levels[ilvl]
        entry.counters[ilvl] = entry.counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in entry.counters if k > ilvl]:
            del entry.counters[deeper]
        if level.fmt == "bullet":
            return ""
        text = level.text
        for k in range(9):
            if f"%{k + 1}" in text:
                lvl = entry.levels.get(k)
                count = entry.counters.get(k, lvl.start if lvl else 1)
                fmt = "decimal" if level.legal or lvl is None else lvl.fmt
                text = text.replace(f"%{k + 1}", _format(count, fmt))
        return text


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.findall(qn("w:lvl")):
        start = lvl.find(qn("w:start"))
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
            int(start.get(qn("w:val"), "1")) if start is not None else 1,
            fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text.get(qn("w:val"), "") if text is not None else "",
            lvl.find(qn("w:isLgl")) is not None,
        )
    return levels


def _format(n: int, fmt: str) -> str:
    if fmt in _CHINESE_FORMATS:
        return cn_numeral(n) if 0 <= n < 10**8 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "none":
        return ""
    return str(n)

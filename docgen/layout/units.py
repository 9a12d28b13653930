"""Lengths that carry their unit: stored in EMU, like python-docx's ``Length``."""

from __future__ import annotations

import re

_EMU_PER = {"mm": 36000, "cm": 360000, "in": 914400, "pt": 12700, "tw": 635, "emu": 1}
_LENGTH_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt|tw|emu)\s*$")


class Length(int):
    """A length in English Metric Units; ``twips`` and ``half_points`` are what OOXML wants."""

    @classmethod
    def parse(cls, text: str | int | float) -> Length:
        """Read "37mm", "16pt", "3cm", "579tw"; a bare number is taken as points."""
        if isinstance(text, (int, float)) and not isinstance(text, bool):
            return Pt(text)
        match = _LENGTH_RE.match(str(text))
        if match is None:
            raise ValueError(f"长度格式不正确：{text!r}，应写成 37mm、16pt、3cm 这样的数值加单位")
        value, unit = match.groups()
        return cls(round(float(value) * _EMU_PER[unit]))

    @property
    def mm(self) -> float:
        return self / 36000

    @property
    def pt(self) -> float:
        return self / 12700

    @property
    def twips(self) -> int:
        return round(self / 635)

    @property
    def half_points(self) -> int:
        return round(self / 6350)

    def __repr__(self) -> str:
        return f"Length({self.mm:g}mm)"


def Mm(value: float) -> Length:
    return Length(round(value * 36000))


def Pt(value: float) -> Length:
    return Length(round(value * 12700))


# Chinese type sizes (字号) in points, as GB/T 9704 names them.
SIZE_NAMES = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5,
}  # fmt: skip


def parse_size(text: str | int | float) -> Length:
    """A font size: a Chinese size name ("三号") or a length ("16pt")."""
    if isinstance(text, str) and text.strip() in SIZE_NAMES:
        return Pt(SIZE_NAMES[text.strip()])
    return Length.parse(text)

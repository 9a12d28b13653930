"""Numbers as a spreadsheet shows them: a roster's 85% is stored as 0.85, its 12,345.50 as
12345.5. A mail merge that prints the stored value ("0.85") is the one complaint everyone has
about Word's; docgen prints the cell as Excel displays it, for the common number formats.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# Excel keeps 15 significant digits; a formula's 0.1+0.2 is shown as 0.3, not 0.30000000000000004.
EXCEL_DIGITS = 15

# The numeric part of a format section once its literals are taken out: digit places with an
# optional thousands comma, optional decimals, an optional percent sign.
_CORE = re.compile(r"(?P<int>[#0?,]*[0#?])(?:\.(?P<dec>[0#?]*))?(?P<pct>%?)")
# Characters Excel prints as they stand inside a format.
_PLAIN = set("$-+/():!^&'~{}<>= ¥￥元")


class ShownNumber(float):
    """A number that prints as its cell was shown; arithmetic and comparisons see the number."""

    __slots__ = ("text",)

    def __new__(cls, value: float, text: str) -> ShownNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[object, tuple[float, str]]:
        return ShownNumber, (float(self), self.text)


def general(value: float) -> float | int:
    """A float as Excel's General format keeps it: 15 significant digits, whole numbers as int."""
    if value != value or value in (float("inf"), float("-inf")):
        return value
    rounded = float(f"{value:.{EXCEL_DIGITS}g}")
    return int(rounded) if rounded.is_integer() else rounded


def shown(value: float | int, code: str | None) -> float | int:
    """``value`` carrying the text Excel shows for it under number format ``code``, when that
    differs from how Python would print it; otherwise the value as Excel's General keeps it."""
    plain = general(float(value))
    text = format_number(float(plain), code) if code else None
    if text is None or text == str(plain):
        return plain
    return ShownNumber(plain, text)


def format_number(value: float, code: str) -> str | None:
    """The text Excel shows for ``value`` under ``code``; None for formats not handled here
    (dates, fractions, scientific, text, scaling commas), whose cells keep their value."""
    sections = _sections(code)
    if not sections or code.strip().lower() == "general":
        return None
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1:
        section, negative = sections[1], False  # the second section writes its own sign
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    parts = _parse(section)
    if parts is None:
        return None
    prefix, core, suffix = parts
    match = _CORE.fullmatch(core)
    if match is None or match["int"].endswith(","):
        return None
    number = abs(value) * (100 if match["pct"] else 1)
    decimals = match["dec"] or ""
    fixed = decimals.count("0")
    places = len(decimals)
    exact = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{exact:{',' if ',' in match['int'] else ''}.{places}f}"
    if places > fixed:  # '#' and '?' decimal places show only when needed
        head, _, tail = text.partition(".")
        tail = tail[:fixed] + tail[fixed:].rstrip("0")
        text = f"{head}.{tail}" if tail else head
    if "0" not in match["int"] and text.startswith("0."):
        text = text[1:]  # "#.##" shows 0.5 as .5
    return ("-" if negative and exact else "") + prefix + text + match["pct"] + suffix


def _sections(code: str) -> list[str]:
    """The ``;``-separated sections of a format, semicolons inside quotes left alone."""
    sections, current, quoted = [], [], False
    for char in code:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _parse(section: str) -> tuple[str, str, str] | None:
    """(literal text before, the numeric core, literal text after); None when the section holds
    anything but literals around one number."""
    before: list[str] = []
    after: list[str] = []
    core: list[str] = []
    index = 0
    while index < len(section):
        char = section[index]
        literal = None
        if char == '"':
            end = section.find('"', index + 1)
            if end < 0:
                return None
            literal, index = section[index + 1 : end], end + 1
        elif char == "\\" and index + 1 < len(section):
            literal, index = section[index + 1], index + 2
        elif char == "[":
            end = section.find("]", index)
            if end < 0:
                return None
            token = section[index + 1 : end]
            index = end + 1
            if token.startswith("$"):
                literal = token[1:].split("-", 1)[0]  # [$¥-804]: the currency sign
            elif token[:1].isdigit() or token[:1] in "<>=" or token.lower().startswith("dbnum"):
                return None  # conditions and Chinese-numeral formats: not handled here
            else:
                literal = ""  # [Red] and other colours
        elif char in "_*" and index + 1 < len(section):
            literal, index = "", index + 2  # padding and fill: for columns, not prose
        elif char in "#0?.,%":
            if after:
                return None
            core.append(char)
            index += 1
            continue
        elif char in _PLAIN:
            literal, index = char, index + 1
        else:
            return None  # a date, time, text (@) or scientific code
        (after if core else before).append(literal)
    if not core:
        return None
    return "".join(before), "".join(core), "".join(after)

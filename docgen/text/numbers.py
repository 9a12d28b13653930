"""Numbers as a spreadsheet shows them: a roster's 85% is stored as 0.85, its 12,345.50 as
12345.5. A mail merge that prints the stored value ("0.85") is the one complaint everyone has
about Word's; docgen prints the cell as Excel displays it, for the common number formats.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

# Excel keeps 15 significant digits; a formula's 0.1+0.2 is shown as 0.3, not 0.30000000000000004.
EXCEL_DIGITS = 15

# The numeric part of a format section once its literals are taken out: digit places with an
# optional thousands comma, optional decimals, an optional percent sign.
_CORE = re.compile(r"(?P<int>[#0?,]*[0#?])(?:\.(?P<dec>[0#?]*))?(?P<pct>%?)")
# Excel's General, and its name in Chinese WPS and Excel ("G/通用格式"), inside a section.
_GENERAL = "G/通用格式"
_GENERAL_TOKEN = re.compile(r"general|g/通用格式", re.I)
# Characters Excel prints as they stand inside a format.
_PLAIN = set("$-+/():!^&'~{}<>= ¥￥元")


class _Shown:
    """A number that prints as its cell was shown; arithmetic and comparisons see the number."""

    __slots__ = ()
    text: str

    def __new__(cls, value: float, text: str) -> Any:
        number = super().__new__(cls, value)  # type: ignore[call-arg]
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[object, tuple[object, str]]:
        return type(self), (self.real, self.text)  # type: ignore[attr-defined]


class ShownNumber(_Shown, float):
    """85.6% for 0.856."""

    __slots__ = ("text",)


class ShownInteger(_Shown, int):
    """1,234 or 00123 for a whole number: still an int for ``range`` and ``+``."""


# Past this Excel shows numbers in scientific form and floats hold no more exact digits.
_LARGEST_PLAIN = 1e15


def general(value: float) -> float | int:
    """A float as Excel's General format keeps it: 15 significant digits, whole numbers as int."""
    if not math.isfinite(value):
        return value
    if abs(value) >= _LARGEST_PLAIN:
        # A 16-digit number in Excel is one it cut to 15 digits: the whole number its formula
        # bar shows, not Python's 1.234567890123457e+16 (the roster says so: read_rows).
        # Through Decimal: int(3.30102198001011e17) would make up its last digits (…008).
        return int(Decimal(f"{value:.{EXCEL_DIGITS}g}")) if is_long_whole(value) else value
    rounded = float(f"{value:.{EXCEL_DIGITS}g}")
    return int(rounded) if rounded.is_integer() else rounded


def is_long_whole(value: float | int) -> bool:
    """A whole number longer than Excel's 15 digits and short of its scientific-only range."""
    return _LARGEST_PLAIN <= abs(value) < 1e21 and float(value).is_integer()


def shown(value: float | int, code: str | None) -> float | int:
    """``value`` carrying the text Excel shows for it under number format ``code``, when that
    differs from how Python would print it; otherwise the value as Excel's General keeps it."""
    plain = general(float(value))
    text = format_number(float(plain), code) if code else None
    if text is None or text == str(plain):
        return plain
    if isinstance(plain, int):
        return ShownInteger(plain, text)
    return ShownNumber(plain, text)


# A number as a CSV cell writes it: 85, -3.50, 1,234.5, 85%, 00123 (no exponent, no spaces).
_WRITTEN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def written_number(text: str) -> str | float | int:
    """A CSV cell that is a number, as a number that prints exactly as written (00123 stays
    00123, 3.50 stays 3.50) and compares and computes as the number Excel would read; any
    other text (and numbers longer than Excel's 15 digits: 身份证号) as it is."""
    if not _WRITTEN_NUMBER.fullmatch(text):
        return text
    digits = text.replace(",", "").removesuffix("%")
    if sum(c.isdigit() for c in digits) > EXCEL_DIGITS:
        return text  # an ID or account number: Excel could not hold it as a number either
    exact = Decimal(digits) / 100 if text.endswith("%") else Decimal(digits)
    if "." not in digits and not text.endswith("%"):
        whole = int(digits)
        return whole if str(whole) == text else ShownInteger(whole, text)
    number = float(exact)
    return number if repr(number) == text else ShownNumber(number, text)


def word_number(value: object, picture: str) -> object:
    """``value`` as Word's ``\\# picture`` switch shows it (0.00, #,##0, 000, ¥#,##0.00): a
    number, or text that is one (a CSV's 1234.5); any other value as it is, as Word leaves it."""
    code = _excel_code(str(picture))
    if code is None or isinstance(value, bool) or str(value).rstrip().endswith("%"):
        return value  # a percentage as shown (85.6%): its stored 0.856 is not what Word gets
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and not isinstance(read := written_number(value.strip()), str):
        number = float(read)
    else:
        return value
    text = format_number(number, code)
    return value if text is None else text


# Excel's longest number format: a longer one (written by a program) is read as General — its
# every cell cost time in proportion, and "0" * 900,000 printed numbers of 900,000 digits.
MAX_FORMAT_CODE = 255


def word_number_picture(picture: str) -> bool:
    """Whether ``word_number`` shows a Word number picture as Word does."""
    code = _excel_code(picture)
    return code is not None and format_number(-1234.5, code) is not None


def _excel_code(picture: str) -> str | None:
    """A Word number picture as the Excel format ``format_number`` reads: its 'text' and its %
    are literals (Word does not scale by 100); None for one past Excel's length or with items
    Word reads otherwise than Excel (x drops digits; a - or + signs, a leading - is no literal;
    * _ ? [ are Excel's fill, space, place and condition marks, Word's text)."""
    pieces = re.split(r"('[^']*')", picture)
    bare = "".join(piece for piece in pieces if not piece.startswith("'"))
    if len(picture) > MAX_FORMAT_CODE or '"' in picture or any(mark in bare for mark in "x+*_?["):
        return None
    if "-" in bare.split(";", 1)[0]:
        return None
    return "".join(
        f'"{piece[1:-1]}"'
        if piece.startswith("'") and piece.endswith("'") and len(piece) > 1
        else piece.replace("%", '"%"')
        for piece in pieces
    )


def format_number(value: float, code: str) -> str | None:
    """The text Excel shows for ``value`` under ``code``; None for formats not handled here
    (dates, fractions, scientific, text, scaling commas), whose cells keep their value."""
    if not math.isfinite(value) or abs(value) >= _LARGEST_PLAIN:
        return None
    sections = _sections(code)
    section = sections[0]
    negative = value < 0
    if negative and len(sections) > 1:
        section, negative = sections[1], False  # the second section writes its own sign
    elif value == 0 and len(sections) > 2:
        section = sections[2]
    parts = _parse(section)
    if parts is None:
        placed = _placed(abs(value), section)
        if placed is None:
            return None
        return ("-" if negative and round(abs(value)) else "") + placed
    prefix, core, suffix = parts
    if not core:  # text alone: "-" for zero in 0.0;-0.0;"-", nothing in 0;-0;;@ (zeros hidden)
        return ("-" if negative else "") + prefix.strip()
    if core == _GENERAL:
        if code.strip().lower() in ("general", _GENERAL.lower()):
            return None  # the plain General format: the value prints as it is
        number = general(abs(value))
        text = str(number)
    else:
        match = _CORE.fullmatch(core)
        if match is None or match["int"].endswith(",") or len(match["dec"] or "") > 30:
            return None  # (Excel shows at most 30 decimal places)
        text = _digits(abs(value), match)
        number = Decimal(text.replace(",", "").rstrip("%") or "0")
    sign = "-" if negative and number else ""
    return (sign + prefix + text + suffix).strip()


def _digits(value: float, match: re.Match[str]) -> str:
    """The number under one format's digit places: rounded half away from zero on its decimal
    value (as Excel does, not on the binary float), padded to the places written as 0."""
    exact = Decimal(repr(value))
    if match["pct"]:
        exact = exact.scaleb(2)
    decimals = match["dec"] or ""
    places, fixed = len(decimals), decimals.count("0")
    # Enough digits for any float (up to 309 before the point) and Excel's 30 places after.
    with localcontext(prec=400):
        exact = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    head, _, tail = f"{exact:.{places}f}".partition(".")
    if places > fixed:  # '#' and '?' decimal places show only when needed
        tail = tail[:fixed] + tail[fixed:].rstrip("0")
    places_int = match["int"].replace(",", "")
    head = head.lstrip("0").rjust(places_int.count("0"), "0")  # "00000" keeps 00123; "#" drops 0
    if "," in match["int"] and head and not head.startswith("0"):
        head = f"{int(head):,}"
    return head + ("." + tail if tail else "") + match["pct"]


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
    anything but literals around one number, or literals alone (the core then empty)."""
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
        elif (general := _GENERAL_TOKEN.match(section, index)) is not None:
            if core:
                return None
            core.append(_GENERAL)
            index = general.end()
            continue
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
    return "".join(before), "".join(core), "".join(after)


def _placed(value: float, section: str) -> str | None:
    """A whole number written into digit places with text between them, as Excel fills them
    from the right, the first place taking the digits left over: 5712345678 under
    ``0000-0000000`` is 0571-2345678. None for any other section."""
    tokens: list[tuple[bool, str]] = []  # (a digit place, its character or the literal)
    index = 0
    while index < len(section):
        char = section[index]
        if char in "0#?":
            tokens.append((True, char))
            index += 1
        elif char == '"':
            end = section.find('"', index + 1)
            if end < 0:
                return None
            tokens.append((False, section[index + 1 : end]))
            index = end + 1
        elif char == "\\" and index + 1 < len(section):
            tokens.append((False, section[index + 1]))
            index += 2
        elif char in _PLAIN and char != "/":  # "# ?/?" is a fraction
            tokens.append((False, char))
            index += 1
        else:
            return None  # decimals, thousands, percent, fractions, dates: not this kind
    places = [i for i, (digit, _) in enumerate(tokens) if digit]
    if len({i for i in places if i - 1 not in places}) < 2:  # one run of places: _parse's
        return None
    digits = str(int(Decimal(repr(value)).quantize(Decimal(1), ROUND_HALF_UP)))
    digits = "" if digits == "0" else digits
    written = [text for _, text in tokens]
    for place in reversed(places):
        if digits:
            written[place], digits = digits[-1], digits[:-1]
        else:
            written[place] = {"0": "0", "#": "", "?": " "}[tokens[place][1]]
    written[places[0]] = digits + written[places[0]]
    return "".join(written)

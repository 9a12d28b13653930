"""How long a value or a formatting's result would be, worked out without making it: what
``BoundedSandbox`` asks before it lets a template build a text (``str()`` of a list, a ``%`` or
``str.format`` with huge widths, a repeat, a replace, a power)."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from typing import Any

from jinja2.utils import Cycler, Namespace

# The values whose str() lists their items.
CONTAINERS = (list, tuple, set, frozenset, dict)
# Texts: bytes too (a YAML roster's !!binary, a template's .encode()), whose methods, repeats and
# joins build as str's do.
TEXTS = (str, bytes, bytearray)
# What ``*`` repeats and ``+`` joins.
SEQUENCES = (*TEXTS, list, tuple)
VIEWS = (KeysView, ValuesView, ItemsView)  # a dict's keys(), values(), items()
# What holds other values and can be chained (``namespace(p=ns.c)``, ``cycler(ns.c, …)``):
# sized by what they hold.
HOLDERS = (Namespace, Cycler)


def text_size(value: Any, limit: int) -> int:
    """How long ``str(value)`` is, without making it for a container: its items' sizes and
    separators, counted until past ``limit`` (a list of one long text repeated 900 times)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (bytes, bytearray)):
        return 4 * len(value) + 3  # b'\\x00…'
    if isinstance(value, int):  # a big one has as many digits (3 for every 10 bits)
        return value.bit_length() * 3 // 10 + 2
    if isinstance(value, Namespace):
        value = dict(value._Namespace__attrs)  # type: ignore[attr-defined]
    elif isinstance(value, Cycler):
        value = list(value.items)
    if isinstance(value, VIEWS):
        value = list(value)
    if not isinstance(value, CONTAINERS):
        return 0  # a float, a date, a blank: a few characters
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
    total = 2
    for item in items:
        # Quotes, comma and space. Texts and numbers, most items, sized here as the first
        # cases above size them: a call each made sizing a list of 10,000 numbers cost 8 ms.
        kind = type(item)
        if kind is str:
            total += 4 + len(item)
        elif kind is int:
            total += 6 + item.bit_length() * 3 // 10
        else:
            total += 4 + text_size(item, limit - total)
        if total > limit:
            break
    return total


def spelled_size(digits: str) -> int:
    """A width or precision as written; one of more than 12 digits is over any limit (and
    int() would refuse one of 4,301)."""
    if not digits.isdigit():
        return 0  # none written, or "*"
    return int(digits) if len(digits) <= 12 else 10**12


def percent_specs(text: str) -> Iterator[tuple[str, str, str]]:
    """Each "%" conversion of ``text`` as Python's printf-style formatting reads it: width,
    precision ("*" for one taken from the arguments) and conversion ("%" for "%%"). A mapping
    key may hold parentheses, counted in pairs as Python counts them: "%((a))9d"."""
    length, at = len(text), text.find("%")
    while at != -1:
        at += 1
        if at < length and text[at] == "(":
            depth, at = 1, at + 1
            while at < length and depth:
                depth += _PARENTHESES.get(text[at], 0)
                at += 1
        while at < length and text[at] in "-#0 +":
            at += 1
        width, at = _size_at(text, at)
        precision = ""
        if at < length and text[at] == ".":
            precision, at = _size_at(text, at + 1)
        if at < length and text[at] in "hlL":
            at += 1
        yield width, precision, text[at : at + 1]
        at = text.find("%", at + 1)


_PARENTHESES = {"(": 1, ")": -1}


def _size_at(text: str, at: int) -> tuple[str, int]:
    """A width or precision at ``at`` ("*", digits or nothing), and where it ends."""
    if text[at : at + 1] == "*":
        return "*", at + 1
    end = at
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[at:end], end


def repeat_size(sequence: Any, count: Any, limit: int) -> int:
    """How long the text of ``sequence * count`` is: a list's items counted, nested ones too —
    ``[a] * 1000`` of a list ``a`` of 1000 holds a million items, which one comparison
    (``==``, ``in``) would walk in C, where no time limit reaches."""
    if isinstance(sequence, SEQUENCES) and sequence and isinstance(count, int):
        return text_size(sequence, limit) * count
    return 0


def replace_size(text: str | bytes, old: Any, new: Any) -> int:
    if not isinstance(new, TEXTS) or not isinstance(old, TEXTS):
        return 0
    occurrences = len(text) + 1 if not old else len(text) // len(old)
    return len(text) + occurrences * len(new)


def big_power(base: Any, exponent: Any, limit: int) -> bool:
    if not isinstance(base, int) or not isinstance(exponent, int) or abs(base) < 2:
        return False
    return exponent * base.bit_length() > limit

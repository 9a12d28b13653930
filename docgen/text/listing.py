"""What a message quotes: a few of many things (「第3、5、9行等」), the start of a place's text."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def few(
    items: Sequence[object] | Iterable[object], limit: int, unit: str = "", sep: str = "、"
) -> str:
    """The first ``limit`` items joined by ``sep``, and 等 when there are more — "等 1000 列"
    with a ``unit`` to count them in (lest a sheet of a thousand columns fill the screen)."""
    listed = [str(item) for item in items]
    if len(listed) <= limit:
        return sep.join(listed)
    return sep.join(listed[:limit]) + (f"等 {len(listed)} {unit}" if unit else "等")


def excerpt(text: str) -> str:
    """A place's text as quoted in a message: its first 40 characters."""
    return text if len(text) <= 40 else text[:39] + "…"


def most_alike(name: str, names: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The name (a column) a misspelt ``name`` most likely meant, if one is alike enough."""
    alike = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return alike[0] if alike else None


def abbreviated(short: str, names: Sequence[str]) -> str | None:
    """The one name of ``names`` that ``short`` shortens as Chinese short forms do — its
    characters in order from the same first one: 市人社局 for 市人力资源和社会保障局, 市发改委
    for 市发展和改革委员会, which no spelling distance finds."""
    if len(short) < 3:
        return None
    found = [
        name
        for name in names
        if len(name) > len(short) and name[0] == short[0] and _in_order(short, name)
    ]
    return found[0] if len(found) == 1 else None


def _in_order(short: str, name: str) -> bool:
    rest = iter(name)
    return all(char in rest for char in short)  # each found after the one before

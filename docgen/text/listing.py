"""What a message quotes: a few of many things (「第3、5、9行等」), the start of a place's text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def few(items: Sequence[object] | Iterable[object], limit: int) -> str:
    """The first ``limit`` items joined by 、, and 等 when there are more."""
    listed = [str(item) for item in items]
    return "、".join(listed[:limit]) + ("等" if len(listed) > limit else "")


def excerpt(text: str) -> str:
    """A place's text as quoted in a message: its first 40 characters."""
    return text if len(text) <= 40 else text[:39] + "…"

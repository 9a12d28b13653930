"""A few of many things, as a message names them: 「第3、5、9行等」."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def few(items: Sequence[object] | Iterable[object], limit: int) -> str:
    """The first ``limit`` items joined by 、, and 等 when there are more."""
    listed = [str(item) for item in items]
    return "、".join(listed[:limit]) + ("等" if len(listed) > limit else "")

"""The issue register (期号登记): which 第N期 each period of a bulletin was given.

A bulletin's issues are numbered in the order they are first built; rebuilding a period keeps
its number, a new period takes the next one, an explicit number overrides (and is recorded).
The register is plain data (period key -> number); the pipeline keeps it in the workspace.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping


def period_key(start: datetime.date, end: datetime.date) -> str:
    """The register's key for a period: "2026-11-16/2026-11-22" (ISO 8601 interval)."""
    return f"{start.isoformat()}/{end.isoformat()}"


def assign(issues: Mapping[str, int], period: str, explicit: int | None = None) -> int:
    """The number for ``period``: explicit, or as registered, or one past the highest so far.

    Raises ValueError (Chinese) when an explicit number is already another period's.
    """
    if explicit is not None:
        taken = sorted(p for p, n in issues.items() if n == explicit and p != period)
        if taken:
            raise ValueError(
                f"第{explicit}期已用于 {_label(taken[0])}；请换一个期号，或删去 issue_number 自动编号"
            )
        return explicit
    if period in issues:
        return issues[period]
    return max(issues.values(), default=0) + 1


def _label(key: str) -> str:
    start, _, end = key.partition("/")
    return f"{start} 至 {end}" if end else key

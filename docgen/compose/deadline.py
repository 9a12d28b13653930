"""Deadlines (完成时限) of rectification tasks, typed: a date, a month's end, ongoing, immediate.

Problem lists write deadlines as Excel dates or as text: "2026年12月底前", "长期坚持", "立行立改",
and often a pair such as "立行立改并长期坚持". :func:`parse_deadline` turns each into a
:class:`Deadline`; :meth:`Deadline.text` writes it back in one canonical form, so a ledger written
from deadlines reads back as the same deadlines.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

from docgen.text.dates import cn_date

DeadlineKind = Literal["date", "month_end", "ongoing", "immediate"]

ONGOING_WORDS = ("长期坚持", "长期", "持续推进", "常态化推进", "常态长效")
IMMEDIATE_WORDS = ("立行立改", "立即整改", "立查立改", "即知即改", "立即")
ACCEPTED = "日期（2026年11月30日、2026-11-30）、月底（2026年12月底前）、“长期坚持”或“立行立改”"

_DATE = re.compile(r"^(\d{4})(?:年|-|/|\.)(\d{1,2})(?:月|-|/|\.)(\d{1,2})日?$")
_MONTH = re.compile(r"^(\d{4})(?:年|-|/|\.)(\d{1,2})月?(?:底|末)?$")
_YEAR_END = re.compile(r"^(\d{4})年年?(?:底|末)$")
# Joins between a deadline and "长期坚持": 立行立改并长期坚持, 2026年12月底前完成，长期坚持.
_SPLIT = re.compile(r"[，,、；;]+|并且?|同时|及")
_TAIL = re.compile(r"(?:之前|以前|前)?(?:完成|到位|整改到位|整改完成)?$")


@dataclass(frozen=True)
class Deadline:
    """A typed deadline; ``day`` is the date (for ``month_end`` the month's last day).

    ``ongoing`` also marks a dated or immediate task that then continues (…并长期坚持).
    """

    kind: DeadlineKind
    day: datetime.date | None = None
    ongoing: bool = False

    @classmethod
    def on(cls, day: datetime.date) -> Deadline:
        return cls("date", day)

    @classmethod
    def month_end(cls, year: int, month: int) -> Deadline:
        last = calendar.monthrange(year, month)[1]
        return cls("month_end", datetime.date(year, month, last))

    @property
    def due(self) -> datetime.date | None:
        """The last day the task may take; None when it has no end (ongoing) or none is set."""
        return self.day

    def text(self) -> str:
        """The canonical wording: 2026年11月30日前, 2026年12月底前, 长期坚持, 立行立改."""
        if self.kind == "ongoing":
            return "长期坚持"
        if self.kind == "immediate":
            main = "立行立改"
        elif self.kind == "month_end" and self.day is not None:
            main = f"{self.day.year}年{self.day.month}月底前"
        elif self.day is not None:
            main = f"{cn_date(self.day)}前"
        else:  # pragma: no cover - the constructors always set a day
            main = ""
        return f"{main}并长期坚持" if self.ongoing else main

    def __str__(self) -> str:
        return self.text()


def parse_deadline(value: object) -> Deadline:
    """A deadline from a cell: a date, or text in one of the forms of :data:`ACCEPTED`.

    Raises ValueError with a Chinese message saying what was wrong and what is accepted.
    """
    if isinstance(value, datetime.datetime):
        return Deadline.on(value.date())
    if isinstance(value, datetime.date):
        return Deadline.on(value)
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise ValueError(
            f"完成时限是数字 {value}：请把单元格设为日期格式，或写成 2026年12月31日 这样的文字"
        )
    if not isinstance(value, str) or not value.strip():
        raise ValueError("完成时限不能为空")
    text = value.strip()
    parts = [p for p in _SPLIT.split(re.sub(r"\s+", "", text)) if p]
    ongoing = any(_is_ongoing(p) for p in parts)
    primary = [p for p in parts if not _is_ongoing(p)]
    if len(primary) > 1:
        raise ValueError(f"完成时限“{text}”中有多个时限；可写 {ACCEPTED}")
    if not primary:
        return Deadline("ongoing")
    return _primary(primary[0], text, ongoing)


def _is_ongoing(part: str) -> bool:
    return _TAIL.sub("", part) in ONGOING_WORDS


def _primary(part: str, whole: str, ongoing: bool) -> Deadline:
    core = _TAIL.sub("", part)
    if core in IMMEDIATE_WORDS:
        return Deadline("immediate", ongoing=ongoing)
    match = _DATE.match(core)
    if match:
        year, month, day = (int(g) for g in match.groups())
        _check_month(month, whole)
        try:
            return Deadline("date", datetime.date(year, month, day), ongoing)
        except ValueError:
            raise ValueError(f"完成时限“{whole}”：日期不存在") from None
    match = _MONTH.match(core) or _YEAR_END.match(core)
    if match:
        year = int(match.group(1))
        month = int(match.group(2)) if match.re is _MONTH else 12
        _check_month(month, whole)
        deadline = Deadline.month_end(year, month)
        return Deadline(deadline.kind, deadline.day, ongoing)
    if re.match(r"^\d{1,2}月", core):
        raise ValueError(f"完成时限“{whole}”缺少年份：请写成 2026年12月底前")
    raise ValueError(f"无法识别的完成时限“{whole}”；可写 {ACCEPTED}")


def _check_month(month: int, whole: str) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"完成时限“{whole}”：月份应在 1 至 12 之间")

"""Dates and times as drafters write them, with the weekday they name checked against the date.

"2026年11月20日（星期五）12:00", "2026-11-20 周五 中午12时", "11月25日（周三）": a weekday
written beside a date must be that date's weekday, or the text is wrong somewhere. Errors are
ValueErrors with a Chinese message (the caller adds the file and place).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from docgen.text.dates import cn_date, weekday_name

_WEEKDAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY = r"[（(]?\s*(?:星期|周|礼拜)(?P<weekday>[一二三四五六日天])\s*[)）]?"
_DATE = (
    r"(?P<year>\d{4})\s*(?:年|-|/|\.)\s*(?P<month>\d{1,2})\s*(?:月|-|/|\.)\s*(?P<day>\d{1,2})\s*日?"
)
_TIME = (
    r"(?P<period>上午|中午|下午|晚上)?\s*(?P<hour>\d{1,2})\s*(?:[:：]\s*(?P<minute>\d{2})"
    r"|时(?:\s*(?P<minute_cn>\d{1,2})\s*分|半)?|点(?:\s*(?P<minute_pt>\d{1,2})\s*分?|半)?)"
)
_MOMENT = re.compile(rf"^{_DATE}\s*(?:{_WEEKDAY})?\s*(?:{_TIME})?\s*(?:前|之前|以前)?$")
_MENTION = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日\s*" + _WEEKDAY)
ACCEPTED = "2026年11月20日（星期五）12:00、2026-11-20 12:00（星期与时间可省略）"


def parse_moment(value: object, *, default_time: datetime.time | None = None) -> datetime.datetime:
    """A date and time from a cell or YAML value; a weekday written with it must match.

    A date without a time takes ``default_time`` (an error when that is None).
    """
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        if default_time is None:
            raise ValueError(f"“{cn_date(value)}”缺少时间，应写成 {ACCEPTED}")
        return datetime.datetime.combine(value, default_time)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"应为日期和时间，如 {ACCEPTED}")
    text = value.strip()
    match = _MOMENT.match(text)
    if match is None:
        raise ValueError(f"无法识别的日期时间“{text}”；可写 {ACCEPTED}")
    day = _day(match, text)
    _check_weekday(day, match.group("weekday"), text)
    if match.group("hour") is None:
        if default_time is None:
            raise ValueError(f"“{text}”缺少时间，应写成 {ACCEPTED}")
        return datetime.datetime.combine(day, default_time)
    return datetime.datetime.combine(day, _time(match, text))


def parse_day(value: object) -> datetime.date:
    """A date, possibly written with its weekday ("2026年11月16日（星期一）"), checked."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError("应为日期，如 2026年11月16日 或 2026-11-16")
    text = value.strip()
    match = _MOMENT.match(text)
    if match is None or match.group("hour") is not None:
        raise ValueError(f"无法识别的日期“{text}”；可写 2026年11月16日（星期一）或 2026-11-16")
    day = _day(match, text)
    _check_weekday(day, match.group("weekday"), text)
    return day


def weekday_mistakes(text: str, near: datetime.date) -> list[str]:
    """Each "11月25日（星期三）" in running text whose weekday is wrong, as a Chinese message.

    A date without a year is taken in the year that puts it closest to ``near``.
    """
    return [message for message in _mistakes(text, near)]


def _mistakes(text: str, near: datetime.date) -> Iterator[str]:
    for match in _MENTION.finditer(text):
        month, day_number = int(match.group("month")), int(match.group("day"))
        years = (
            [int(match.group("year"))]
            if match.group("year")
            else [near.year - 1, near.year, near.year + 1]
        )
        candidates = []
        for year in years:
            try:
                candidates.append(datetime.date(year, month, day_number))
            except ValueError:
                continue
        if not candidates:
            yield f"“{match.group(0)}”：日期不存在"
            continue
        day = min(candidates, key=lambda d: abs((d - near).days))
        written = _WEEKDAY_INDEX[match.group("weekday")]
        if day.weekday() != written:
            yield f"“{match.group(0)}”：{cn_date(day)}是{weekday_name(day)}"


def _day(match: re.Match[str], text: str) -> datetime.date:
    year, month, day = (int(match.group(g)) for g in ("year", "month", "day"))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在：“{text}”") from None


def _check_weekday(day: datetime.date, weekday: str | None, text: str) -> None:
    if weekday is not None and day.weekday() != _WEEKDAY_INDEX[weekday]:
        raise ValueError(f"“{text}”中的星期与日期不符：{cn_date(day)}是{weekday_name(day)}")


def _time(match: re.Match[str], text: str) -> datetime.time:
    hour = int(match.group("hour"))
    minute_text = match.group("minute") or match.group("minute_cn") or match.group("minute_pt")
    minute = int(minute_text) if minute_text else (30 if "半" in match.group(0) else 0)
    period = match.group("period")
    if period in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise ValueError(f"时间不存在：“{text}”")
    return datetime.time(hour, minute)

"""Dates in the formats used by Chinese official documents."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from collections.abc import Callable

from docgen.text.numerals import cn_numeral

DATE_STYLES: tuple[str, ...] = ("arabic", "chinese")
"""Style names accepted by :func:`cn_date`."""

_YEAR_DIGITS = "〇一二三四五六七八九"
_WEEKDAYS = "一二三四五六日"
_RANGE_DASH = "\u2014"

_ACCEPTED_FORMS = "2026年11月22日、2026-11-22、2026/11/22、2026.11.22（月、日可补零）"

_CN_PATTERN = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
# 2026年12月底, 2026年12月末: the month's last day.
_MONTH_END = re.compile(r"([0-9]{4})年([0-9]{1,2})月[底末]")
# The midnight a date exported with its time carries (an OA system's 2026-12-31 00:00:00, a
# sheet's 2026/12/31 0:00): still that date.
_MIDNIGHT = re.compile(r"(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$")
# A month's day or end written without its year (12月15日, 1月底).
_WITHOUT_YEAR = re.compile(r"([0-9]{1,2})月(?:[0-9]{1,2}日|[底末])")
# Spaces typed around 年, 月 and 日 (2026 年 12 月 31 日); none between digits is dropped.
_SPACED_UNITS = re.compile(r"\s*([年月日])\s*")
# The backreference keeps mixed separators such as 2026-11/22 out.
_SEP_PATTERN = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")


def cn_date(d: datetime.date, style: str = "arabic") -> str:
    """Write a date as 2026年11月22日 ("arabic") or 二〇二六年十一月二十二日 ("chinese")."""
    if style == "arabic":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "chinese":
        year = "".join(_YEAR_DIGITS[int(c)] for c in str(d.year))
        return f"{year}年{cn_numeral(d.month)}月{cn_numeral(d.day)}日"
    valid = "、".join(DATE_STYLES)
    raise ValueError(f"未知的日期样式：{style!r}（可用样式：{valid}）")


def as_date(value: object) -> datetime.date:
    """A date from a date, a datetime (its day) or text in one of the accepted forms; raises
    ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return parse_cn_date(str(value))


class WrittenDate(datetime.date):
    """A date that prints as a 公文 writes it, 2026年11月22日 (a date cell of a roster: Excel
    shows it in the sheet's own format, which the value does not carry)."""

    __slots__ = ()

    def __str__(self) -> str:
        return cn_date(self)

    @classmethod
    def of(cls, d: datetime.date) -> WrittenDate:
        return cls(d.year, d.month, d.day)


class ShownDate(WrittenDate):
    """A date cell whose format shows only some of its parts, printed with those in a 公文's
    words: 2026年12月 (yyyy"年"m"月"), 12月5日 (m/d), 星期六 (aaaa), 2026年12月5日（星期六）.
    ``shows``: some of "y", "m", "d", and "W" (星期六) or "w" (六) for the weekday."""

    __slots__ = ("shows",)
    shows: str

    def __new__(cls, year: int, month: int, day: int, shows: str = "ymd") -> ShownDate:
        self = super().__new__(cls, year, month, day)
        self.shows = shows
        return self

    def __reduce__(self) -> tuple[object, ...]:  # date's own would drop ``shows``
        return (ShownDate, (self.year, self.month, self.day, self.shows))

    def __str__(self) -> str:
        parts = (("y", self.year, "年"), ("m", self.month, "月"), ("d", self.day, "日"))
        text = "".join(f"{value}{unit}" for key, value, unit in parts if key in self.shows)
        if "W" in self.shows:
            weekday = weekday_name(self)
        elif "w" in self.shows:
            weekday = _WEEKDAYS[self.weekday()]  # aaa: 六, as Excel shows it
        else:
            return text
        return f"{text}（{weekday}）" if text else weekday


def written_date(d: datetime.date, code: str | None = None) -> WrittenDate:
    """A date cell's date, printed with the parts its number format ``code`` shows (all
    three, 2026年12月5日, for a format that shows a whole date or none docgen reads)."""
    shows = date_parts(code)
    if shows is None or shows == "ymd":
        return WrittenDate.of(d)
    return ShownDate(d.year, d.month, d.day, shows)


# What a format code spells as it is: "年" and \年, [$-804] and [Red], _) and *-.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_TOKENS = re.compile(r"[ye]+|m+|d+|a{3,}|b+")


@functools.lru_cache(maxsize=256)  # asked of every dated cell; a sheet has a few formats
def date_parts(code: str | None) -> str | None:
    """Which parts of a date the number format ``code`` shows ("ym" for yyyy"年"m"月", "W"
    for aaaa), or None for a code that is no date format docgen reads: a number's, a time's,
    text's, Chinese numerals' ([DBNum1])."""
    if not code or code.lower() == "general" or "dbnum" in code.lower():
        return None
    bare = _LITERALS.sub("", code.split(";")[0]).lower()
    if "general" in bare or any(c in bare for c in "0#?hs@"):  # General"人": a number's
        return None
    shows = ""
    for token in _DATE_TOKENS.findall(bare):
        if token[0] in "yeb":
            part = "y"
        elif token[0] == "m":
            part = "m"
        elif token[0] == "d" and len(token) <= 2:
            part = "d"
        else:  # ddd, dddd, aaa, aaaa: the weekday
            part = "W" if len(token) >= 4 else "w"
        shows += part if part not in shows else ""
    if not shows:
        return None
    return "".join(sorted(shows, key="ymdWw".index))


# A time format's marks of the half day, which hold letters of the date's (a, p, m).
_HALF_DAY = re.compile(r"am/pm|a/p|上午/下午", re.I)
# Minutes, as Excel tells them from months: an m right after the hours or before the seconds.
_MINUTES = re.compile(r"(?<=h)([^a-z]*)m{1,2}|m{1,2}(?=[^a-z]*s)")


@functools.lru_cache(maxsize=256)
def shows_time_only(code: str | None) -> bool:
    """Whether the number format ``code`` shows a time of day without its date (h:mm,
    h:mm AM/PM, [$-zh-CN]上午/下午h"时"mm"分")."""
    if not code:
        return False
    bare = _HALF_DAY.sub("", _LITERALS.sub("", code.split(";")[0])).lower()
    bare = _MINUTES.sub("", bare)  # what is left of m is a month's (mmm h:mm)
    return ("h" in bare or "s" in bare) and not any(c in bare for c in "ydebm0#?@")


def shows_part_of_date(code: str | None) -> bool:
    """Whether a number format shows a date otherwise than whole: some of its parts, or its
    weekday."""
    return date_parts(code) not in (None, "ymd")


class WrittenTime(datetime.time):
    """A time of day as a sheet shows it, 14:30 (seconds only when there are any)."""

    __slots__ = ()

    def __str__(self) -> str:
        return clock_time(self)

    @classmethod
    def of(cls, t: datetime.time) -> WrittenTime:
        return cls(t.hour, t.minute, t.second)


class WrittenDateTime(datetime.datetime):
    """A date with its time, 2026年12月1日 9:00."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{cn_date(self)} {clock_time(self.time())}"

    @classmethod
    def of(cls, moment: datetime.datetime) -> WrittenDateTime:
        return cls(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def clock_time(t: datetime.time) -> str:
    """14:30, 9:05, 9:05:30: the hour unpadded, as Excel's h:mm writes it."""
    text = f"{t.hour}:{t.minute:02d}"
    return f"{text}:{t.second:02d}" if t.second else text


def weekday_name(d: datetime.date) -> str:
    """Return the full weekday name, 星期一 to 星期日."""
    return "星期" + _WEEKDAYS[d.weekday()]


# A Word date-time picture's items (\\@ "yyyy年M月d日"): quoted text, then the longest item.
_PICTURE = re.compile(
    r"'[^']*'|yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|am/pm|AM/PM"
    r"|EEEE|O|A"  # Chinese Word's numerals: 二〇二六年三月二十日, as 公文 dates are written
)


def word_picture(picture: str) -> bool:
    """Whether ``word_date`` shows a Word date picture as Word does: no item it does not
    know (EEEE年O月A日, Chinese Word's numerals, is; [DBNum1] is not)."""
    rest = _PICTURE.sub("", picture)
    return len(picture) <= 100 and not re.search(r"[A-Za-z\[\]]", rest)


def word_date(value: object, picture: str) -> object:
    """``value`` as Word's ``\\@ picture`` switch shows it: a date, or text that reads as one
    (2026/3/20, 2026-03-18), in the picture's items — yyyy 年 M 月 d 日, dddd 星期六 —; any
    other value as it is, as Word leaves it."""
    picture = str(picture)
    if len(picture) > 100:  # a date picture is a few items; each writes at most twice its length
        raise ValueError("日期格式（\\@ 开关）过长")
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            day = parse_cn_date(value)
        except ValueError:
            return value
        moment = datetime.datetime(day.year, day.month, day.day)
    else:
        return value
    return _PICTURE.sub(lambda item: _picture_item(item[0], moment), picture)


def _picture_item(item: str, moment: datetime.datetime) -> str:
    if item.startswith("'"):
        return item[1:-1]
    return _PICTURE_ITEMS.get(item, _half_day)(moment)  # am/pm, AM/PM: 上午, 下午


def _half_day(moment: datetime.datetime) -> str:
    return "上午" if moment.hour < 12 else "下午"


_PICTURE_ITEMS: dict[str, Callable[[datetime.datetime], str]] = {
    "yyyy": lambda m: f"{m.year:04d}",
    "yy": lambda m: f"{m.year % 100:02d}",
    "MMMM": lambda m: f"{m.month}月",
    "MMM": lambda m: f"{m.month}月",
    "MM": lambda m: f"{m.month:02d}",
    "M": lambda m: str(m.month),
    "dddd": weekday_name,
    "ddd": lambda m: weekday_short(m),
    "dd": lambda m: f"{m.day:02d}",
    "d": lambda m: str(m.day),
    "HH": lambda m: f"{m.hour:02d}",
    "H": lambda m: str(m.hour),
    "hh": lambda m: f"{m.hour % 12 or 12:02d}",
    "h": lambda m: str(m.hour % 12 or 12),
    "mm": lambda m: f"{m.minute:02d}",
    "m": lambda m: str(m.minute),
    "ss": lambda m: f"{m.second:02d}",
    "s": lambda m: str(m.second),
    "EEEE": lambda m: "".join(_YEAR_DIGITS[int(d)] for d in f"{m.year:04d}"),
    "O": lambda m: cn_numeral(m.month),
    "A": lambda m: cn_numeral(m.day),
}


def weekday_short(d: datetime.date) -> str:
    """Return the short weekday name, 周一 to 周日."""
    return "周" + _WEEKDAYS[d.weekday()]


def month_day(d: datetime.date) -> str:
    """Write the month and day without padding, e.g. 11月16日."""
    return f"{d.month}月{d.day}日"


def date_range(start: datetime.date, end: datetime.date) -> str:
    """Write an inclusive range such as 11月16日—11月22日.

    The year is written on both sides when the range crosses a year
    boundary; a single-day range is written as that one day.
    """
    if end < start:
        raise ValueError(f"结束日期早于开始日期：{cn_date(start)}—{cn_date(end)}")
    if start == end:
        return month_day(start)
    if start.year != end.year:
        return f"{cn_date(start)}{_RANGE_DASH}{cn_date(end)}"
    return f"{month_day(start)}{_RANGE_DASH}{month_day(end)}"


def _match(text: str) -> tuple[str, str, str] | None:
    """Return the (year, month, day) strings of a recognised date, or None: full-width digits
    (２０２６), spaces typed around 年月日 (2026 年 12 月 31 日) and a midnight after it
    allowed."""
    stripped = _MIDNIGHT.sub("", unicodedata.normalize("NFKC", text).strip())
    stripped = _SPACED_UNITS.sub(r"\1", stripped)
    m = _CN_PATTERN.fullmatch(stripped)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = _SEP_PATTERN.fullmatch(stripped)
    if m:
        return m.group(1), m.group(3), m.group(4)
    return None


def deadline_date(value: object, after: datetime.date | None = None) -> datetime.date:
    """A deadline as a roster writes it: a date ``as_date`` reads, or a month's end
    (2026年12月底, 2026年12月末) as its last day; with ``after`` (the day the text is
    signed), a month's day or end without its year (12月15日, 1月底) in the year from its
    month on (1月 signed in November: next year's). Raises ValueError otherwise."""
    if isinstance(value, str):
        text = _SPACED_UNITS.sub(r"\1", unicodedata.normalize("NFKC", value).strip())
        if after is not None and (found := _WITHOUT_YEAR.fullmatch(text)):
            # A month before the signing month is next year's; one of its own month, this
            # year's, earlier day or not (a slip the caller says, not a year away).
            year = after.year + (int(found[1]) < after.month)
            return deadline_date(f"{year}年{text}")
        found = _MONTH_END.fullmatch(text)
        if found and 1 <= int(found[2]) <= 12:
            year, month = int(found[1]), int(found[2])
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
    return as_date(value)


def parse_cn_date(text: str) -> datetime.date:
    """Parse 2026年11月22日, 2026-11-22, 2026/11/22 or 2026.11.22 into a date.

    Zero padding is optional and surrounding whitespace is ignored.
    """
    parts = _match(text)
    if parts is None:
        raise ValueError(f"无法识别的日期：“{text}”；可接受的格式：{_ACCEPTED_FORMS}")
    year, month, day = (int(p) for p in parts)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期不存在：“{text}”；可接受的格式：{_ACCEPTED_FORMS}") from None


def date_shape(value: object) -> str | None:
    """How a cell writes a date, its numbers left out ("9年9月9日", "9.9.9", "9月9日"): a date
    value as it prints, or text that reads as a date or a month's day; None for anything else."""
    if isinstance(value, datetime.date):
        text = str(value)
    elif isinstance(value, str):
        # Asked of every cell: a unit, a name, a task, a telephone number are quickly none.
        if not value.lstrip()[:1].isdigit() or not _DATE_MARKS.search(value):
            return None
        text = unicodedata.normalize("NFKC", value).strip()
        if _match(text) is None and _MONTH_DAY.fullmatch(text) is None:
            return None
    else:
        return None
    return re.sub(r"[0-9]+", "9", text)


_MONTH_DAY = re.compile(r"[0-9]{1,2}月[0-9]{1,2}日")
# What a written date has and hardly anything else: 年, 月, or a separator twice.
_DATE_MARKS = re.compile(r"[年月]|([-/.．／－]).*\1")


def is_padded_date(text: str) -> bool:
    """Tell whether a date string zero-pads its month or day, e.g. 2026年09月09日.

    Text that is not a recognised date yields False.
    """
    parts = _match(text)
    if parts is None:
        return False
    _, month, day = parts
    return any(len(p) == 2 and p.startswith("0") for p in (month, day))

"""Weekly reports (周报) of the units and the unit roster (单位名单), every record located.

Also :func:`match`: the reports against the roster — who reported, who did not, who was late.

Reports come as one file per unit in a folder (YAML, or an .xlsx/.csv sheet with a row for the
unit) or as one sheet with a row per unit. Columns and YAML keys: 单位, 本周工作进展,
下周工作安排, 存在问题, 报送时间 (aliases in :data:`REPORT_HEADERS`; English keys in YAML too).
A cell of several lines, or a YAML list, is several items. Every problem in every file is
reported at once, each at its file and line or sheet, row and column.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError, InputError, Location, raise_collected
from docgen.load.located import Located
from docgen.load.table import load_table
from docgen.load.yamlfile import load_yaml
from docgen.text.weekdays import parse_moment

REPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("单位", "报送单位", "单位名称", "填报单位", "unit"),
    "progress": ("本周工作进展", "本周进展", "工作进展", "本周工作", "progress"),
    "next_week": ("下周工作安排", "下周安排", "下周计划", "下周工作计划", "next_week"),
    "problems": ("存在问题", "存在的问题", "问题和困难", "困难和问题", "problems"),
    "submitted_at": ("报送时间", "提交时间", "填报时间", "submitted_at"),
}
REPORT_REQUIRED = ("unit", "progress", "submitted_at")
# The table reader finds a header row by two known columns: 单位名称 with 序号 or 简称.
ROSTER_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "number"),
    "name": ("单位名称", "单位", "名称", "name"),
    "short": ("简称", "别称", "short"),
}
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".csv")
YAML_SUFFIXES = (".yaml", ".yml", ".json")
MAX_REPORT_FILES = 2000

Display = Callable[[Path], str]


@dataclass(frozen=True)
class Report:
    """One unit's weekly report: what it did, what it plans, its problems, when it came in."""

    unit: str
    submitted_at: datetime.datetime
    progress: tuple[str, ...]
    next_week: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    location: Location = dataclasses.field(default_factory=Location)


@dataclass(frozen=True)
class RosterUnit:
    """A unit of the roster, with the short names its reports may use (市发改委)."""

    name: str
    short: tuple[str, ...] = ()
    location: Location = dataclasses.field(default_factory=Location)


ReadFile = tuple[Path, str]  # a file read, and the sha256 of the bytes read (for the manifest)


def load_reports(path: Path, display: Display) -> tuple[list[Report], list[ReadFile]]:
    """The reports in a folder (one file per unit) or in one sheet; and the files read."""
    source = display(path)
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file()
            and not p.name.startswith((".", "~$"))
            and p.suffix.lower() in (*TABLE_SUFFIXES, *YAML_SUFFIXES)
        )
        if len(files) > MAX_REPORT_FILES:
            raise InputError(f"报送文件过多（上限 {MAX_REPORT_FILES} 个）", Location(file=source))
    elif path.is_file():
        files = [path]
    else:
        raise InputError("找不到周报文件或文件夹", Location(file=source))
    reports: list[Report] = []
    read: list[ReadFile] = []
    errors: list[DocgenError] = []
    for file in files:
        try:
            found, digest = _read_file(file, display(file))
        except DocgenError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
            continue
        reports.extend(found)
        read.append((file, digest))
    raise_collected(errors)
    return reports, read


def load_roster(path: Path, display: Display) -> tuple[list[RosterUnit], ReadFile]:
    """The roster in its order: a sheet (单位名称, 简称) or a YAML list of names or mappings;
    and the file read."""
    source = display(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        located = load_yaml(path, source)
        units, digest = list(_yaml_roster(located)), located.sha256
    else:
        table = load_table(path, source, headers=ROSTER_HEADERS, required=("name",))
        digest = table.sha256
        units = [
            RosterUnit(
                _text(row.values["name"]), _names(row.values.get("short")), row.locate("name")
            )
            for row in table.rows
            if row.values.get("name") is not None
        ]
    _refuse_duplicate_units(units)
    if not units:
        raise InputError("单位名单中没有单位", Location(file=source))
    return units, (path, digest)


def _yaml_roster(located: Located) -> Iterator[RosterUnit]:
    data = located.data
    if isinstance(data, dict) and "units" in data:
        data, prefix = data["units"], ("units",)
    else:
        prefix = ()
    if not isinstance(data, list):
        raise InputError("单位名单应是列表（每项一个单位）", located.locate(prefix))
    for index, item in enumerate(data):
        where = located.locate((*prefix, index))
        if isinstance(item, str) and item.strip():
            yield RosterUnit(item.strip(), (), where)
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            yield RosterUnit(item["name"].strip(), _names(item.get("short")), where)
        else:
            raise InputError("每项应是单位名称，或含 name（及可选 short）的映射", where)


def _refuse_duplicate_units(units: list[RosterUnit]) -> None:
    seen: dict[str, RosterUnit] = {}
    errors: list[DocgenError] = []
    for unit in units:
        for name in (unit.name, *unit.short):
            first = seen.setdefault(name, unit)
            if first is not unit:
                errors.append(
                    InputError(
                        f"单位名称或简称「{name}」重复（首次出现于 {first.location}）",
                        unit.location,
                    )
                )
    raise_collected(errors)


def _read_file(path: Path, source: str) -> tuple[list[Report], str]:
    if path.suffix.lower() in YAML_SUFFIXES:
        located = load_yaml(path, source)
        return [_yaml_report(located)], located.sha256
    table = load_table(path, source, headers=REPORT_HEADERS, required=REPORT_REQUIRED)
    reports: list[Report] = []
    errors: list[DocgenError] = []
    for row in table.rows:
        try:
            reports.append(_report(row.values, row.locate, row.location))
        except DocgenError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
    raise_collected(errors)
    return reports, table.sha256


def _yaml_report(located: Located) -> Report:
    """A unit's YAML file; keys in English (unit, progress …) or as the sheet's headers."""
    if not isinstance(located.data, dict):
        raise InputError("周报文件的顶层应是键值映射", Location(file=located.source, line=1))
    aliases = {name: field for field, names in REPORT_HEADERS.items() for name in names}
    values: dict[str, Any] = {}
    keys: dict[str, str] = {}
    errors: list[DocgenError] = []
    for key, value in located.data.items():
        field = aliases.get(key.strip())
        if field is None:
            known = "、".join(names[0] for names in REPORT_HEADERS.values())
            errors.append(InputError(f"未知字段「{key}」（可用：{known}）", located.locate((key,))))
        elif field in values:
            errors.append(InputError(f"「{key}」与「{keys[field]}」重复", located.locate((key,))))
        else:
            values[field], keys[field] = value, key
    raise_collected(errors)
    return _report(
        values,
        lambda field: located.locate((keys.get(field, field),)),
        Location(file=located.source, line=1),
    )


def _report(values: dict[str, Any], locate: Callable[[str], Location], where: Location) -> Report:
    errors: list[DocgenError] = []
    header = {field: names[0] for field, names in REPORT_HEADERS.items()}
    for field in REPORT_REQUIRED:
        if values.get(field) in (None, "", []):
            errors.append(InputError(f"「{header[field]}」不能为空", locate(field)))
    items: dict[str, tuple[str, ...]] = {}
    for field in ("progress", "next_week", "problems"):
        try:
            items[field] = _items(values.get(field))
        except ValueError as exc:
            errors.append(InputError(f"「{header[field]}」{exc}", locate(field)))
    submitted = None
    if values.get("submitted_at") not in (None, ""):
        try:
            submitted = parse_moment(values["submitted_at"])
        except ValueError as exc:
            errors.append(InputError(f"「{header['submitted_at']}」{exc}", locate("submitted_at")))
    unit = values.get("unit")
    if unit is not None and not isinstance(unit, str):
        errors.append(InputError(f"「{header['unit']}」应为文本", locate("unit")))
    raise_collected(errors)
    assert submitted is not None and isinstance(unit, str)
    return Report(
        unit=_text(unit),
        submitted_at=submitted,
        progress=items["progress"],
        next_week=items["next_week"],
        problems=items["problems"],
        location=locate("unit"),
    )


# List marks people type in a cell: 1. 1、 （1） ① 一是 - •
_MARK = re.compile(r"^(?:\d+[.、．]|[（(]\d+[)）]|[①-⑳]|[-•·]\s*)\s*")


def _items(value: Any) -> tuple[str, ...]:
    """A YAML list, or text whose lines are items; list marks and blank lines dropped."""
    if value is None:
        return ()
    if isinstance(value, (datetime.date, int, float)) or isinstance(value, bool):
        raise ValueError("应为文本或文本列表")
    if isinstance(value, str):
        lines = value.splitlines()
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        lines = value
    else:
        raise ValueError("应为文本或文本列表")
    return tuple(text for text in (_MARK.sub("", line.strip()) for line in lines) if text)


def _text(value: Any) -> str:
    return re.sub(r"\s+", "", str(value))


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(_text(v) for v in value if str(v).strip())
    return tuple(_text(v) for v in re.split(r"[、，,；;/\n]+", str(value)) if v.strip())


@dataclass(frozen=True)
class Submissions:
    """The reports in roster order, the units with none, and the reports after the deadline."""

    on_roster: tuple[tuple[RosterUnit, Report], ...]
    missing: tuple[RosterUnit, ...]
    late: tuple[tuple[RosterUnit, Report], ...]

    @property
    def reported(self) -> int:
        return len(self.on_roster)


def match(
    roster: Sequence[RosterUnit], reports: Sequence[Report], deadline: datetime.datetime
) -> Submissions:
    """Each report to its roster unit (by name or short name); every stray or repeat an error.

    A report submitted after ``deadline`` (to the minute) is late; one exactly on it is not.
    """
    by_name = {name: unit for unit in roster for name in (unit.name, *unit.short)}
    found: dict[str, Report] = {}
    errors: list[DocgenError] = []
    for report in reports:
        unit = by_name.get(report.unit)
        if unit is None:
            errors.append(
                InputError(
                    f"报送单位「{report.unit}」不在单位名单中（请核对名称，或在名单的“简称”列中补充）",
                    report.location,
                )
            )
        elif unit.name in found:
            errors.append(
                InputError(
                    f"「{unit.name}」重复报送（另一份见 {found[unit.name].location}）；"
                    "请只保留最终稿",
                    report.location,
                )
            )
        else:
            found[unit.name] = report
    raise_collected(errors)
    on_roster = tuple((unit, found[unit.name]) for unit in roster if unit.name in found)
    return Submissions(
        on_roster=on_roster,
        missing=tuple(unit for unit in roster if unit.name not in found),
        late=tuple((unit, r) for unit, r in on_roster if r.submitted_at > deadline),
    )

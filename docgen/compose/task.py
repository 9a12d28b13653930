"""Rectification tasks (整改任务): one row of a problem list (问题清单), typed.

The plan lists them, the ledger (台账) tracks them, the bulletin counts them. The canonical column
headers live here because the ledger writes them and the problem-list reader must read them back.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from docgen.compose.deadline import Deadline

Status = Literal["未启动", "推进中", "已完成", "长期坚持"]
STATUSES: tuple[Status, ...] = ("未启动", "推进中", "已完成", "长期坚持")

# Words people write for each status; matched after removing spaces.
STATUS_ALIASES: dict[str, Status] = {
    "未启动": "未启动", "未开始": "未启动", "尚未启动": "未启动",
    "推进中": "推进中", "正在推进": "推进中", "整改中": "推进中", "进行中": "推进中",
    "已完成": "已完成", "完成": "已完成", "已销号": "已完成", "已整改": "已完成",
    "长期坚持": "长期坚持", "持续推进": "长期坚持",
}  # fmt: skip

# Field name -> the canonical column header, in the order a ledger writes them.
COLUMNS: dict[str, str] = {
    "number": "序号",
    "category": "问题类别",
    "problem": "问题表现",
    "measures": "整改措施",
    "leader": "责任领导",
    "unit": "责任单位",
    "partners": "配合单位",
    "deadline": "完成时限",
    "status": "整改状态",
    "progress": "进展情况",
}

# A responsible-unit cell may name several units: 市商务局、市发展改革委 or "市委办（牵头）";
# a roster's joint name is written 甲/乙 or 甲:乙.
# A backslash too: "市委办公室\\市政府办公室", typed for the slash (clerk review 16).
_SEPARATORS = "、，,；;／/:：\\＼"
_UNIT_SPLIT = re.compile(f"[{re.escape(_SEPARATORS)}]+")
# A unit's role after its name: （牵头）, (配合单位), or bare as people write it: 市教育局牵头.
_BRACKETED = r"[（(]\s*(牵头|主责|负责|主办|配合|协办|参与|协助)(?:单位|部门)?\s*[)）]"
_ROLE = re.compile(
    rf"\s*(?:{_BRACKETED}"
    r"|(?<=[局委办室部院会厅处科队所心司府区县镇道团行站组联协学校社馆台厂场园])"
    r"(牵头|负责|主办|配合|协办))\s*$"  # bare, after a name's ending: not 市政协办's 协办
)
_SUPPORTING = frozenset({"配合", "协办", "参与", "协助"})
# Only a role in brackets at a name's end (（牵头）, (配合单位)).
_BRACKET_ROLE = re.compile(rf"\s*{_BRACKETED}\s*$")
# A label before the units it marks: "牵头：市商务局；配合：市公安局", "配合单位：市财政局".
_LABEL = re.compile(r"(牵头|主责|负责|主办|配合|协办|参与|协助|责任)(?:单位|部门)?")
# Clauses of a cell ("市委组织部牵头，市直机关工委、市人社局配合"): a bare mark at the end of
# one covers its units.
_CLAUSE_SPLIT = re.compile(r"[，,；;]+")
# How a unit's name ends (局, 委, 办公室, 政府, 妇联, 大学…), and how one starts (市…, 中共…):
# a space or line break after an ending, or before a start, parts two units ("市委办公室⏎市财政
# 局", "市妇联 市残联"); elsewhere it only wraps a long name ("市人力资源和⏎社会保障局", Alt+Enter
# in a narrow column).
_NAME_END = re.compile(r"[局委办室部院会厅处科队所心司府区县镇道团行站组联协学校社馆台厂场园]$")
_NAME_START = re.compile(r"[市省区县镇乡]|中共|共青团")
_GAP = re.compile(r"\s+")
_FULL_WIDTH_BRACKETS = str.maketrans({"(": "（", ")": "）"})
_AFTER_SEPARATOR = re.compile(f"(?<=[{re.escape(_SEPARATORS)}])")
# A separator inside brackets parts no units (各县（市、区）, 临江高新区（开发区、综保区）管委会):
# held as a private character while a cell is split.
_HELD = {separator: chr(0xE000 + i) for i, separator in enumerate(_SEPARATORS)}
_RELEASED = str.maketrans({held: separator for separator, held in _HELD.items()})
# Another name a unit goes by, in brackets after its own: 市委组织部（市公务员局）.
_ALIAS = re.compile(r"^(.{2,}?)[（(]([^（）()]{2,})[)）]$")
# The most lines one name is wrapped over in a cell.
_MOST_WRAPS = 4


def unit_roles(text: str) -> tuple[tuple[str, bool], ...]:
    """The units a cell or a roster name names, one by one, without role marks, each with
    whether it is marked as a supporting one (（配合）, 协办)."""
    found: dict[str, bool] = {}
    label = None  # the role a label ("配合：") gave the units after it
    for clause in _CLAUSE_SPLIT.split(_held(text)):
        named: list[tuple[str, str | None]] = []
        bare = None  # the role a bare mark gave the clause's last unit (市人社局配合)
        for part in _UNIT_SPLIT.split(clause):
            for word in _wrapped(part):
                word = word.rstrip(_TYPED_AFTER)  # 市财政局（牵头）。: the mark still found
                if _LABEL.fullmatch(word):
                    label = word[:2]
                    continue
                mark = _ROLE.search(word)
                name = word[: mark.start()].strip() if mark else word
                if name:
                    named.append((name, (mark[1] or mark[2]) if mark else label))
                    bare = mark[2] if mark else None
        for name, role in named:
            role = role or bare
            if name := name.translate(_RELEASED).rstrip(_TYPED_AFTER):
                found.setdefault(name, role in _SUPPORTING)
    return tuple(found.items())


def _unit_parts(text: str) -> list[str]:
    """A cell's parts between the separators of units, those held in brackets kept."""
    return [part.translate(_RELEASED) for part in _UNIT_SPLIT.split(_held(text))]


def _held(text: str) -> str:
    """``text`` with the separators inside its closed brackets held (``_HELD``); a bracket
    never closed (市民政局（市老龄办、市财政局) holds none: the units after it stay apart."""
    opened: list[int] = []
    inside = [0] * (len(text) + 1)  # +1 where a closed pair starts, -1 after it ends
    for at, char in enumerate(text):
        if char in "（(":
            opened.append(at)
        elif char in "）)" and opened:
            start = opened.pop()
            if not opened:  # an outermost pair
                inside[start] += 1
                inside[at + 1] -= 1
    kept = []
    depth = 0
    for at, char in enumerate(text):
        depth += inside[at]
        kept.append(_HELD[char] if depth and char in _HELD else char)
    return "".join(kept)


def unit_aliases(name: str, place: str = "") -> tuple[str, ...]:
    """The names one unit goes by, as compared (``unit_key``): itself and, when another name
    follows in brackets (市委组织部（市公务员局）), each of the two — not a note like 各县（市、区）;
    with the ``place`` the document is issued in (临江市), each also as that place's own lists
    write it (中共临江市委组织部, 临江市财政局: 市委组织部, 市财政局)."""
    key = unit_key(name)
    names = _bracketed_aliases(key, place)
    if place:
        names += tuple(local for alias in names if (local := local_name(alias, place)) not in names)
    return names


def _bracketed_aliases(key: str, place: str) -> tuple[str, ...]:
    found = _ALIAS.match(key)
    if found is None or any(separator in found[2] for separator in _SEPARATORS):
        return (key,)
    if not all(_NAME_END.search(part) for part in found.groups()):
        return (key,)
    second = local_name(found[2], place) if place else found[2]  # 临江市公务员局: 市公务员局
    if second != found[2] and _PLACE_END.search(second):  # （临江市江北区）: where it is
        return (key,)
    if not _NAME_START.match(second):  # 市住建局（临江区）: where it is, not another name
        return (key,)
    return key, found[1], found[2]


# A place rather than a unit: a district, county, town or street (市江北区 once localised).
_PLACE_END = re.compile(r"(?:[区县镇乡]|街道)$")


def local_name(key: str, place: str) -> str:
    """A name as ``place``'s own lists write it: 中共临江市委组织部 or 临江市委组织部 as 市委组织部,
    in brackets too (临江市委组织部（临江市公务员局）); ``key`` itself when it is of elsewhere. A
    name that would be the place's level alone and one more character (市委) is left whole."""
    return _place_prefix(place).sub(lambda found: found[1] + place[-1], key)


@functools.lru_cache(maxsize=16)
def _place_prefix(place: str) -> re.Pattern[str]:
    """The place written before a name, at its start or a bracket's (with 中共 before it)."""
    return re.compile(rf"(^|[（(])(?:中共)?{re.escape(place)}(?=[^（()）]{{2}})")


def issuing_place(organ: str) -> str:
    """The city, county or district an organ is of (中共临江市委办公室: 临江市), whose own
    units its lists name without it; '' when its name says none."""
    found = _PLACE.match(unit_key(organ))
    return found[1] if found else ""


_PLACE = re.compile(r"(?:中共)?(\w{2,6}?[市县区旗])(?!场)")


def unit_names(text: str) -> tuple[str, ...]:
    """The units a cell or a roster name names, one by one, without role marks (（牵头）)."""
    return tuple(name for name, _ in unit_roles(text))


def shown_units(text: str) -> str:
    """A cell's units as a sentence writes them: a line break or space between two units
    becomes 、, one inside a wrapped name goes; brackets typed half-width (市民政局(市老龄办))
    full-width, as 公文 text writes them; marks and separators stay as written."""
    parts = _with_separator(text)
    shown = "".join(_wrapped(part, joined="、")[0] for part in parts)
    return shown.translate(_FULL_WIDTH_BRACKETS)


def unwrapped(text: str, known: Collection[str]) -> str:
    """A cell with the spaces and line breaks inside a name ``known`` has (by ``unit_key``)
    taken out: "市市场⏎监督管理局" when a roster has 市市场监督管理局, which ``shown_units``
    alone would print as two units, 场 being a name's possible ending. Other gaps stay as
    written."""
    return "".join(_joined_if_known(part, known) for part in _with_separator(text))


def _with_separator(text: str) -> list[str]:
    """A cell's parts, each with the separator after it (、，；/…)."""
    return [part.translate(_RELEASED) for part in _AFTER_SEPARATOR.split(_held(text))]


def _joined_if_known(part: str, known: Collection[str]) -> str:
    words = list(re.finditer(r"\S+", part))
    if len(words) < 2:
        return part
    pieces: list[str] = [part[: words[0].start()]]
    start = 0
    while start < len(words):
        # The longest run of a few words that is one known name (linear: runs are short).
        end = next(
            (
                end
                for end in range(min(len(words), start + _MOST_WRAPS), start + 1, -1)
                if _one_known([word[0] for word in words[start:end]], known)
            ),
            start + 1,
        )
        pieces.append("".join(word[0] for word in words[start:end]))
        after = words[end].start() if end < len(words) else len(part)
        pieces.append(part[words[end - 1].end() : after])  # the gap as written
        start = end
    return "".join(pieces)


def _one_known(words: list[str], known: Collection[str]) -> bool:
    """Whether the words, joined, are one name ``known`` has, a role mark in brackets after
    it allowed ("监督管理局（牵头）"); a word that marks a role (配合, 牵头：) is no part of a name."""
    if any(_LABEL.fullmatch(word.rstrip("：:")) for word in words):
        return False
    joined = _BRACKET_ROLE.sub("", "".join(words).rstrip(_SEPARATORS))
    return unit_key(joined) in known


def unit_key(name: str) -> str:
    """A unit's name as compared: full-width and half-width forms alike (（） and ()),
    without spaces, and without a full stop typed after it (市财政局。)."""
    return _GAP.sub("", unicodedata.normalize("NFKC", name)).rstrip(_TYPED_AFTER)


# What a clerk's hand leaves after a name: a full stop or a comma.
_TYPED_AFTER = ".。,，、;；"


def unit_readings(text: str, place: str = "") -> dict[str, bool]:
    """Every unit a cell may mean, by ``unit_key``, with whether it is marked supporting:
    each name of ``unit_roles``, and, where a space or line break could either wrap a name or
    part two, both readings (the roster decides which names a unit); ``place`` as for
    ``unit_aliases``."""
    readings = {
        alias: supporting
        for name, supporting in unit_roles(text)
        for alias in unit_aliases(name, place)
    }
    for part in _unit_parts(text):
        for name, supporting in unit_roles(_GAP.sub("", part)) + unit_roles(
            _GAP.sub("、", part.strip())
        ):
            for alias in unit_aliases(name, place):
                readings.setdefault(alias, supporting)
    return readings


def unit_pieces(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each part of a cell between separators (、，；/…): the unit it names if its spaces and
    line breaks only wrap one name (by ``unit_key``), and the units ``unit_roles`` reads in it
    — the roster decides which."""
    pieces = []
    for part in _unit_parts(text):
        whole = unit_roles(_GAP.sub("", part))
        names = tuple(name for name, _ in unit_roles(part))
        pieces.append((unit_key(whole[0][0]) if whole else "", names))
    return pieces


def _ends_a_unit(word: str) -> bool:
    return bool(_NAME_END.search(word) or _ROLE.search(word))


def _starts_a_unit(word: str, previous: str) -> bool:
    """Whether ``word`` begins a unit's name: 市…, 中共…, or as ``previous`` began (临江…)."""
    return bool(_NAME_START.match(word)) or word[:2] == previous[:2]


def _wrapped(part: str, joined: str | None = None) -> list[str]:
    """A part of a cell split at its spaces and line breaks where a unit's name ends before
    them or another's starts after them, joined where not; with ``joined``, the part as one
    text, that separator at each split. (Linear: only a group's tail is looked at.)"""
    groups: list[list[str]] = []
    tail = ""  # the current group's last characters: enough for an ending or a role mark
    for word in part.split():
        if groups and not _ends_a_unit(tail) and not _starts_a_unit(word, groups[-1][0]):
            groups[-1].append(word)
            tail = (tail + word)[-16:]
        else:
            groups.append([word])
            tail = word[-16:]
    words = ["".join(group) for group in groups]
    if joined is not None:
        return [joined.join(words)]
    return words


def parse_status(value: str | None) -> Status:
    """The status a cell names; blank means 未启动. Raises ValueError for unknown words."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        return "未启动"
    status = STATUS_ALIASES.get(text)
    if status is None:
        raise ValueError(f"整改状态“{value}”无法识别，应为其中之一：{'、'.join(STATUSES)}")
    return status


@dataclass(frozen=True)
class Task:
    """One rectification task; ``extra`` keeps the sheet's other columns (header, value)."""

    category: str
    problem: str
    measures: str
    leader: str
    unit: str
    deadline: Deadline
    partners: str = ""
    status: Status = "未启动"
    progress: str = ""
    number: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default_factory=tuple)

    @property
    def units(self) -> tuple[str, ...]:
        """The responsible units one by one, without role marks such as （牵头）."""
        return unit_names(self.unit)

    @property
    def completed(self) -> bool:
        return self.status == "已完成"


@dataclass(frozen=True)
class Ledger:
    """A task ledger (台账) to write beside a document: its title, tasks and provenance."""

    title: str
    tasks: Sequence[Task]
    author: str
    created: datetime.date


def group_by_category(tasks: Sequence[Task]) -> dict[str, list[Task]]:
    """Tasks by category, categories in order of first appearance, tasks in sheet order."""
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(task.category, []).append(task)
    return groups

"""YAML (and JSON, a subset of it) with the line of every key and item."""

from __future__ import annotations

import datetime
from pathlib import Path as FilePath
from typing import Any

from docgen.errors import InputError, Location
from docgen.load.located import Located, Path

# Refuse inputs that could only be an attack or a mistake (billion-laughs, megabyte files).
MAX_INPUT_BYTES = 16 * 1024 * 1024
MAX_ALIAS_EXPANSIONS = 10_000


def load_yaml(path: FilePath, display: str | None = None) -> Located:
    """Read a YAML or JSON file; every error names the file and the line."""
    source = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("找不到文件", Location(file=source)) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", Location(file=source)) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError("文件过大（超过 16 MB），已拒绝读取", Location(file=source))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "文件不是 UTF-8 编码：请另存为 UTF-8", Location(file=source, line=line)
        ) from None
    return load_yaml_text(text, source)


def load_yaml_text(text: str, source: str, first_line: int = 1) -> Located:
    """Parse YAML text that starts at ``first_line`` of ``source`` (front matter starts later)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt", pure=True)
    try:
        document = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else None
        problem = _translate(exc.problem or "")
        raise InputError(f"YAML 语法错误：{problem}", Location(file=source, line=line)) from None
    except YAMLError as exc:
        raise InputError(f"YAML 语法错误：{exc}", Location(file=source)) from None
    positions: dict[Path, Location] = {}
    budget = [MAX_ALIAS_EXPANSIONS * 100]
    data = _plain(document, (), positions, source, first_line, budget)
    return Located(data=data, source=source, positions=positions, origin=Location(file=source))


def _plain(
    node: Any,
    path: Path,
    positions: dict[Path, Location],
    source: str,
    first: int,
    budget: list[int],
) -> Any:
    """Copy ruamel's round-trip objects into plain Python, noting each key's and item's line."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    budget[0] -= 1
    if budget[0] < 0:
        raise InputError("YAML 结构过大（别名展开过多），已拒绝读取", Location(file=source))
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            child = (*path, str(key))
            line = _line(node.lc.key(key)) if key in node else None
            if line is not None:
                positions[child] = Location(file=source, line=line + first)
            result[str(key)] = _plain(value, child, positions, source, first, budget)
        return result
    if isinstance(node, CommentedSeq):
        result_list = []
        for index, value in enumerate(node):
            child = (*path, index)
            line = _line(node.lc.item(index))
            if line is not None:
                positions[child] = Location(file=source, line=line + first)
            result_list.append(_plain(value, child, positions, source, first, budget))
        return result_list
    return _scalar(node)


def _line(position: Any) -> int | None:
    try:
        return int(position[0])
    except (TypeError, IndexError, KeyError):
        return None


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return bool(value) if value is not None else None
    if isinstance(value, datetime.datetime):
        return datetime.datetime(*value.timetuple()[:6])
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现冒号键值（可能缩进不对，或值里有半角冒号需要加引号）",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "expected <block end>, but found '<block sequence start>'": "缩进不一致",
    "found undefined alias": "引用了未定义的别名",
    "found duplicate key": "键重复",
}


def _translate(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem

"""YAML (and JSON, a subset of it) with the line of every key and item."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path as FilePath
from typing import Any

from docgen.errors import InputError, Location, os_reason
from docgen.load.files import read_bounded
from docgen.load.located import Located, Path

# Refuse inputs that could only be an attack or a mistake (billion-laughs, megabyte files).
MAX_INPUT_BYTES = 16 * 1024 * 1024
MAX_ALIAS_EXPANSIONS = 10_000
# Lists and mappings within one another: settings go a few levels deep; libyaml's composer
# recurses in C and crashes the process some ten thousand levels down.
MAX_DEPTH = 100
# The digits of an integer Python still prints (int's own limit is 4300 decimal digits).
_MAX_INT_BITS = 14_000


def load_yaml(path: FilePath, display: str | None = None) -> Located:
    """Read a YAML or JSON file; every error names the file and the line."""
    source = display or str(path)
    try:
        raw = read_bounded(path, Location(file=source), MAX_INPUT_BYTES)
    except FileNotFoundError:
        raise InputError("找不到文件", Location(file=source)) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_reason(exc)}", Location(file=source)) from None
    return load_yaml_bytes(raw, source)


def load_yaml_bytes(
    raw: bytes, source: str, *, max_items: int | None = None, max_keys: int | None = None
) -> Located:
    """A YAML or JSON file's bytes, read by the caller; ``sha256`` is theirs. ``max_items``
    bounds the items of a top-level list (a roster's rows), ``max_keys`` the keys of every
    mapping (a roster's columns): refused with the line before anything is built."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError("文件过大（超过 16 MB），已拒绝读取", Location(file=source))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "文件不是 UTF-8 编码：请另存为 UTF-8", Location(file=source, line=line)
        ) from None
    located = load_yaml_text(text, source, max_items=max_items, max_keys=max_keys)
    located.sha256 = hashlib.sha256(raw).hexdigest()
    return located


def load_yaml_text(
    text: str,
    source: str,
    first_line: int = 1,
    *,
    max_items: int | None = None,
    max_keys: int | None = None,
) -> Located:
    """Parse YAML text that starts at ``first_line`` of ``source`` (front matter starts later).

    Values load through libyaml (fast); the line of each key and item is worked out only when an
    error needs it, from the same text.
    """
    import yaml

    items: list[int] = []  # a top-level list's item lines, when the shape pass reads them
    try:
        if max_items is not None or max_keys is not None or _could_nest_deep(text):
            items = _check_shape(text, source, first_line, max_items, max_keys)
        data = yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else None
        problem = _translate(exc.problem or "", text, mark)
        typed = _full_width_colon(text, exc.context_mark, exc.problem_mark)
        if typed is not None:  # said by YAML a line late, as a colon missing or misplaced
            line, problem = typed + first_line, _FULL_WIDTH_SAID
        raise InputError(f"YAML 语法错误：{problem}", Location(file=source, line=line)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML 语法错误：{_translate(str(exc))}", Location(file=source)) from None
    except RecursionError:  # deeper than the shape check could foresee
        raise InputError(_TOO_DEEP, Location(file=source)) from None
    _check_size(data, source, len(text))
    try:
        plain = _plain(data)
    except RecursionError:
        raise InputError(_TOO_DEEP, Location(file=source)) from None
    return Located(
        data=plain,
        source=source,
        positions=_LazyPositions(text, source, first_line, items),
        origin=Location(file=source),
    )


_TOO_DEEP = f"YAML 的列表、映射嵌套过深（超过 {MAX_DEPTH} 层），已拒绝读取"


def _could_nest_deep(text: str) -> bool:
    """Whether ``text`` might nest deeper than MAX_DEPTH: a level opens with a bracket ([, {)
    or, in block style, further in on its line (indentation, "- " and "? " before it) or as a
    list under a key at the same indentation; without that many, no event need be read."""
    brackets = text.count("[") + text.count("{")
    if brackets > MAX_DEPTH:
        return True
    lead = max(map(len, _LINE_LEAD.findall(text)), default=0)
    return brackets + 2 * lead + 2 > MAX_DEPTH


_LINE_LEAD = re.compile(r"^[ \t?:-]*", re.M)


def _check_shape(
    text: str, source: str, first_line: int, max_items: int | None, max_keys: int | None
) -> list[int]:
    """Refuse, with the line, what would take the parser's stack or the reader's time: nesting
    deeper than MAX_DEPTH, a top-level list of more than ``max_items`` items, a mapping of
    more than ``max_keys`` keys. Only libyaml's events are read (a fraction of loading). The
    line of each item of a top-level list comes back: a roster's rows, placed without
    composing the text again."""
    import yaml

    nodes = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    opened: list[list[int]] = []  # per open list or mapping: [nodes in it, is a mapping]
    items: list[int] = []
    for event in yaml.parse(text, Loader=_loader()):
        kind = type(event)
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            opened.pop()
            continue
        if kind not in nodes:
            continue
        if opened:
            inside = opened[-1]
            inside[0] += 1
            if len(opened) == 1 and not inside[1]:
                items.append(event.start_mark.line + first_line)
            if inside[1] and max_keys is not None and inside[0] > 2 * max_keys:
                line = event.start_mark.line + first_line
                raise InputError(
                    f"一个映射中的键超过 {max_keys} 个，已拒绝读取",
                    Location(file=source, line=line),
                )
            if len(opened) == 1 and not inside[1] and max_items is not None:
                if inside[0] > max_items:
                    line = event.start_mark.line + first_line
                    raise InputError(
                        f"列表超过 {max_items} 项（每项一行数据），请拆分后再生成",
                        Location(file=source, line=line),
                    )
        if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            opened.append([0, kind is yaml.MappingStartEvent])
            if len(opened) > MAX_DEPTH:
                line = event.start_mark.line + first_line
                raise InputError(_TOO_DEEP, Location(file=source, line=line))
    return items


_LOADER: Any = None


def _loader() -> Any:
    """libyaml's safe loader with YAML 1.2 scalars: only true/false are booleans, no 9:30 → 570,
    digits with a leading zero stay text, and a key given twice is an error instead of a silent overwrite."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import re

    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    # Merges copy mappings into mappings: each level can double what the last
                    # made (an alias bomb the size check would see only once it was built).
                    raise yaml.constructor.ConstructorError(
                        None, None, "found a merge key", key_node.start_mark
                    )
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                except TypeError:  # a list or mapping as a key: no name
                    raise yaml.constructor.ConstructorError(
                        None, None, "found unhashable key", key_node.start_mark
                    ) from None
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"found duplicate key {key!r}", key_node.start_mark
                    )
                seen[key] = True
            return super().construct_mapping(node, deep=deep)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML11_TAGS]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        # 0 or no leading zero: 012345 (a postcode, a code) is text, kept as written.
        re.compile(r"^[-+]?(?:0|[1-9][0-9]*|0x[0-9a-fA-F]+|0o[0-7]+)$"),
        list("-+0123456789"),
    )
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    )
    Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    for kind in ("binary", "set", "omap", "pairs"):  # bytes, sets: no value a cell holds
        Loader.add_constructor(f"tag:yaml.org,2002:{kind}", _refuse_tag)
    _LOADER = Loader
    return Loader


def _refuse_tag(loader: Any, node: Any) -> Any:
    """An explicit tag the safe loader would build a value of no roster's kind from: refused
    as an unknown tag is (``_TAG``)."""
    import yaml

    raise yaml.constructor.ConstructorError(
        None, None, f"could not determine a constructor for the tag '{node.tag}'", node.start_mark
    )


def _construct_int(loader: Any, node: Any) -> int:
    # YAML 1.2: 010 is ten (1.1 read it as octal eight); 0o17 and 0x1F keep their bases.
    import yaml

    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    try:
        if digits[:2] in ("0x", "0o"):
            number = sign * int(digits[2:], 16 if digits[1] == "x" else 8)
        else:
            number = sign * int(digits, 10)
    except ValueError:  # more digits than Python reads (4300)
        number = None
    if number is None or number.bit_length() > _MAX_INT_BITS:
        raise yaml.constructor.ConstructorError(
            None, None, "integer too long", node.start_mark
        ) from None
    return number


def _construct_timestamp(loader: Any, node: Any) -> Any:
    """A date or time as YAML reads it; one that does not exist (2026-02-30) refused with its
    line instead of Python's ValueError."""
    import yaml

    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"invalid date {node.value}", node.start_mark
        ) from None


_YAML11_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


class _LazyPositions(dict):  # type: ignore[type-arg]
    """Key and item lines, computed from the node tree on first lookup."""

    def __init__(self, text: str, source: str, first: int, items: Sequence[int] = ()) -> None:
        super().__init__()
        self._text, self._source, self._first = text, source, first
        self._ready = False
        # A top-level list's items, placed already (``_check_shape``): no tree needed for them.
        self._items = {
            (index,): Location(file=source, line=line) for index, line in enumerate(items)
        }

    def _ensure(self) -> None:
        if not self._ready:
            self._ready = True
            self._fill()

    def get(self, key, default=None):  # type: ignore[no-untyped-def,override]
        if key in self._items:
            return self._items[key]
        self._ensure()
        return super().get(key, default)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        self._ensure()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._ensure()
        return super().__contains__(key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._ensure()
        return super().__iter__()

    def __len__(self) -> int:
        self._ensure()
        return super().__len__()

    def items(self):  # type: ignore[no-untyped-def,override]
        self._ensure()
        return super().items()

    def keys(self):  # type: ignore[no-untyped-def,override]
        self._ensure()
        return super().keys()

    def values(self):  # type: ignore[no-untyped-def,override]
        self._ensure()
        return super().values()

    def _fill(self) -> None:
        import yaml

        node = yaml.compose(self._text, Loader=_loader())
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: Any, path: Path) -> None:
        import yaml

        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                self[child] = Location(file=self._source, line=key.start_mark.line + self._first)
                self._walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                child = (*path, index)
                self[child] = Location(file=self._source, line=value.start_mark.line + self._first)
                self._walk(value, child)


# A key typed with a full-width colon ("name：李晓东"): YAML reads the line as text.
_FULL_WIDTH_KEY = re.compile(r"""^\s*(?:-\s+)?[^\s#:：'"][^:#：]*：""")
_FULL_WIDTH_SAID = "这一行的冒号是全角的「：」：键后面要用半角冒号「:」加一个空格，如 name: 李晓东"


def _full_width_colon(text: str, *marks: Any) -> int | None:
    """The line (from 0) of a key typed with a full-width colon, at or just before where YAML
    noticed something wrong."""
    lines = text.splitlines()
    near = sorted({m.line - d for m in marks if m is not None for d in (0, 1) if m.line >= d})
    return next((n for n in near if n < len(lines) and _FULL_WIDTH_KEY.match(lines[n])), None)


def _check_size(data: Any, source: str, written: int) -> None:
    """Refuse structures that only an alias bomb could make (billion laughs): more values
    than the ``written`` characters could hold without aliases (two a value at the least),
    or more text than they could hold, some times over (one long anchored text given to
    every row of a roster, *a: a 2.7 MB file wrote 574 MB of notices)."""
    budget = max(MAX_ALIAS_EXPANSIONS * 100, 2 * written)
    text_budget = max(MAX_INPUT_BYTES, 4 * written)
    stack = [data]
    seen = text = 0
    while stack:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            stack.extend(value.values())
            text += sum(len(key) for key in value if isinstance(key, (str, bytes)))
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, (str, bytes)):
            text += len(value)
        if seen > budget or text > text_budget:
            raise InputError("YAML 结构过大（别名展开过多），已拒绝读取", Location(file=source))


def _plain(value: Any) -> Any:
    """Keys as text (YAML allows 1: or true: as keys; people mean the text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现冒号键值（可能缩进不对，或值里有半角冒号需要加引号）",
    "could not find expected ':'": "缺少冒号",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "expected <block end>": "缩进不一致（同一层的键要对齐）",
    "did not find expected key": "缩进不一致（同一层的键要对齐）",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合？）",
    "found unknown escape character": "引号内有无法识别的转义字符（反斜杠）",
    "found undefined alias": "引用了未定义的别名",
    "found duplicate key": "键重复",
    "did not find expected ',' or ']'": "方括号列表 [ ] 没有闭合，或项之间缺少逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有闭合，或项之间缺少逗号",
    "found unexpected ':'": "此处不能出现冒号（值里有半角冒号时请加引号）",
    "found character that cannot start any token": "这个字符不能出现在这里（值以 @、` 等开头时请加引号）",
    "found a tab character": "不能用 Tab 缩进，请改用空格",
    "found a merge key": "不支持 YAML 的合并键「<<」：请把要合并的键值直接写在这一项里",
    "found unhashable key": "键不能是列表或映射，请写成文字",
    "found unacceptable key": "键不能是列表或映射，请写成文字",
    "integer too long": "数字的位数过多，已拒绝读取（编号等请加引号，作为文字）",
    "exceeded maximum nesting depth": f"列表、映射嵌套过深（超过 {MAX_DEPTH} 层），已拒绝读取",
}


_TAG = re.compile(r"could not determine a constructor for the tag '([^']*)'")


def _translate(problem: str, text: str = "", mark: Any = None) -> str:
    tag = _TAG.search(problem)
    if tag:
        written = tag[1].replace("tag:yaml.org,2002:", "!!")
        return f"不支持 YAML 标签「{written}」（!!python/…、!ref 等标签都不支持）：请去掉标签，直接写值"
    if problem.startswith("invalid date "):
        return (
            f"日期「{problem.removeprefix('invalid date ')}」不存在，请改正"
            "（若要原样作为文字，请加引号）"
        )
    if "cannot start any token" in problem and mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line]:
            return "不能用 Tab 缩进，请改用空格"
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem

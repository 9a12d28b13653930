"""Fragment bodies (Markdown) to outline blocks: headings nest, ordered lists enumerate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from docgen.compose.outline import Block, Enumeration, Paragraph, Run, Section

_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")


class MarkdownStructureError(ValueError):
    """Markdown that has no place in an official text (a bullet list, a table …); carries a line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class _Node:
    level: int
    title: str = ""
    children: list[Block | _Node] = field(default_factory=list)

    def freeze(self) -> tuple[Block, ...]:
        return tuple(
            Section(c.title, c.freeze()) if isinstance(c, _Node) else c for c in self.children
        )


def to_blocks(markdown: str, enumeration_style: str = "yishi") -> tuple[Block, ...]:
    """Parse a fragment body; `#` is a section at the insertion level, `##` one below it."""
    root = _Node(level=0)
    stack = [root]
    tokens = _PARSER.parse(markdown)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            level = int(token.tag[1])
            while stack[-1].level >= level:
                stack.pop()
            node = _Node(level=level, title=_plain(tokens[i + 1]))
            stack[-1].children.append(node)
            stack.append(node)
            i += 3
        elif token.type == "paragraph_open":
            stack[-1].children.append(Paragraph(_runs(tokens[i + 1])))
            i += 3
        elif token.type == "ordered_list_open":
            items, i = _list_items(tokens, i)
            stack[-1].children.append(Enumeration(items, style=enumeration_style))
        elif token.type in (
            "bullet_list_open",
            "blockquote_open",
            "fence",
            "code_block",
            "hr",
            "table_open",
        ):
            raise MarkdownStructureError(
                _UNSUPPORTED.get(token.type, "不支持的 Markdown 结构"), _line(token)
            )
        else:
            i += 1
    return root.freeze()


_UNSUPPORTED = {
    "bullet_list_open": "不支持无序列表（- 或 *）：公文中的列举请用有序列表 1. 2.，由文档决定写成一是、一要等",
    "blockquote_open": "不支持引用块（>）",
    "fence": "不支持代码块",
    "code_block": "不支持缩进代码块：段落不要以四个空格开头",
    "hr": "不支持分隔线（---）",
    "table_open": "片段正文中不支持表格：表格由文档类型根据数据生成",
}


def _list_items(tokens: list[Token], start: int) -> tuple[tuple[tuple[Run, ...], ...], int]:
    items: list[tuple[Run, ...]] = []
    current: list[Run] = []
    depth = 0
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("ordered_list_open", "bullet_list_open"):
            depth += 1
            if depth > 1:
                raise MarkdownStructureError(
                    "不支持嵌套列表：请拆成小节（##）或分开的列表", _line(token)
                )
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            depth -= 1
            if depth == 0:
                return tuple(items), i + 1
        elif token.type == "list_item_open":
            current = []
        elif token.type == "list_item_close":
            items.append(tuple(current))
        elif token.type == "inline":
            current.extend(_runs(token))
        i += 1
    return tuple(items), i


def _runs(inline: Token) -> tuple[Run, ...]:
    """Inline text; **bold** becomes a lead run, line breaks join (Chinese has no spaces).

    Bold is split here rather than by the parser: CommonMark's flanking rules do not close
    ``**要求。**紧接`` (punctuation before, a letter after), which is how every lead is written.
    """
    text = "".join(line.strip() for line in inline.content.splitlines())
    runs: list[Run] = []
    for n, piece in enumerate(_bold_split(text)):
        if piece:
            _append(runs, Run(_ESCAPE.sub(r"\1", piece), lead=n % 2 == 1))
    return tuple(runs)


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark backslash escapes of ASCII punctuation
# A backslash escape (kept whole: "\\\\" then "**" is an escaped backslash, then bold) or "**".
_BOLD_MARK = re.compile(r"\\[\s\S]|\*\*")


def _bold_split(text: str) -> list[str]:
    """``text`` split at its bold marks: plain and bold pieces in turn. An escaped mark is
    none (a value's own *), and a mark left without its closing one stays text."""
    pieces, start = [], 0
    for mark in _BOLD_MARK.finditer(text):
        if mark.group() == "**":
            pieces.append(text[start : mark.start()])
            start = mark.end()
    pieces.append(text[start:])
    if len(pieces) % 2 == 0:  # an odd number of marks: the last one opened nothing
        pieces[-2:] = [pieces[-2] + "**" + pieces[-1]]
    return pieces


def _append(runs: list[Run], run: Run) -> None:
    if runs and runs[-1].lead == run.lead:
        runs[-1] = Run(runs[-1].text + run.text, run.lead)
    else:
        runs.append(run)


def _plain(inline: Token) -> str:
    return "".join(run.text for run in _runs(inline))


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None

"""The body of a docxtpl template rendered straight to its final bytes, skipping the lxml round trip.

docxtpl parses every rendered body (``fix_tables``, with a recovering parser), renumbers drawing
ids and lets python-docx serialise the document again. For most mail-merge templates that round
trip changes nothing but the namespace declarations of ``<w:body>``: the static XML came from lxml
in the first place, and escaped text is already what lxml writes. ``DirectBody`` proves this once
per template and then once per row, and is only used when both proofs hold:

- for the template (``DirectBody.of`` returns None otherwise): its static XML has nothing lxml
  would write differently (character references, comments, empty elements, stray namespace
  declarations, control characters); every ``{% if %}``/``{% for %}`` opens and closes at the same
  place of the XML tree, never between the cells of a row and never inside a tag; every table has
  a row outside any block with as many cells as its grid, and no row with more, so ``fix_tables``
  never touches the grid; there are no drawings (``fix_docpr_ids``) and no nested tables;
- for a row (``finish`` returns None otherwise, and the caller takes docxtpl's path): every
  value inserted is plain escaped text — no markup, no line breaks or tabs (docxtpl's listing
  rewrite), no characters XML forbids — and no element came out empty (lxml writes ``<a/>``).

What is left to do per row is to undo two escapes lxml does not write in text (``&#34;``,
``&#39;``) and to put the body between the document's own first and last bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

from jinja2 import nodes
from jinja2.nodes import EvalContext
from markupsafe import escape

# What lxml would not write back unchanged, or what docxtpl rewrites after rendering.
_UNSAFE_STATIC = ("&#", "&quot;", "&apos;", "<!", "<?", "\r", "\t", "\a", "\f", "docPr")
# In a value: markup, characters lxml escapes or refuses, docxtpl's listing characters, and any
# "&" that is not one of the escapes markupsafe writes.
_UNSAFE_VALUE = re.compile(
    "[<>\\x00-\\x1f\\ud800-\\udfff\\ufffe\\uffff]|&(?!amp;|lt;|gt;|#34;|#39;)"
)
_MARKUP_OR_CONTROL = re.compile("[<>\\x00-\\x1f\\ud800-\\udfff\\ufffe\\uffff]")
# A start tag directly followed by an end tag: an empty element, which lxml self-closes.
_EMPTY_ELEMENT = re.compile(r"<[^/>][^>]*(?<!/)></")
_TAG = re.compile(r"<(/?)([^\s/>]+)([^>]*?)(/?)>")
_GRID_SPAN = re.compile(r'w:val="(\d+)"')
_BLOCKS = {"if": "endif", "for": "endfor"}
_BRANCHES = {"elif", "else"}
_MARKER = re.compile(r"\n(<w:p[ >])")
_EMPTY_PAIR = re.compile(r"<([^\s/>!?{}]+)((?:\s[^<>{}]*)?)(?<!/)></\1>")
# Where docxtpl counts a section (its footnotes are rendered once per section).
_SECTION_PLACES = (["w:body"], ["w:body", "w:p", "w:pPr"])


def self_close(source: str) -> str:
    """``<a …></a>`` written as lxml writes it, ``<a …/>``: the same XML, so docxtpl's path gives
    the same bytes, and the static text is what the direct path must copy."""
    return _EMPTY_PAIR.sub(r"<\1\2/>", source)


@dataclass
class DirectBody:
    """A compiled body that renders rows to ``document.xml`` bytes without parsing them."""

    head: bytes  # the document up to and including "<w:body>", UTF-8
    tail: bytes  # "</w:body>" and the rest of the document
    start_tag: bytes  # "<w:body …>" as the rendered body begins, UTF-8
    static: frozenset[int] = field(default_factory=frozenset)
    # The constants that end with a start tag: one followed by an end tag makes an empty element.
    opening: frozenset[int] = field(default_factory=frozenset)
    # Keeps the template's code constants alive, so their ids stay theirs.
    constants: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        source: str,
        template: Any,
        head: str,
        tail: str,
    ) -> DirectBody | None:
        """The direct renderer for a compiled body ``source``, or None when it cannot be proven."""
        start_tag = source[: source.find(">") + 1]
        if not start_tag.startswith("<w:body") or not _static_safe(source, start_tag):
            return None
        if not _structure_safe(template.environment, source) or _folds_unsafe_text(
            template.environment, source
        ):
            return None
        constants = tuple(_string_constants(template.root_render_func.__code__))
        if any(_EMPTY_ELEMENT.search(_MARKER.sub(r"\1", c)) for c in constants):
            return None  # text Jinja joined across a {# comment #}: checked as it is yielded
        opening = frozenset(id(c) for c in constants if _ends_with_start_tag(c))
        return cls(
            head.encode("utf-8"),
            tail.encode("utf-8"),
            start_tag.encode("utf-8"),
            frozenset(map(id, constants)),
            opening,
            constants,
        )

    def may_hold(self, needles: tuple[bytes, ...]) -> bool:
        """Whether a row's document could hold any of ``needles`` in its markup. Every tag of
        it comes from the template's constants or the document's own first and last bytes:
        values are proven plain text, and a value inside a tag is never taken this way."""
        pieces = (self.head, self.tail, *(c.encode("utf-8") for c in self.constants))
        return any(needle in piece for piece in pieces for needle in needles)

    def finish(self, chunks: list[str]) -> bytes | None:
        """``document.xml`` from the pieces Jinja yielded, or None if the row needs docxtpl's path."""
        static, opening = self.static, self.opening
        values = []
        after_start_tag = False
        for chunk in chunks:
            if not chunk:
                continue  # an empty value: the pieces around it meet
            if after_start_tag and chunk.startswith("</"):
                return None  # an empty element, which lxml would self-close
            key = id(chunk)
            if key not in static:
                values.append(chunk)
            after_start_tag = key in opening
        if values and _UNSAFE_VALUE.search(" ".join(values)):
            return None
        # The rest works on UTF-8 bytes (ASCII never occurs inside a multi-byte character) and
        # looks for one byte first: memchr is many times faster than searching for two.
        body = "".join(chunks).encode("utf-8")
        # Every line break left is one of docxtpl's paragraph markers: values have none, and
        # the static text was proven to have them only before "<w:p ", "<w:p>".
        body = body.replace(b"\n", b"")
        start, end = self.start_tag, b"</w:body>"
        if not body.startswith(start) or not body.endswith(end):
            return None
        if (b"{" in body or b"}" in body) and (b"{_" in body or b"_}" in body):
            return None
        if b"#" in body and b"&#" in body:
            body = body.replace(b"&#34;", b'"').replace(b"&#39;", b"'")
        inner = memoryview(body)[len(start) : -len(end)]
        return b"".join((self.head, inner, self.tail))


def _static_safe(source: str, start_tag: str) -> bool:
    text = _MARKER.sub(r"\1", source)
    if any(s in text for s in _UNSAFE_STATIC) or "\n" in text:
        return False
    if text.count("xmlns") != start_tag.count("xmlns"):
        return False
    return _EMPTY_ELEMENT.search(text) is None


def _folds_unsafe_text(env: Any, source: str) -> bool:
    """Whether Jinja writes a literal into the code as text (``{{ "a\\nb" }}``) that is not
    plain: such text was never checked as static XML, yet it is yielded like the template's own.
    (Plain folded text joins the constants around it, which are checked as they are yielded.
    ``BoundedSandbox`` folds literals only: other expressions are worked out as rows render.)"""
    autoescape = EvalContext(env).autoescape
    for output in env.parse(source).find_all(nodes.Output):
        for child in output.nodes:
            if not isinstance(child, nodes.Const):  # the sandbox folds literals only
                continue
            text = str(escape(child.value)) if autoescape else str(child.value)
            if _MARKUP_OR_CONTROL.search(text):
                return True
    return False


def _ends_with_start_tag(text: str) -> bool:
    last = text.rfind("<")
    return text.endswith(">") and not text.endswith("/>") and text[last + 1 : last + 2] != "/"


def _string_constants(code: CodeType) -> Iterator[str]:
    for constant in code.co_consts:
        if isinstance(constant, str):
            yield constant
        elif isinstance(constant, CodeType):
            yield from _string_constants(constant)


@dataclass
class _Table:
    depth: int  # blocks open when the table started
    grid: int = 0
    rows: list[tuple[int, int, bool]] = field(default_factory=list)  # cells, span, conditional


class _Scan:
    """Walks the template's tokens keeping the XML element stack and the open Jinja blocks."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        # Each open element's serial number: a block must close inside the element it opened in.
        self.serials: list[int] = []
        self.opened = 0
        self.blocks: list[tuple[str, tuple[int, ...]]] = []
        self.tables: list[_Table] = []
        self.in_tag = False

    def data(self, text: str) -> bool:
        if self.in_tag:
            return False
        for match in _TAG.finditer(text):
            closing, name, attributes, empty = match.groups()
            if closing:
                if not self.stack or self.stack.pop() != name:
                    return False
                self.serials.pop()
                if name == "w:tbl" and not self.close_table():
                    return False
                continue
            if not self.open(name, attributes):
                return False
            if not empty:
                self.stack.append(name)
                self.opened += 1
                self.serials.append(self.opened)
        last_open, last_close = text.rfind("<"), text.rfind(">")
        self.in_tag = last_open > last_close
        return True

    def open(self, name: str, attributes: str) -> bool:
        parent = self.stack[-1] if self.stack else ""
        if name == "w:sectPr" and self.stack not in _SECTION_PLACES:
            return False  # sections are counted in the text, so only where docxtpl counts them
        if name == "w:tbl":
            if self.tables:
                return False  # fix_tables counts a nested table's rows in the outer table
            self.tables.append(_Table(len(self.blocks)))
        table = self.tables[-1] if self.tables else None
        if table is None:
            return True
        if name == "w:gridCol" and parent == "w:tblGrid":
            table.grid += 1
        elif name == "w:tr" and parent == "w:tbl":
            table.rows.append((0, 0, len(self.blocks) > table.depth))
        elif name == "w:tc" and parent == "w:tr" and table.rows:
            cells, span, conditional = table.rows[-1]
            table.rows[-1] = (cells + 1, span + 1, conditional)
        elif name == "w:gridSpan" and self.stack[-3:-1] == ["w:tr", "w:tc"] and table.rows:
            match = _GRID_SPAN.search(attributes)
            if match is None:
                return False
            cells, span, conditional = table.rows[-1]
            table.rows[-1] = (cells, span + int(match.group(1)) - 1, conditional)
        return True

    def close_table(self) -> bool:
        table = self.tables.pop()
        if any(cells > table.grid or span > table.grid for cells, span, _ in table.rows):
            return False
        return any(span == table.grid and not cond for _, span, cond in table.rows)

    def block(self, name: str, expression: bool) -> bool:
        if self.in_tag:
            return False
        here = tuple(self.serials)
        if name in _BLOCKS:
            if self.stack and self.stack[-1] in ("w:tr", "w:tblGrid"):
                return False  # a block between cells changes the row's width
            self.blocks.append((_BLOCKS[name], here))
            return True
        if name in _BRANCHES:
            return bool(self.blocks) and self.blocks[-1][1] == here
        if name in ("endif", "endfor"):
            return bool(self.blocks) and self.blocks.pop() == (name, here)
        return name == "set" and expression  # "{% set x = … %}" writes nothing


def _structure_safe(env: Any, source: str) -> bool:
    scan = _Scan()
    tokens = iter(env.lex(source))
    for _, kind, value in tokens:
        if kind == "data":
            if not scan.data(value):
                return False
        elif kind == "variable_begin":
            if scan.in_tag:
                return False
        elif kind == "block_begin":
            name, inside = _block(tokens)
            if not scan.block(name, "=" in inside):
                return False
        elif kind in ("raw_begin", "linestatement_begin"):
            return False
    return not scan.blocks and not scan.stack and not scan.tables


def _block(tokens: Iterator[tuple[int, str, str]]) -> tuple[str, str]:
    """The tag's name and the rest of it, up to its end."""
    name, rest = "", []
    for _, kind, value in tokens:
        if kind == "block_end":
            break
        if kind == "whitespace":
            continue
        if not name and kind == "name":
            name = value
        else:
            rest.append(value)
    return name, " ".join(rest)

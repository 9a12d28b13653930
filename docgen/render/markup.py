"""Template tags only where they cannot make markup the sanitiser never saw.

Jinja renders a part's XML as text, after ``ooxml.sanitize`` has read it as XML. A tag in the
wrong place would let a template (one that arrived by e-mail) write markup no check saw: a tag
in a relationship id (``r:link="{{ … }}"`` naming a hyperlink's address as a picture's), an
``{% if false %}`` that drops the wrapper of a comment or processing instruction holding a
linked picture, or that drops the runs between the pieces of a field code so that
``INCLUDE`` and ``PICTURE`` meet. So, in every part docxtpl renders:

- a tag stands in text, or inside the value of an attribute docxtpl itself fills (a cell's
  shading ``w:fill``, a span or merge ``w:val``, a simple field's ``w:instr``) or Word's
  dialogs write (a picture's alt text, a hyperlink's ScreenTip), never in a comment, a
  processing instruction, CDATA or elsewhere in an element's tag;
- a block (``if``, ``for``) opened in an attribute value closes in it, and one opened in text
  closes in text;
- no tag holds markup itself (``{{ '</w:t>…' }}`` would drop it), and no block whose body
  becomes a value (``macro``, ``call``, ``filter``, ``set``…``endset``, ``block``) holds any:
  Markup's methods would rebuild any XML from it;
- in a field's code (between its begin and separator), only ``{{ }}`` inside the code's text;
- no ``{% raw %}``, and no ``{{``/``{%`` in a comment: docxtpl unescapes ``&lt;`` from each
  ``{{`` or ``{%`` to the next ``}}`` or ``%}`` as text, and there Jinja would write it as data;
- no ``{% call %}`` or ``{% filter %}`` in an attribute value: what they write passes no
  ``{{ }}``, where the sandbox escapes the quotes of Markup a template makes (a slice of
  ``xmlattr``'s result, a macro's text), which would end the value and start another attribute.

Then what Jinja does to the markup is to keep, drop or repeat what the sanitiser saw whole,
and to write escaped values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Attributes docxtpl's own tags fill ({% cellbg %}, {% colspan %}, {% hm %}, {% vm %}), and a
# simple field's code (its type is checked by the sanitiser: no tag may write it).
# Word's own dialogs write a picture's alt text (descr, title) and a hyperlink's ScreenTip.
ATTRIBUTE_TAGS = frozenset(["w:fill", "w:val", "w:instr", "descr", "title", "w:tooltip"])
_MARKUP = re.compile(r"</?[A-Za-z][\w.-]*:[\w.-]+[\s/>]")
_TAG = re.compile(r"<(/?)([^\s/>]+)(.*?)(/?)>$", re.S)
_ATTRIBUTE_NAME = re.compile(r"([\w:.-]+)\s*=\s*$")
_FIELD_CHAR_TYPE = re.compile(r"""w:fldCharType\s*=\s*["'](\w+)""")
_APART = "与它的 if、for 不在同一处（一个在文字中，一个在格式代码的属性中）"
# Blocks whose body becomes a value (Markup, under autoescape): its methods ([0], split, replace,
# ~) would rebuild any XML from markup kept in it, so they may keep text only.
_CAPTURING = frozenset(["macro", "call", "filter", "set", "block"])
_CAPTURED = (
    "把 Word 的格式代码存进了 {% macro %}、{% call %}、{% filter %}、{% set %}…{% endset %} 或 "
    "{% block %}（它们只能存一段之内的文字）"
)
# Blocks that write a value no ``{{ }}`` passes through (the sandbox escapes the quotes of
# Markup made in the template only there): not in an attribute value, which a quote would end.
_WRITING_BLOCKS = frozenset(["call", "filter"])
_WRITES_IN_VALUE = (
    "是 {% call %} 或 {% filter %}，写在了格式代码的属性中（属性中只能用 {{ }}、if 和 for）"
)
# docxtpl unescapes &lt; &gt; and curly quotes from each {{ or {% to the next }} or %}, as
# text: one inside {% raw %} or a comment starts where Jinja sees data, which then holds
# markup the sanitiser never saw.
_DELIMITERS = ("{{", "{%", "}}", "%}")
_UNESCAPED_AS_TAG = (
    "是 {% raw %}，或是其中又写了 {{ 或 {% 的注释 {# #}（docgen 不支持：请删去，"
    "要原样显示的括号直接作为文字输入）"
)
_ENDS = {"comment": "-->", "cdata": "]]>", "pi": "?>", "declaration": ">"}
_BLOCK_OPENERS = {
    "if",
    "for",
    "macro",
    "call",
    "filter",
    "set",
    "with",
    "autoescape",
    "block",
    "trans",
}


@dataclass(frozen=True)
class Misplaced:
    """A tag where it could make markup: its line in the compiled source, and what it is (in
    Chinese, for the message)."""

    line: int
    what: str


@dataclass
class _Markup:
    """Where the XML of a part's source stands, read piece by piece between the tags."""

    mode: str = "text"  # text, tag, comment, cdata, pi, declaration
    tag: str = ""  # the element tag read so far
    quote: str | None = None
    attribute: str = ""  # the attribute whose quoted value is open
    value: int = 0  # which attribute value is open (a serial number)
    fields: list[str] = field(default_factory=list)  # each open field's phase: code, result
    in_code_text: bool = False  # inside a w:instrText
    opening_field: bool = False  # inside a field's begin (a form field's data), code next

    def feed(self, text: str) -> None:
        at = 0
        while at < len(text):
            if self.mode == "text":
                start = text.find("<", at)
                if start < 0:
                    return
                at = self._enter(text, start)
            elif self.mode in _ENDS:
                end = text.find(_ENDS[self.mode], at)
                if end < 0:
                    return
                self.mode, at = "text", end + len(_ENDS[self.mode])
            else:
                at = self._in_tag(text, at)

    def _enter(self, text: str, start: int) -> int:
        head = text[start : start + 9]
        for opening, mode in (("<!--", "comment"), ("<![CDATA[", "cdata"), ("<?", "pi")):
            if head.startswith(opening):
                self.mode = mode
                return start + len(opening)
        if head.startswith("<!"):
            self.mode = "declaration"
            return start + 2
        self.mode, self.tag = "tag", "<"
        return start + 1

    def _in_tag(self, text: str, at: int) -> int:
        if self.quote is not None:
            end = text.find(self.quote, at)
            if end < 0:
                self.tag += text[at:]
                return len(text)
            self.tag += text[at : end + 1]
            self.quote = None
            return end + 1
        stops = [i for i in (text.find(c, at) for c in "\"'>") if i >= 0]
        if not stops:
            self.tag += text[at:]
            return len(text)
        stop = min(stops)
        self.tag += text[at : stop + 1]
        if text[stop] == ">":
            self.mode = "text"
            self._close_tag()
        else:
            self.quote = text[stop]
            name = _ATTRIBUTE_NAME.search(self.tag[:-1])
            self.attribute = name[1] if name else ""
            self.value += 1
        return stop + 1

    def _close_tag(self) -> None:
        found = _TAG.match(self.tag)
        if found is None:
            return
        closing, name, attributes, empty = found.groups()
        if name == "w:instrText":
            self.in_code_text = not closing and not empty
        elif name == "w:fldChar" and closing and self.opening_field:
            self.fields.append("code")  # a form field's w:ffData is no code: it came first
            self.opening_field = False
        elif name == "w:fldChar":
            kind = _FIELD_CHAR_TYPE.search(attributes)
            kind_name = kind[1] if kind else ""
            if kind_name == "begin" and not empty:
                self.opening_field = True
            elif kind_name == "begin":
                self.fields.append("code")
            elif kind_name == "separate" and self.fields:
                self.fields[-1] = "result"
            elif kind_name == "end" and self.fields:
                self.fields.pop()

    @property
    def in_code(self) -> bool:
        return "code" in self.fields

    def place(self) -> tuple[str, int] | None:
        """Where a tag may stand here: ("text", 0) or ("value", its serial number); None
        where it may not."""
        if self.mode == "text":
            return ("text", 0)
        if self.mode == "tag" and self.quote is not None and self.attribute in ATTRIBUTE_TAGS:
            return ("value", self.value)
        return None

    def where(self) -> str:
        if self.mode in ("comment", "pi", "cdata", "declaration"):
            return "写在了 XML 注释、处理指令或 CDATA 中"
        if self.mode == "tag" and self.quote is not None:
            return f"写在了格式代码的属性 {self.attribute or '?'} 中"
        return "写在了格式代码的标记之中"


def misplaced_tag(environment: Any, source: str) -> Misplaced | None:
    """The first tag of a part's compiled ``source`` where it could make markup, if any."""
    markup = _Markup()
    blocks: list[tuple[str, tuple[str, int]]] = []  # each open block: its name, its place
    for line, kind, text in _pieces(environment, source):
        if kind == "data":
            if "<" in text and any(name in _CAPTURING for name, _ in blocks):
                return Misplaced(line, _CAPTURED)
            markup.feed(text)
            continue
        if kind == "raw" or (kind == "comment" and any(d in text for d in _DELIMITERS)):
            return Misplaced(line, _UNESCAPED_AS_TAG)
        place = markup.place()
        if place is None:
            return Misplaced(line, markup.where())
        if _MARKUP.search(text):
            return Misplaced(line, "之中夹着格式代码")
        if markup.in_code and (kind != "print" or not markup.in_code_text):
            return Misplaced(line, "写在了 Word 域代码中（域代码里只能用 {{ }}，且要写在域名之后）")
        if kind != "block":
            continue
        name = text.split(maxsplit=1)[0] if text.split() else ""
        name = name.removeprefix("-").split("-")[0]
        if name in _WRITING_BLOCKS and place[0] == "value":
            return Misplaced(line, _WRITES_IN_VALUE)
        if name in _BLOCK_OPENERS and not (name == "set" and _assigns(text)):
            blocks.append((name, place))
        elif name in ("elif", "else") and (not blocks or blocks[-1][1] != place):
            return Misplaced(line, _APART)
        elif name.startswith("end"):
            # Jinja checked the nesting: a closing that is not the last opening's means a
            # block was read as something else here, and what it spans is unknown.
            if not blocks or blocks[-1][0] != name[3:] or blocks.pop()[1] != place:
                return Misplaced(line, _APART)
    return None


def _assigns(text: str) -> bool:
    """Whether a set tag's text (its tokens joined by spaces) assigns a value, ``set a = b``,
    rather than opening a block, ``set a | f('=')`` … ``endset``: an "=" token before any "|"."""
    return " = " in f" {text.split(' | ')[0]} "


def _pieces(environment: Any, source: str) -> Iterator[tuple[int, str, str]]:
    """The source as data (raw blocks' content included) and tags: (line, "data", text) or
    (line, "print"/"block"/"comment", the tag's inner text)."""
    tokens = iter(environment.lex(source))
    ends = {"variable_begin": "variable_end", "block_begin": "block_end"}
    kinds = {"variable_begin": "print", "block_begin": "block", "comment_begin": "comment"}
    for line, kind, value in tokens:
        if kind == "data":
            yield line, "data", value
        elif kind == "raw_begin":
            yield line, "raw", ""  # refused: the content between is data docxtpl unescaped
        elif kind == "raw_end":
            continue
        elif kind == "comment_begin":
            text = "".join(v for _, k, v in _until(tokens, "comment_end"))
            yield line, "comment", text
        elif kind in ends:
            text = " ".join(v for _, k, v in _until(tokens, ends[kind]) if k != "whitespace")
            yield line, kinds[kind], text


def _until(tokens: Iterator[tuple[int, str, str]], end: str) -> Iterator[tuple[int, str, str]]:
    for token in tokens:
        if token[1] == end:
            return
        yield token

"""Word fields whose update reads a file, an address, a database or another program: their
code blanked (the last result shown stays), or the template refused where the field's type
cannot be read before rendering — spelt by a nested field, or written by a template tag. A
MACROBUTTON keeps its text and runs nothing (NoMacro)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from docgen.errors import InputError
from docgen.ooxml.mergefields import paragraph_place
from docgen.ooxml.xml import qn

# Fields whose update reads a file, a URL, a database or another program (HYPERLINK only
# points: it stays).
FETCHING_FIELDS = {
    "INCLUDEPICTURE",
    "INCLUDETEXT",
    "INCLUDE",
    "LINK",
    "DDE",
    "DDEAUTO",
    "IMPORT",
    "DATABASE",
    "RD",
}
# A MACROBUTTON's code: the type, then the macro or command it runs.
_BUTTON = re.compile(r'([\s\\"]*?(?:"MACROBUTTON"|MACROBUTTON)\s*)("[^"]*"|[^\s"]+)', re.I)
# A field's type: the first word of its code (= is the formula field).
_FIELD_TYPE = re.compile(r'[\s\\"]*(=|[A-Za-z]+)')
# A code whose type cannot be read (a digit, a mark first): treated as fetching.
UNREADABLE = "?"
# A field code whose type (its first word) is, or is finished by, a template tag.
_TAGGED_TYPE = re.compile(r'[\s\\"]*[A-Za-z]*\{[{%#]')


@dataclass
class _Code:
    """A field whose code is being read: its own code's text with None where a nested field
    stands, the types of those nested fields, and every node of its code, nested fields'
    code and results included."""

    begin: etree._Element
    pieces: list[str | None] = field(default_factory=list)
    inner: list[str] = field(default_factory=list)
    nodes: list[etree._Element] = field(default_factory=list)
    separated: bool = False


_FIELD_CHAR = qn("w:fldChar")
_DIRTY = qn("w:dirty")
_INSTR = qn("w:instrText")
_SIMPLE = qn("w:fldSimple")
_TEXT = qn("w:t")


def defuse_fields(name: str, root: etree._Element, notes: list[str], source: str) -> bool:
    """Blank the code of fields that fetch files (their last shown result stays); refuse a
    field whose type a nested field spells out (``{ { QUOTE "INCLUDEPICTURE" } "…" }``)."""
    changed = False
    simples: list[etree._Element] = []
    for found in _fields(root):
        if isinstance(found, _Code):
            changed = _defuse(found, name, notes, source) or changed
            continue
        _refuse_tagged_type(found.get(qn("w:instr"), ""), found, name, source)
        kind = _field_type([found.get(qn("w:instr"), "")])
        if fetches(kind):
            simples.append(found)
        elif kind == "MACROBUTTON":
            changed = _disarm_simple_button(found, name, notes) or changed
    for simple in simples:
        parent = simple.getparent()
        index = parent.index(simple)
        for offset, child in enumerate(list(simple)):
            parent.insert(index + offset, child)
        parent.remove(simple)
        notes.append(f"已停用取外部内容的域（{name}）")
        changed = True
    return changed


def fetches(kind: str | None) -> bool:
    """Whether a field of this type (``_field_type``'s answer) may fetch: one of the fetching
    kinds, or one whose type cannot be read (Word and LibreOffice skip a leading \\ or "")."""
    return kind in FETCHING_FIELDS or kind == UNREADABLE


def reaching_field(root: etree._Element) -> str | None:
    """The type of the first field in a rendered part that would fetch or run something: a
    fetching one, one spelt by a nested field, a MACROBUTTON that does not run NoMacro."""
    for kind, code in field_codes(root):
        if kind is None or fetches(kind):
            return kind or "由嵌套的域拼出"
        if kind == "MACROBUTTON" and _runs_a_command(code):
            return kind
    return None


def field_types(root: etree._Element) -> list[str | None]:
    """The type of every field in a part, in capitals (``=`` the formula field); None for one
    whose type a nested field spells or might finish."""
    return [kind for kind, _ in field_codes(root)]


def field_codes(root: etree._Element) -> list[tuple[str | None, str]]:
    """Every field of a part: its type (as ``field_types``) and its own code's text."""
    found = []
    for field_ in _fields(root):
        pieces = field_.pieces if isinstance(field_, _Code) else [field_.get(qn("w:instr"), "")]
        found.append((_field_type(pieces), "".join(p for p in pieces if p is not None)))
    return found


def _fields(root: etree._Element) -> Iterator[_Code | etree._Element]:
    """Every field of a part in the order their codes end: a ``w:fldSimple`` element, or a
    complex field's code (read up to its separator or end, nested fields marked)."""
    stack: list[_Code] = []
    for node in root.iter(_FIELD_CHAR, _INSTR, _SIMPLE, _TEXT):
        if node.tag != _FIELD_CHAR:
            for code in stack:
                if not code.separated:
                    code.nodes.append(node)
        top = stack[-1] if stack and not stack[-1].separated else None
        if node.tag == _INSTR:
            if top is not None:
                top.pieces.append(node.text or "")
        elif node.tag == _SIMPLE:
            if top is not None:
                top.pieces.append(None)
                top.inner.append(_field_type([node.get(qn("w:instr"), "")]) or "?")
            yield node
        elif node.tag == _FIELD_CHAR:
            kind = node.get(qn("w:fldCharType"))
            if kind == "begin":
                if top is not None:
                    top.pieces.append(None)
                stack.append(_Code(node))
            elif kind in ("separate", "end") and stack:
                code = stack[-1]
                if not code.separated:
                    code.separated = True
                    yield code
                if kind == "end":
                    stack.pop()
                    if stack and not stack[-1].separated:
                        stack[-1].inner.append(_field_type(code.pieces) or "?")


def _refuse_tagged_type(code: str, node: etree._Element, name: str, source: str) -> None:
    """A field whose type a template tag writes (``{ {{ 代码 }} }``, ``{ I{{ 后半 }} }``): a
    row's value would choose it — INCLUDEPICTURE, DDEAUTO — after the sanitiser has run."""
    if _TAGGED_TYPE.match(code):
        raise InputError(
            "这个 Word 域的域名由模板标签写出：每一行的值会决定它是什么域，可能成为读取外部文件或"
            "运行程序的域，docgen 不支持，未生成任何文件（请在 Word 中按 Alt+F9 显示域代码，把标签"
            '移到域名之后，如 { HYPERLINK "{{ 网址 }}" }，或删掉这个域）',
            paragraph_place(node, name, source),
        )


def _defuse(code: _Code, name: str, notes: list[str], source: str) -> bool:
    _refuse_tagged_type("".join(p for p in code.pieces if p is not None), code.begin, name, source)
    kind = _field_type(code.pieces)
    if kind is None:
        inner = code.inner[0] if code.inner else "?"
        raise InputError(
            f"这个 Word 域的域名由其中嵌套的 {inner} 域拼出：更新时才知道它是什么域，可能是取外部"
            "文件或网址的域，docgen 无法判断，未生成任何文件（请在 Word 中按 Alt+F9 显示域代码，"
            "删掉这个域或改为普通文字）",
            paragraph_place(code.begin, name, source),
        )
    if kind == "MACROBUTTON":
        return _disarm_button(code, name, notes, source)
    if not fetches(kind):
        return False
    for node in code.nodes:
        if node.tag == _SIMPLE:
            node.set(qn("w:instr"), "")
        else:
            node.text = ""
    # A blank code updated on opening would blank the result shown too.
    code.begin.attrib.pop(_DIRTY, None)
    notes.append(f"已停用取外部内容的域（{name}）")
    return True


def _disarm_button(code: _Code, name: str, notes: list[str], source: str) -> bool:
    """A MACROBUTTON runs its macro or Word command when double-clicked; its code also holds
    the text it shows (a template's "[单击此处输入]"), so the command becomes NoMacro, Word's
    own name for a button that does nothing, and the text stays. One with a field nested in
    its code is refused unless it already runs NoMacro: the nested field may write the
    command."""
    texts = [node for node in code.nodes if node.tag == _INSTR]
    if None in code.pieces:
        before = "".join(itertools.takewhile(lambda piece: piece is not None, code.pieces))
        button = _BUTTON.match(before)
        if button and _macro(button) == "NOMACRO" and before[button.end() :][:1].isspace():
            return False
        raise InputError(
            "这个按钮域（MACROBUTTON）的代码中嵌套了其他域：双击时运行的命令可能由嵌套的域写出，"
            "docgen 无法判断，未生成任何文件（请在 Word 中按 Alt+F9 显示域代码，删掉这个域或改为"
            "普通文字）",
            paragraph_place(code.begin, name, source),
        )
    disarmed = _no_macro("".join(node.text or "" for node in texts), name, notes)
    if disarmed is None:
        return False
    texts[0].text = disarmed
    for node in texts[1:]:
        node.text = ""
    return True


def _disarm_simple_button(node: etree._Element, name: str, notes: list[str]) -> bool:
    disarmed = _no_macro(node.get(qn("w:instr"), ""), name, notes)
    if disarmed is not None:
        node.set(qn("w:instr"), disarmed)
    return disarmed is not None


def _runs_a_command(code: str) -> bool:
    """Whether a MACROBUTTON's code runs a macro or command (anything but NoMacro)."""
    button = _BUTTON.match(code)
    return button is not None and _macro(button) != "NOMACRO"


def _no_macro(code: str, name: str, notes: list[str]) -> str | None:
    """A MACROBUTTON's code running NoMacro, or None when it already does."""
    button = _BUTTON.match(code)
    if button is None or _macro(button) == "NOMACRO":
        return None
    notes.append(f"已停用按钮域运行的命令 {_macro(button)}，按钮的文字保留（{name}）")
    rest = code[button.end() :]
    return button.group(1).rstrip() + " NoMacro" + ("" if rest[:1].isspace() else " ") + rest


def _macro(button: re.Match[str]) -> str:
    return button.group(2).strip('"').upper()


def _field_type(pieces: list[str | None]) -> str | None:
    """A field's type, from its code (None where a nested field stands): the first word, in
    capitals; None when a nested field comes first, or right after letters that may begin a
    fetching field's name (its result would end the word: { INCLUDE{ QUOTE "PICTURE" } })."""
    text, nested = "", False
    for piece in pieces:
        if piece is None:
            nested = True
            break
        text += piece
    word = _FIELD_TYPE.match(text)
    kind = word.group(1).upper() if word else (UNREADABLE if text.strip() else "")
    if nested and (word is None or (word.end() == len(text) and _could_fetch(kind))):
        return None
    return kind


def _could_fetch(start: str) -> bool:
    """Whether a word may begin a fetching field's name (INCLUDE + PICTURE), or a button's."""
    return any(name.startswith(start) for name in (*FETCHING_FIELDS, "MACROBUTTON"))

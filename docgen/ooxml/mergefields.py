"""Word's mail-merge fields read as docxtpl tags, so a clerk's mail-merge main document fills as is.

«单位名称» in a Word mail-merge document is a MERGEFIELD: a field whose instruction names a data
column and whose shown result is that name in chevrons. Each becomes one run holding
``{{ 单位名称 }}`` with the result's formatting (the text Word would put there), and the roster
fills it like any tag. An IF field over merge fields — ``{ IF { MERGEFIELD 性别 } = "男" "先生"
"女士" }`` — becomes one run with the conditional expression that prints what Word would.
Fields that steer Word's walk through the records (NEXT, SKIPIF, …), and merge fields inside
other fields, have no tag of the same meaning: they are refused, with the tag to write instead.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

from lxml import etree

from docgen.errors import DocgenError, InputError, Location, raise_collected
from docgen.ooxml.xml import NS, qn
from docgen.text.dates import word_picture
from docgen.text.listing import excerpt
from docgen.text.numbers import word_number_picture
from docgen.text.tags import WORD_COMPARE, WORD_COMPARISONS, column_reference, string_literal

_MERGE_FIELD = re.compile(r'^\s*MERGEFIELD\s+(?:"([^"]+)"|([^\s\\]+))(.*)$', re.IGNORECASE | re.S)
# A switch and its argument; \\m and \\v take none (the word after them is the next switch's).
_SWITCH = re.compile(r'\\([*@#bf])\s*(?:"([^"]*)"|(\S+))?|\\[mv]\b')
# Word's mail-merge fields no tag does as Word does: what each does, and what to do instead.
_TABLE_LOOP = (
    "要在一个文件里列出多行（标签、签到表），请用 {%tr for 行 in 列表 %} 表格循环，"
    "名单写成 YAML，每项的多行写成列表（Excel 的一格是一段文字，不能循环）"
)
_UNCONVERTED_FIELDS = {
    "NEXT": ("把下一行数据并入同一页", _TABLE_LOOP),
    "NEXTIF": ("按条件把下一行数据并入同一页", _TABLE_LOOP),
    "SKIPIF": ("按条件跳过一行数据", "不要的行请先从名单中删去或另存一份名单"),
    "MERGEREC": ("填入数据的记录号", "需要序号时在名单中加一列“序号”，插入这一列的合并域"),
    "MERGESEQ": ("填入合并的序号", "需要序号时在名单中加一列“序号”，插入这一列的合并域"),
    "ADDRESSBLOCK": ("地址块", "请改为逐个插入需要的合并域，如 «单位名称»"),
    "GREETINGLINE": ("问候语", "请改为文字加合并域，如“«联系人»同志：”"),
    "ASK": ("合并时逐份询问输入", "要逐份填写的内容请放进名单的一列，插入这一列的合并域"),
    "FILLIN": ("合并时逐份询问输入", "要逐份填写的内容请放进名单的一列，插入这一列的合并域"),
}
_CASE_FILTERS = {"UPPER": "upper", "LOWER": "lower", "FIRSTCAP": "capitalize", "CAPS": "title"}
# \* switches that only keep the field's formatting, as a tag does anyway.
_KEPT_FORMATS = frozenset({"MERGEFORMAT", "CHARFORMAT"})
_SIMPLE = qn("w:fldSimple")
_FIELD_CHAR = qn("w:fldChar")
_INSTR = qn("w:instrText")
_RUN = qn("w:r")
_PARAGRAPH = qn("w:p")
_TABLE = qn("w:tbl")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# What stays of a field's place in its paragraph when the field becomes a tag.
_KEPT = {qn("w:bookmarkStart"), qn("w:bookmarkEnd")}
# Parts said as a Word user names them.
_PART_NAMES = {"header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注"}


@dataclass
class MergeFields:
    """What became of mail-merge fields: the columns they name, each with the first place it
    is named; each tag made, with the field's shown text («联系人», or an IF's last result),
    to quote a paragraph as the user sees it; and notes."""

    columns: dict[str, Location] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, other: MergeFields) -> None:
        """Another part's fields (a column's first place kept)."""
        for column, place in other.columns.items():
            self.columns.setdefault(column, place)
        self.shown.update(other.shown)
        self.notes += other.notes


@dataclass(frozen=True)
class _Merge:
    """A merge field: its column and the switches after it."""

    column: str
    switches: str


@dataclass
class _Field:
    """A field that becomes a tag: where the tag goes, the nodes it is made of (its runs from
    begin to end, [] unless siblings; or its fldSimple), the runs of its shown result, the tag,
    the columns it reads and what is said of it (the switches it cannot honour)."""

    anchor: etree._Element
    nodes: list[etree._Element]
    result: list[etree._Element]
    tag: str
    columns: list[str]
    notes: list[str]
    kind: str = "MERGEFIELD"  # or IF


def fields_to_tags(part: str, root: etree._Element, source: str) -> MergeFields:
    """Replace each MERGEFIELD of ``part``, and each IF over merge fields, by a run with its tag;
    refuse record fields and merge fields inside other fields (``source`` names the template in
    the error)."""
    found = MergeFields()
    merges = _merge_fields(root, part, source)
    # Placed before any is replaced: the paragraph's text as Word shows it, «联系人» and all.
    places = [paragraph_place(merge.anchor, part, source) for merge in merges]
    for merge, place in zip(merges, places, strict=True):
        if not merge.nodes:
            raise InputError(_across(merge), place)
        if any(column not in found.columns for column in merge.columns):
            for column in merge.columns:
                found.columns.setdefault(column, place)
        shown = "".join(t.text or "" for node in merge.result for t in node.iter(qn("w:t")))
        found.shown.setdefault(merge.tag, shown or f"«{merge.columns[0]}»")
        _replace(merge)
        found.notes += merge.notes
    return found


def _across(merge: _Field) -> str:
    """What to say of a field whose runs are not in one paragraph (nor one hyperlink)."""
    column = column_reference(merge.columns[0], readable=True)
    if merge.kind == "IF":
        return (
            f"Word 的 IF 域（比较 «{merge.columns[0]}»）的文字跨越了段落，docgen 无法把它转为一个"
            f'标签，未生成任何文件（请改写为 {{%p if {column} == "…" %}}、{{%p else %}}、'
            "{%p endif %} 这样的标签，每个标签单独占一段，要选的段落写在它们之间）"
        )
    return (
        f"Word 邮件合并域 «{merge.columns[0]}» 跨越了段落或超链接，docgen 无法把它转为标签，"
        f"未生成任何文件（请在 Word 中删掉这个域后重新插入，或改写为 {{{{ {column} }}}}）"
    )


def _printed(merge: _Merge, notes: list[str]) -> str:
    """The expression that prints like ``MERGEFIELD column`` with its switches (\\b, \\f before
    and after a non-empty value; \\* Upper and the like); the switches it cannot honour go to
    ``notes``."""
    name = column_reference(merge.column)
    before = after = ""
    around = False  # \\b or \\f, even of no text: a blank value prints nothing
    expression, ignored = name, []
    for switch in _SWITCH.finditer(merge.switches):
        kind, value = switch[1] or "", switch[2] if switch[2] is not None else switch[3] or ""
        if kind == "b":
            before, around = value, True
        elif kind == "f":
            after, around = value, True
        elif kind == "*" and value.upper() in _CASE_FILTERS:
            expression += f"|{_CASE_FILTERS[value.upper()]}"
        elif kind == "@" and word_picture(value):  # a date as Word shows it; others as they are
            expression += f"|word_date({string_literal(value)})"
        elif kind == "#" and word_number_picture(value):  # a number likewise (0.00, #,##0)
            expression += f"|word_number({string_literal(value)})"
        elif kind in ("@", "#") or (kind == "*" and value.upper() not in _KEPT_FORMATS):
            ignored.append(switch[0].strip())
    if around:
        pieces = [string_literal(before)] if before else []
        pieces += [expression] + ([string_literal(after)] if after else [])
        expression = f'({" ~ ".join(pieces)}) if {_present(name)} else ""'
    if ignored:
        notes.append(
            f"邮件合并域 «{merge.column}» 的格式开关 {' '.join(ignored)} 未采用：按名单中显示的样子填入"
        )
    return expression


def _merge_fields(root: etree._Element, part: str, source: str) -> list[_Field]:
    """Each merge field, and each IF over merge fields, in document order. Record fields, and a
    merge field inside any other field, are refused — the record fields all at once."""
    fields = []
    refused: list[DocgenError] = []  # every record field of the part, said together
    stack: list[_Open] = []
    for marker in list(root.iter(_FIELD_CHAR)):
        _alone_in_its_run(marker)
    for node in root.iter(_SIMPLE, _FIELD_CHAR, _INSTR):
        if node.tag == _SIMPLE:
            instruction = node.get(qn("w:instr"), "")
            if unconverted := _unconverted(instruction, node, part, source):
                refused += unconverted
                continue
            merge = _merge_of(instruction)
            if merge and stack:
                stack[-1].take(merge)
            elif merge:
                fields.append(_plain(node, [node], node.findall(_RUN), merge))
        elif node.tag == _INSTR:
            if stack and stack[-1].separate is None:
                stack[-1].pieces.append(node.text or "")
        elif node.get(qn("w:fldCharType")) == "begin":
            stack.append(_Open(node))
        elif node.get(qn("w:fldCharType")) == "separate" and stack:
            stack[-1].separate = node
        elif node.get(qn("w:fldCharType")) == "end" and stack:
            opened = stack.pop()
            instruction = "".join(piece for piece in opened.pieces if isinstance(piece, str))
            if unconverted := _unconverted(instruction, node, part, source):
                refused += unconverted  # said as what it is (SKIPIF), not as a nesting
                continue
            merge = _merge_of(instruction) if not opened.merges else None
            if merge and stack:
                stack[-1].take(merge)
                continue
            if not merge and not opened.merges and not opened.shown_merges:
                if stack and stack[-1].separate is None:
                    stack[-1].inner.append(opened.kind)  # a DATE, a QUOTE… in its code
                continue
            if not merge and (stack or opened.kind != "IF" or not opened.merges):
                column = (opened.merges or opened.shown_merges)[0].column
                try:
                    _refuse_nested(stack[0] if stack else opened, column, node, part, source)
                except InputError as exc:  # said with the others of the part
                    refused.append(exc)
                    continue
            runs = _runs_between(opened.begin, node)
            shown = opened.separate.getparent() if opened.separate is not None else None
            result = runs[runs.index(shown) + 1 : -1] if shown in runs else []
            anchor = opened.begin.getparent()
            if merge:
                fields.append(_plain(anchor, runs, result or runs[:1], merge))
            else:
                notes: list[str] = []
                try:
                    tag = _if_tag(opened, notes, node, part, source)
                except InputError as exc:
                    refused.append(exc)
                    continue
                columns = [nested.column for nested in opened.merges]
                fields.append(_Field(anchor, runs, result or runs[:1], tag, columns, notes, "IF"))
    raise_collected(refused)
    return fields


def _present(name: str) -> str:
    """The test Word makes before \\b and \\f text: a value is there (0 is one; a blank cell,
    or a YAML ~, is not)."""
    return f'({name} is not none and {name} != "")'


def _merge_of(instruction: str) -> _Merge | None:
    match = _MERGE_FIELD.match(instruction)
    return _Merge((match[1] or match[2]).strip(), match[3]) if match else None


def _plain(
    anchor: etree._Element, nodes: list[etree._Element], result: list[etree._Element], merge: _Merge
) -> _Field:
    notes: list[str] = []
    expression = _printed(merge, notes)
    return _Field(anchor, nodes, result, "{{ " + expression + " }}", [merge.column], notes)


@dataclass
class _Open:
    """A field whose end is not reached yet: its instruction, as texts and the merge fields
    nested in it, the merge fields in its shown result, and the other fields in its code."""

    begin: etree._Element
    pieces: list[str | _Merge] = field(default_factory=list)
    separate: etree._Element | None = None
    shown_merges: list[_Merge] = field(default_factory=list)
    inner: list[str] = field(default_factory=list)  # other fields in its code, by kind

    @property
    def merges(self) -> list[_Merge]:
        return [piece for piece in self.pieces if isinstance(piece, _Merge)]

    @property
    def kind(self) -> str:
        words = "".join(piece for piece in self.pieces if isinstance(piece, str)).split()
        return words[0].upper() if words else "?"

    def take(self, merge: _Merge) -> None:
        """A merge field nested in this one: part of its instruction, or of its shown result."""
        (self.pieces if self.separate is None else self.shown_merges).append(merge)


def _alone_in_its_run(marker: etree._Element) -> None:
    """Text sharing a run with a field's begin or end (Word never writes it so, other editors
    may) moved to runs of its own before and after, so that removing the field's runs keeps
    it."""
    run = marker.getparent()
    if run is None or run.tag != _RUN or len(run) == 1:
        return
    properties = run.find(qn("w:rPr"))
    children = [child for child in run if child is not properties]
    at = children.index(marker)
    for pieces, place in ((children[:at], run.addprevious), (children[at + 1 :], run.addnext)):
        if pieces:
            moved = etree.Element(_RUN)
            if properties is not None:
                moved.append(copy.deepcopy(properties))
            moved.extend(pieces)
            place(moved)


def _runs_between(begin: etree._Element, end: etree._Element) -> list[etree._Element]:
    """The nodes from the run holding ``begin`` to the one holding ``end``, which Word keeps in
    one paragraph; [] when they are not siblings (refused by ``fields_to_tags``)."""
    first, last = begin.getparent(), end.getparent()
    if first.tag != _RUN or last.tag != _RUN or first.getparent() is not last.getparent():
        return []
    parent = first.getparent()
    between = parent[parent.index(first) : parent.index(last) + 1]
    return [node for node in between if node.tag not in _KEPT]


def _replace(merge: _Field) -> None:
    """Put the tag's run where the field starts and remove the field's nodes."""
    runs = (run for node in merge.result for run in node.iter(_RUN))
    styled = next((run for run in runs if run.find(qn("w:rPr")) is not None), None)
    parent = merge.anchor.getparent()
    run = etree.SubElement(parent, _RUN)
    if styled is not None:
        run.append(copy.deepcopy(styled.find(qn("w:rPr"))))
    text = etree.SubElement(run, qn("w:t"))
    text.set(f"{{{NS['xml']}}}space", "preserve")
    text.text = merge.tag
    parent.insert(parent.index(merge.anchor), run)
    for node in merge.nodes:
        node.getparent().remove(node)


def _unconverted(
    instruction: str, node: etree._Element, part: str, source: str
) -> list[InputError]:
    """The refusal of a record field no tag does as Word does (NEXT, ADDRESSBLOCK…), if it is one."""
    words = instruction.split()
    kind = words[0].upper() if words else ""
    if kind not in _UNCONVERTED_FIELDS:
        return []
    what, instead = _UNCONVERTED_FIELDS[kind]
    return [
        InputError(
            f"模板中有 Word 邮件合并的 {kind} 域（{what}）：docgen 每一行数据生成一个文件，"
            f"没有对应的做法，未生成任何文件（请在 Word 中删掉这个域；{instead}）",
            paragraph_place(node, part, source),
        )
    ]


def _refuse_nested(outer: _Open, column: str, node: etree._Element, part: str, source: str) -> None:
    kind = outer.kind
    if kind == "IF":
        instead = f"把这个 IF 域改写为 {_if_example(column)} 这样的标签"
    else:  # QUOTE with a date format, HYPERLINK, …: the merge field alone prints the value
        instead = f"删去外面的 {kind} 域，只留下合并域 «{column}»（日期写作“2026年12月15日”）"
    raise InputError(
        f"Word 的 {kind} 域中嵌套了邮件合并域 «{column}»：docgen 只转换单独的邮件合并域和"
        f"不嵌套的 IF 域，未生成任何文件（请在 Word 中按 Alt+F9 显示域代码，{instead}）",
        paragraph_place(node, part, source),
    )


@dataclass
class _Token:
    """A word of an IF instruction: a quoted text, a bare word, a comparison, or a merge field;
    a quoted text may hold merge fields among its letters."""

    kind: str  # "text", "word", "comparison" or "field"
    parts: list[str | _Merge] = field(default_factory=list)

    @property
    def plain(self) -> str | None:
        """The token's letters when it holds no merge field."""
        if any(isinstance(part, _Merge) for part in self.parts):
            return None
        return "".join(part for part in self.parts if isinstance(part, str))


def _tokens(pieces: list[str | _Merge]) -> list[_Token]:
    """The words of an IF instruction, as Word splits them: quotes hold a text, spaces part
    words, a comparison stands alone."""
    tokens: list[_Token] = []
    current: _Token | None = None
    for piece in pieces:
        if isinstance(piece, _Merge):
            if current is None or current.kind == "comparison":  # ">={ MERGEFIELD 任务数 }"
                current = _Token("field", [piece])
                tokens.append(current)
            else:
                current.parts.append(piece)
            continue
        for letter in piece:
            if current is not None and current.kind == "text":
                if letter == '"':
                    current = None
                else:
                    current.parts.append(letter)
            elif letter == '"':
                current = _Token("text")
                tokens.append(current)
            elif letter.isspace():
                current = None
            elif letter in "<>=":
                if current is None or current.kind != "comparison":
                    current = _Token("comparison")
                    tokens.append(current)
                current.parts.append(letter)
            else:  # a word; letters right after a merge field are one value with it
                if current is None or current.kind not in ("word", "field"):
                    current = _Token("word")
                    tokens.append(current)
                current.parts.append(letter)
    return tokens


def _if_tag(opened: _Open, notes: list[str], node: etree._Element, part: str, source: str) -> str:
    """The tag that prints what ``IF left comparison right "true" "false"`` prints in Word,
    compared by Word's rules (``text.tags.word_compare``); the switches of its merge fields it
    cannot honour go to ``notes``."""
    pieces = opened.pieces
    tokens = _tokens(pieces)
    switch = next(
        (i for i, t in enumerate(tokens) if t.kind == "word" and (t.plain or "").startswith("\\")),
        None,
    )
    words = tokens[1:switch]  # an IF's own switches (\* MERGEFORMAT) change nothing here
    code = "".join(p if isinstance(p, str) else f"{{ MERGEFIELD {p.column} }}" for p in pieces)
    column = next(p.column for p in pieces if isinstance(p, _Merge))

    def refuse(why: str) -> NoReturn:
        _refuse_if(code, why, column, node, part, source)

    if opened.inner:  # its result would lose what Word puts there
        refuse(f"中嵌套了 {opened.inner[0]} 域")
    if any(t.kind == "word" and (t.plain or " ")[0] in "“”" for t in words):
        refuse('的引号是中文引号（“ ”）：域代码只认英文引号 "，请在 Word 中改为英文引号')
    if len(words) not in (3, 4, 5) or words[1].kind != "comparison":
        refuse('不是“IF 值 比较符 值 "真时文字" "假时文字"”的写法')
    left, comparison, right, *texts = words
    if comparison.plain not in WORD_COMPARISONS:
        refuse(f"的比较符「{comparison.plain}」不是 =、<>、<、<=、>、>= 之一")
    operands = f"{_compared(left)}, {string_literal(comparison.plain or '')}, {_compared(right)}"
    condition = f"{WORD_COMPARE}({operands})"
    shown = [_shown(text, notes) for text in texts] + ['""'] * (2 - len(texts))
    return f"{{{{ ({shown[0]}) if {condition} else ({shown[1]}) }}}}"


def _if_example(column: str) -> str:
    """The tag to write instead of an IF field over ``column``."""
    return f'{{% if {column_reference(column, readable=True)} == "…" %}}…{{% else %}}…{{% endif %}}'


def _refuse_if(
    code: str, why: str, column: str, node: etree._Element, part: str, source: str
) -> NoReturn:
    raise InputError(
        f"Word 的 IF 域「{code.strip()}」{why}，docgen 无法转换，未生成任何文件（请在 Word 中按 "
        f"Alt+F9 显示域代码，把它改写为 {_if_example(column)} 这样的标签）",
        paragraph_place(node, part, source),
    )


def _compared(token: _Token) -> str:
    """A compared side: a merge field as its value (a number stays a number), letters as a
    text, letters and fields together as their text."""
    if len(token.parts) == 1 and isinstance(token.parts[0], _Merge):
        return column_reference(token.parts[0].column)

    def as_text(merge: _Merge) -> str:
        name = column_reference(merge.column)
        return f'({name} ~ "" if {_present(name)} else "")'

    joined = _concatenation(token, as_text)
    return f"({joined})" if " ~ " in joined else joined


def _shown(token: _Token, notes: list[str]) -> str:
    """What a true or false text prints: its letters, and each merge field as it prints."""
    return _concatenation(token, lambda merge: f"({_printed(merge, notes)})")


def _concatenation(token: _Token, field_expression: Callable[[_Merge], str]) -> str:
    """The token's letters as a literal, its merge fields as ``field_expression`` gives them,
    joined by ~ ("" for none)."""
    pieces: list[str] = []
    run = ""  # letters since the last merge field
    for part in token.parts:
        if isinstance(part, _Merge):
            pieces += [string_literal(run)] if run else []
            pieces.append(field_expression(part))
            run = ""
        else:
            run += part
    pieces += [string_literal(run)] if run else []
    return " ~ ".join(pieces) or '""'


def _part_name(part: str) -> str:
    """``word/header2.xml`` as 页眉: the name Word gives the part, else the part's own."""
    stem = part.rsplit("/", 1)[-1].removesuffix(".xml").rstrip("0123456789")
    return _PART_NAMES.get(stem, part)


def paragraph_place(node: etree._Element, part: str, source: str) -> Location:
    """Where ``node`` (or the paragraph ``node`` is) is, as a Word user counts: the
    paragraph's number among the part's paragraphs outside tables (in a table: the table's
    number and its row's), and its text."""
    paragraph = node if node.tag == _PARAGRAPH else next(node.iterancestors(_PARAGRAPH), None)
    file = source if part == "word/document.xml" else f"{source}（{_part_name(part)}）"
    if paragraph is None:
        return Location(file=file)
    text = excerpt("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    root = paragraph.getroottree().getroot()
    tables = list(paragraph.iterancestors(_TABLE))
    if tables:
        outer = tables[-1]
        top = [t for t in root.iter(_TABLE) if next(t.iterancestors(_TABLE), None) is None]
        rows = [r for r in outer.iter(qn("w:tr")) if next(r.iterancestors(_TABLE)) is outer]
        row = next(r for r in paragraph.iterancestors(qn("w:tr")) if r in rows)
        number = top.index(outer) + 1
        where = rows.index(row) + 1
        return Location(file=file, excerpt=text, in_table=True, table=number, table_row=where)
    number = 0
    for candidate in root.iter(_PARAGRAPH):
        # Not in a table, nor in the older copy Word writes of a text box beside the new one.
        if next(candidate.iterancestors(_TABLE, _FALLBACK), None) is None:
            number += 1
        if candidate is paragraph:
            break
    return Location(file=file, paragraph=number, excerpt=text)

"""Word's mail-merge fields read as docxtpl tags, so a clerk's mail-merge main document fills as is.

«单位名称» in a Word mail-merge document is a MERGEFIELD: a field whose instruction names a data
column and whose shown result is that name in chevrons. Each becomes one run holding
``{{ 单位名称 }}`` with the result's formatting (the text Word would put there), and the roster
fills it like any tag. Fields that steer Word's walk through the records (NEXT, SKIPIF, …) and
merge fields inside another field (IF) have no tag of the same meaning: they are refused, with
the tag to write instead.
"""

from __future__ import annotations

import copy
import keyword
import re
from dataclasses import dataclass, field

from lxml import etree

from docgen.errors import InputError, Location
from docgen.ooxml.xml import NS, qn

# A whole row as a mapping, for a column whose name is no tag name (render.pattern.COLUMNS).
_COLUMNS = "列"
_MERGE_FIELD = re.compile(r'^\s*MERGEFIELD\s+(?:"([^"]+)"|([^\s\\]+))(.*)$', re.IGNORECASE | re.S)
_SWITCH = re.compile(r'\\([*@#bfmv])\s*(?:"([^"]*)"|(\S+))?')
# Fields that make Word merge several records into one document or count them.
_RECORD_FIELDS = {
    "NEXT": "把下一行数据并入同一页",
    "NEXTIF": "按条件把下一行数据并入同一页",
    "SKIPIF": "按条件跳过一行数据",
    "MERGEREC": "填入数据的记录号",
    "MERGESEQ": "填入合并的序号",
}
_CASE_FILTERS = {"UPPER": "upper", "LOWER": "lower", "FIRSTCAP": "capitalize", "CAPS": "title"}
# Jinja's words that cannot be a name in a tag.
_JINJA_WORDS = {"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is"}
_SIMPLE = qn("w:fldSimple")
_FIELD_CHAR = qn("w:fldChar")
_INSTR = qn("w:instrText")
_RUN = qn("w:r")
_PARAGRAPH = qn("w:p")
_TABLE = qn("w:tbl")


@dataclass
class MergeFields:
    """What became of one part's mail-merge fields: the columns they name, and notes."""

    columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fields_to_tags(part: str, root: etree._Element, source: str) -> MergeFields:
    """Replace each MERGEFIELD of ``part`` by a run with its tag; refuse record fields and merge
    fields nested in another field (``source`` names the template in the error)."""
    found = MergeFields()
    for anchor, runs, result, instruction in _merge_fields(root, part, source):
        if not runs:
            column = _name_of(_MERGE_FIELD.match(instruction))
            raise InputError(
                f"Word 邮件合并域 «{column}» 跨越了段落或超链接，docgen 无法把它转为标签，"
                f"未生成任何文件（请在 Word 中删掉这个域后重新插入，或改写为 {{{{ {column} }}}}）",
                _place(anchor, part, source),
            )
        _replace(anchor, runs, result, instruction, found)
    found.columns = list(dict.fromkeys(found.columns))
    return found


def _tag_for(column: str, instruction: str = "") -> tuple[str, list[str]]:
    """The docxtpl tag that fills like ``MERGEFIELD column`` with its switches (\\b, \\f before
    and after a non-empty value; \\* Upper and the like), and the switches it cannot honour."""
    name = column if column.isidentifier() and not keyword.iskeyword(column) else ""
    name = name if name and name not in _JINJA_WORDS else f"{_COLUMNS}[{_literal(column)}]"
    before = after = ""
    expression, ignored = name, []
    for switch in _SWITCH.finditer(instruction):
        kind, value = switch[1], switch[2] if switch[2] is not None else switch[3] or ""
        if kind == "b":
            before = value
        elif kind == "f":
            after = value
        elif kind == "*" and value.upper() in _CASE_FILTERS:
            expression += f"|{_CASE_FILTERS[value.upper()]}"
        elif kind in "@#":
            ignored.append(switch[0].strip())
    if before or after:
        pieces = [_literal(before)] if before else []
        pieces += [expression] + ([_literal(after)] if after else [])
        expression = f'({" ~ ".join(pieces)}) if {name} else ""'
    return "{{ " + expression + " }}", ignored


def _literal(text: str) -> str:
    """A Jinja string literal for ``text`` that survives being XML text in a w:t: the marks XML
    escapes, and the quote and backslash, written as \\u escapes."""
    return '"' + "".join(f"\\u{ord(c):04x}" if c in '<>&"\\' else c for c in text) + '"'


def _merge_fields(
    root: etree._Element, part: str, source: str
) -> list[tuple[etree._Element, list[etree._Element], list[etree._Element], str]]:
    """Each merge field in document order: where its tag goes, the nodes it is made of (its
    runs from begin to end, [] unless siblings; or its fldSimple), the runs of its shown
    result, and its instruction. Record fields, and a merge field inside another field, are
    refused."""
    fields = []
    stack: list[_Open] = []
    for node in root.iter(_SIMPLE, _FIELD_CHAR, _INSTR):
        if node.tag == _SIMPLE:
            instruction = node.get(qn("w:instr"), "")
            _refuse_record_field(instruction, node, part, source)
            match = _MERGE_FIELD.match(instruction)
            if match and stack:
                _refuse_nested(stack[0], _name_of(match), node, part, source)
            if match:
                fields.append((node, [node], node.findall(_RUN), instruction))
        elif node.tag == _INSTR:
            if stack and stack[-1].separate is None:
                stack[-1].texts.append(node.text or "")
        elif node.get(qn("w:fldCharType")) == "begin":
            stack.append(_Open(node))
        elif node.get(qn("w:fldCharType")) == "separate" and stack:
            stack[-1].separate = node
        elif node.get(qn("w:fldCharType")) == "end" and stack:
            opened = stack.pop()
            instruction = "".join(opened.texts)
            _refuse_record_field(instruction, node, part, source)
            match = _MERGE_FIELD.match(instruction)
            if match and stack:
                _refuse_nested(stack[0], _name_of(match), node, part, source)
            if match:
                runs = _runs_between(opened.begin, node)
                shown = opened.separate.getparent() if opened.separate is not None else None
                result = runs[runs.index(shown) + 1 : -1] if shown in runs else []
                anchor = opened.begin.getparent()
                fields.append((anchor, runs, result or runs[:1], instruction))
    return fields


@dataclass
class _Open:
    """A field whose end is not reached yet."""

    begin: etree._Element
    texts: list[str] = field(default_factory=list)
    separate: etree._Element | None = None


def _runs_between(begin: etree._Element, end: etree._Element) -> list[etree._Element]:
    """The runs from the one holding ``begin`` to the one holding ``end``, which Word keeps in
    one paragraph; [] when they are not siblings (refused by ``_replace``)."""
    first, last = begin.getparent(), end.getparent()
    if first.tag != _RUN or last.tag != _RUN or first.getparent() is not last.getparent():
        return []
    parent = first.getparent()
    return [run for run in parent[parent.index(first) : parent.index(last) + 1] if run.tag == _RUN]


def _replace(
    anchor: etree._Element,
    field_nodes: list[etree._Element],
    result: list[etree._Element],
    instruction: str,
    found: MergeFields,
) -> None:
    """Put the tag's run where the field starts and remove the field's runs."""
    match = _MERGE_FIELD.match(instruction)
    column = _name_of(match)
    tag, ignored = _tag_for(column, match[3])
    styled = next((run for run in result if run.find(qn("w:rPr")) is not None), None)
    parent = anchor.getparent()
    run = etree.SubElement(parent, _RUN)
    if styled is not None:
        run.append(copy.deepcopy(styled.find(qn("w:rPr"))))
    text = etree.SubElement(run, qn("w:t"))
    text.set(f"{{{NS['xml']}}}space", "preserve")
    text.text = tag
    parent.insert(parent.index(anchor), run)
    for node in field_nodes:
        node.getparent().remove(node)
    found.columns.append(column)
    if ignored:
        found.notes.append(
            f"邮件合并域 «{column}» 的格式开关 {' '.join(ignored)} 未采用：按数据表中显示的样子填入"
        )


def _name_of(match: re.Match[str]) -> str:
    return (match[1] or match[2]).strip()


def _refuse_record_field(instruction: str, node: etree._Element, part: str, source: str) -> None:
    words = instruction.split()
    kind = words[0].upper() if words else ""
    if kind in _RECORD_FIELDS:
        raise InputError(
            f"模板中有 Word 邮件合并的 {kind} 域（{_RECORD_FIELDS[kind]}）：docgen 每一行数据生成"
            "一个文件，没有对应的做法，未生成任何文件（请在 Word 中删掉这个域；"
            "要在一个文件里列出多行，请用 {%tr for 行 in 列表 %} 表格循环）",
            _place(node, part, source),
        )


def _refuse_nested(outer: _Open, column: str, node: etree._Element, part: str, source: str) -> None:
    kind = ("".join(outer.texts).split() or ["?"])[0].upper()
    example = f'{{% if {column} == "…" %}}…{{% else %}}…{{% endif %}}'
    raise InputError(
        f"Word 的 {kind} 域中嵌套了邮件合并域 «{column}»：docgen 只转换单独的邮件合并域，"
        f"未生成任何文件（请在 Word 中按 Alt+F9 显示域代码，把这个 {kind} 域改写为 {example} "
        "这样的标签）",
        _place(node, part, source),
    )


def _place(node: etree._Element, part: str, source: str) -> Location:
    """Where ``node`` is, as a Word user counts: the paragraph's number among the part's
    paragraphs outside tables (a paragraph in a table said so), and its text."""
    paragraph = next((p for p in node.iterancestors(_PARAGRAPH)), None)
    file = source if part == "word/document.xml" else f"{source}（{part}）"
    if paragraph is None:
        return Location(file=file)
    text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
    text = text if len(text) <= 40 else text[:39] + "…"
    if next(paragraph.iterancestors(_TABLE), None) is not None:
        return Location(file=file, excerpt=text, in_table=True)
    root = paragraph.getroottree().getroot()
    number = 0
    for candidate in root.iter(_PARAGRAPH):
        if next(candidate.iterancestors(_TABLE), None) is None:
            number += 1
        if candidate is paragraph:
            break
    return Location(file=file, paragraph=number, excerpt=text)

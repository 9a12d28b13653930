"""Templates over a roster row: the names they may read beside the columns, and output-name
patterns (``--name``, docgen.yaml's ``output`` with ``each``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from jinja2.sandbox import SecurityError

from docgen.errors import DocgenError, InputError, Location
from docgen.load.roster import Roster, Row, other_sheets
from docgen.load.table import normalize_header
from docgen.render.limits import (
    DEFAULT_LIMITS,
    BoundedSandbox,
    LimitExceeded,
    RenderLimits,
    deadline,
)
from docgen.render.problems import FULL_WIDTH_HINT, render_problem
from docgen.text.listing import few, most_alike
from docgen.text.tags import COLUMNS, column_reference

ROW_NUMBER = "行号"  # the row's number in the sheet, for patterns


def blank_cell(
    error: DocgenError, column: str, merge_field: bool = False, also: Sequence[str] = ()
) -> DocgenError:
    """``error``, about a printed name the row leaves blank, said as a blank cell with how a
    template lets the cell be blank (for a Word merge field, in Word's own words); ``also``,
    the row's other blank columns the template prints, named with it — one run fills them all,
    not one run for each."""
    tag = column_reference(column, readable=True)
    looped = (error.location.excerpt or "").startswith("{% for")  # a loop's bare tag, alone
    if merge_field:
        allow = (
            f"可以留空的，在 Word 中按 Alt+F9 显示域代码，给这个域加上 \\b 开关："
            f'{{ MERGEFIELD {column} \\b "" }}'
        )
    elif looped:
        allow = (
            f"可以留空的，把这个循环放进 {{% if {tag} %}}…{{% endif %}} 之中"
            f"（表格中逐行重复的，用 {{%tr if {tag} %}} 和 {{%tr endif %}} 各占一行）"
        )
    else:
        allow = f"可以留空的，在模板中写成 {{% if {tag} %}}{{{{ {tag} }}}}{{% endif %}}"
    use = "循环要用它" if looped else "模板要在这里输出它"
    others = (
        f"（模板要输出的{few((f'「{c}」' for c in also), 10, sep='')}也是空的）" if also else ""
    )
    error.message = f"这一行的「{column}」是空的{others}，{use}：请在名单中填上；{allow}"
    return error


def with_columns(values: dict[str, Any]) -> dict[str, Any]:
    """A row's values and, under 列, the row itself (a column named 列 keeps its own value)."""
    return {COLUMNS: values, **values}


def columns_read(
    names: set[str], columns: Sequence[str], keys_read: Callable[[str], set[str]]
) -> set[str]:
    """The columns a template reading ``names`` reads: 列 stands for the keys it takes from
    it (``keys_read(列)``), unless a column is itself named 列."""
    if COLUMNS in names and COLUMNS not in columns:
        return (names - {COLUMNS}) | keys_read(COLUMNS)
    return names


def column_hint(error: DocgenError, columns: Sequence[str], text: str | None) -> DocgenError:
    """``error``, about a tag in ``text`` that does not parse, with how to write the column
    the tag names whose name cannot stand in a tag ("完成率（%）", "2025年目标")."""
    hint = _spaced_column(columns, text) or _unnamable_column(columns, text)
    if hint:
        error.message = error.message.replace(FULL_WIDTH_HINT, "") + hint
    return error


def _spaced_column(columns: Sequence[str], text: str | None) -> str:
    """How to write a column whose name a tag spells with spaces ({{ 任务 清单 }}): a header's
    spaces are not part of its name; "" when no tag does."""
    for inside in re.findall(r"\{\{(.*?)\}\}", text or ""):
        joined = "".join(inside.split())
        if joined in columns and joined != inside.strip():
            tag = column_reference(joined, readable=True)
            return f"（表头中的空格不算在列名内：列名是「{joined}」，请写成 {{{{ {tag} }}}}）"
    return ""


def _unnamable_column(columns: Sequence[str], text: str | None) -> str:
    """How to write the first column ``text`` names bare (not already quoted as in
    列["完成率（%）"]) whose name cannot stand in a tag; "" when none."""
    for column in columns:
        tag = column_reference(column, readable=True)
        if text and tag != column and re.search("(?<![\"'])" + re.escape(column), text):
            return f"（列名「{column}」不能直接写进标签，请写成 {{{{ {tag} }}}}）"
    return ""


def closest_column(name: str, columns: Sequence[str]) -> str:
    """What to add to "no column is named ``name``": the column most like it, if one is alike,
    with how a tag reaches it; else every column."""
    alike = most_alike(name, columns)
    if alike is None:
        return f"（现有列：{few(columns, 30, '列')}）"
    tag = column_reference(alike, readable=True)
    # Either may be the typo: the tag, or the header (clerk review 16: only the first was said).
    return (
        f"：是不是「{alike}」？标签应写作 {{{{ {tag} }}}}（或把表头中的「{alike}」改为「{name}」）"
    )


def name_column(columns: Sequence[str]) -> str | None:
    """The column whose value names a row's file by default: the first that names something
    (单位名称, 名称, 单位, 姓名), else the first that is not a serial number (序号)."""
    for column in columns:
        if "名称" in column or column in ("单位", "姓名", "名字"):
            return column
    return next((c for c in columns if c not in _SERIAL_COLUMNS), columns[0] if columns else None)


_SERIAL_COLUMNS = frozenset(["序号", "编号", "序", "No", "No.", "NO", "NO.", "#"])


def _pattern_form(columns: Sequence[str]) -> str:
    """How a name pattern is written, with the column that names files by default."""
    column = name_column(columns) or "单位名称"
    tag = "{{ " + column_reference(column, readable=True) + " }}"
    return f"文件名按列取名，列名写在 {{{{ }}}} 里，其余文字照写，如 {tag} 或 {tag}（通知）"


def row_namer(
    source: str,
    roster: Roster,
    limits: RenderLimits = DEFAULT_LIMITS,
    where: Location | None = None,
    label: str = "文件名模式 --name",
) -> Callable[[Row], str]:
    """The pattern, compiled once: a template if it has tags, else an expression. Refused
    before any row: a pattern that does not parse, a name it reads that the roster has no
    column for, and what the sandbox forbids (every row would fail on it). ``label`` says
    what the pattern is."""
    env = BoundedSandbox(limits)  # no autoescape: "R&D" stays "R&D" in a file name
    where = where or Location(field="--name")
    placed = replace(where, field=None)  # the label names the pattern already
    tagged = "{{" in source or "{%" in source
    template = source if tagged else "{{ (" + source + ") }}"
    # A column's name, however it is spelt (完成率（%）, 单位名称(全称)): that column.
    spelt = normalize_header(source)
    named = next((c for c in roster.columns if normalize_header(c) == spelt), None)
    if not tagged and named is not None:
        template = "{{ " + column_reference(named) + " }}"

    def refused(exc: BaseException) -> DocgenError:
        problem = column_hint(render_problem(exc, placed), roster.columns, source)
        problem.message = f"{label}「{source}」：{problem.message}"
        return problem

    if not tagged and (not source.strip() or "," in source):
        # Blank, or several columns "单位名称,联系人" (a tuple): the name would be "()".
        raise InputError(
            f"{label}「{source}」不能作文件名：{_pattern_form(roster.columns)}", placed
        )
    try:
        names = env.names_read(template)
        run: Callable[[dict[str, Any]], Any] = env.from_string(template).render
    except Exception as exc:
        if not tagged:  # "单位名称（通知）": words around a column, written without {{ }}
            raise InputError(
                f"{label}「{source}」不是名单中的列名：{_pattern_form(roster.columns)}", placed
            ) from None
        raise refused(exc) from None
    names = columns_read(set(names), roster.columns, lambda key: env.keys_read(template, key))
    missing = sorted(names - {*roster.columns, ROW_NUMBER}, key=source.find)
    if missing:
        suggestion = closest_column(missing[0], roster.columns)
        if not tagged and not suggestion.startswith("："):  # a word meant as the name itself
            suggestion += "；" + _pattern_form(roster.columns)
        # {{单位-简称}} reads 单位 minus 简称: the column named, written through 列.
        suggestion = _unnamable_column(roster.columns, source) or suggestion
        if sheets := other_sheets(roster):  # an instructions sheet before the roster
            suggestion += f"（{sheets}）"
        raise InputError(
            f"{label} 用到「{missing[0]}」，但名单 {roster.source} 中没有这一列" + suggestion,
            placed,
        )

    def name(row: Row) -> str:
        env.meter.start()
        try:
            with deadline(limits.seconds):
                return str(run({ROW_NUMBER: row.position, **with_columns(row.values)}))
        except Exception as exc:
            raise render_problem(exc, where) from None

    if roster.rows:
        env.meter.start()
        try:
            with deadline(limits.seconds):
                run({ROW_NUMBER: 0, **with_columns(roster.rows[0].values)})
        except LimitExceeded:
            pass  # a limit a row's values may cross: that row fails, as below
        except SecurityError as exc:  # whatever the row holds
            raise refused(exc) from None
        except Exception:
            pass  # a row's own value: that row fails, with its number, and the others go on
    return name

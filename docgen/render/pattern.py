"""Templates over a roster row: the names they may read beside the columns, and output-name
patterns (``--name``, docgen.yaml's ``output`` with ``each``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from docgen.errors import DocgenError, InputError, Location
from docgen.load.rows import Roster, Row
from docgen.render.limits import DEFAULT_LIMITS, BoundedSandbox, RenderLimits
from docgen.render.problems import FULL_WIDTH_HINT, render_problem

ROW_NUMBER = "行号"  # the row's number in the sheet, for patterns
# The whole row as a mapping, for a column whose name is no tag name: {{ 列["完成率（%）"] }}.
COLUMNS = "列"


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
    for column in columns:
        # Named bare, not already quoted as in 列["完成率（%）"].
        if text and not column.isidentifier() and re.search("(?<![\"'])" + re.escape(column), text):
            error.message = error.message.replace(FULL_WIDTH_HINT, "") + (
                f'（列名「{column}」不能直接写进标签，请写成 {{{{ {COLUMNS}["{column}"] }}}}）'
            )
            break
    return error


def row_namer(
    source: str,
    roster: Roster,
    limits: RenderLimits = DEFAULT_LIMITS,
    where: Location | None = None,
    label: str = "文件名模式 --name",
) -> Callable[[Row], str]:
    """The pattern, compiled once: a template if it has tags, else an expression. A name it
    reads that the roster has no column for is refused before any row (``label`` says what
    the pattern is)."""
    env = BoundedSandbox(limits)  # no autoescape: "R&D" stays "R&D" in a file name
    where = where or Location(field="--name")
    template = source if "{{" in source or "{%" in source else "{{ (" + source + ") }}"
    try:
        names = env.names_read(template)
        run: Callable[[dict[str, Any]], Any] = env.from_string(template).render
    except Exception as exc:
        raise column_hint(render_problem(exc, where), roster.columns, source) from None
    names = columns_read(set(names), roster.columns, lambda key: env.keys_read(template, key))
    missing = sorted(names - {*roster.columns, ROW_NUMBER}, key=source.find)
    if missing:
        raise InputError(
            f"{label} 用到「{missing[0]}」，但名单 {roster.source} 中没有这一列"
            f"（现有列：{'、'.join(roster.columns)}）",
            replace(where, field=None),  # the label names it already
        )

    def name(row: Row) -> str:
        env.meter.start()
        try:
            return str(run({ROW_NUMBER: row.position, **with_columns(row.values)}))
        except Exception as exc:
            raise render_problem(exc, where) from None

    return name

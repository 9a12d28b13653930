"""Output-name patterns over a roster row (``--name``, docgen.yaml's ``output`` with ``each``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docgen.errors import InputError, Location
from docgen.load.rows import Roster, Row
from docgen.render.limits import DEFAULT_LIMITS, BoundedSandbox, RenderLimits
from docgen.render.problems import render_problem

ROW_NUMBER = "行号"  # the row's number in the sheet, for patterns


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
        raise render_problem(exc, where) from None
    missing = sorted(set(names) - {*roster.columns, ROW_NUMBER}, key=source.find)
    if missing:
        raise InputError(
            f"{label} 用到「{missing[0]}」，但名单 {roster.source} 中没有这一列"
            f"（现有列：{'、'.join(roster.columns)}）",
            where,
        )

    def name(row: Row) -> str:
        env.meter.start()
        try:
            return str(run({ROW_NUMBER: row.position, **row.values}))
        except Exception as exc:
            raise render_problem(exc, where) from None

    return name

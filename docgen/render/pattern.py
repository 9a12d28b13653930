"""Output-name patterns over a roster row (``--name``, docgen.yaml's ``output`` with ``each``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from docgen.errors import Location
from docgen.load.rows import Row
from docgen.render.limits import DEFAULT_LIMITS, BoundedSandbox, RenderLimits
from docgen.render.problems import render_problem

ROW_NUMBER = "行号"  # the row's number in the sheet, for patterns


def missing_columns(source: str, columns: Sequence[str]) -> list[str]:
    """The names a pattern reads that the roster has no column for (in the pattern's order)."""
    env = BoundedSandbox()
    text = source if "{{" in source or "{%" in source else "{{ (" + source + ") }}"
    try:
        names = env.names_read(text)
    except Exception:  # a syntax error: row_namer says it, with its place
        return []
    known = {*columns, ROW_NUMBER}
    return sorted((n for n in names if n not in known), key=source.find)


def row_namer(
    source: str, limits: RenderLimits = DEFAULT_LIMITS, where: Location | None = None
) -> Callable[[Row], str]:
    """The pattern, compiled once: a template if it has tags, else an expression."""
    env = BoundedSandbox(limits)  # no autoescape: "R&D" stays "R&D" in a file name
    where = where or Location(field="--name")
    try:
        if "{{" in source or "{%" in source:
            template = env.from_string(source)
            run: Callable[[dict[str, Any]], Any] = template.render
        else:
            run = env.compile_expression(source, undefined_to_none=False)
    except Exception as exc:
        raise render_problem(exc, where) from None

    def name(row: Row) -> str:
        env.meter.start()
        try:
            return str(run({ROW_NUMBER: row.position, **row.values}))
        except Exception as exc:
            raise render_problem(exc, where) from None

    return name

"""Each row's file name, and each row rendered and written, here or in worker processes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from docgen.batch.folder import write_failure
from docgen.batch.report import Outcome, Task
from docgen.errors import (
    DocgenError,
)
from docgen.load.roster import Row
from docgen.render.fastpath import PreparedTemplate, prepare
from docgen.render.limits import RenderLimits
from docgen.render.pattern import (
    with_columns,
)
from docgen.render.problems import MissingValueError
from docgen.text.tags import COLUMNS
from docgen.write.names import (
    UniqueNames,
    asks_for,
    own_name,
    safe_stem,
    uncut_stem,
    write_whole,
)


def name_rows(
    rows: Sequence[Row],
    namer: Callable[[Row], str],
    names: UniqueNames,
    owners: Mapping[str, int] | None = None,
) -> tuple[list[Task], list[tuple[Row, DocgenError]]]:
    """Each row's safe file name, unique in ``names``, in row order, and the rows whose name
    cannot be made. A blank cell in the pattern names the row by its number (第3行).
    ``owners``: the row each file went to last time (``row_owners``), kept for the rows that
    still ask for that name (a row inserted or deleted above moves the rows below)."""
    asked: list[tuple[Row, str, str | None, str | None, str | None]] = []
    unnamed = []
    for row in rows:
        blank = None
        try:
            text = namer(row)
        except MissingValueError as exc:
            text, blank = "", exc.name
        except DocgenError as exc:
            unnamed.append((row, exc))
            continue
        if text[-5:].lower() == ".docx":
            text = text[:-5]  # "{{ 单位名称 }}.docx" as users write it
        stem = safe_stem(text, "")
        unusable = text if text.strip() and not stem else None  # "..", a mark alone
        asked.append((row, stem or f"第{row.position}行", uncut_stem(text), unusable, blank))
    stems = {row.position: stem for row, stem, *_ in asked}
    names.owners = {
        name: row
        for name, row in (owners or {}).items()
        if row in stems and asks_for(name, stems[row], names.suffix)
    }
    planned = []
    for row, stem, uncut, unusable, blank in asked:
        try:
            name = own_name(
                names.take(stem, uncut, unusable=unusable, row=row.position, blank=blank)
            )
        except DocgenError as exc:
            unnamed.append((row, exc))
            continue
        planned.append((row, name))
    unnamed.sort(key=lambda failed: failed[0].position)
    return planned, unnamed


def default_name(row: Row, first: str | None) -> str:
    value = row.values.get(first) if first else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return str(value)
    return ""


class RowWriter:
    """Renders a row through the prepared template and writes its file whole (in a dry run,
    only renders it)."""

    def __init__(self, prepared: PreparedTemplate, folder: Path, write: bool = True) -> None:
        self.prepared = prepared
        self.folder = folder
        self.write = write
        self.context = row_context(prepared)

    def __call__(self, task: tuple[Row | dict[str, Any], str]) -> Outcome:
        row, name = task
        values = row.values if isinstance(row, Row) else row
        try:
            target = os.path.join(self.folder, own_name(name))  # str: no Path made per row
            data = self.prepared.render(self.context(values))
            if self.write:
                write_whole(target, data)
        except DocgenError as exc:
            return exc
        except OSError as exc:
            return write_failure(exc, self.folder, name)
        return hashlib.sha256(data).hexdigest()


def row_context(prepared: PreparedTemplate) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """How a row's values become the template's context: with the row under 列 when the
    template reads it (a dict more per row), else as they are."""
    if COLUMNS in prepared.variables():
        return with_columns
    return lambda values: values


def row_writer(
    source: bytes, name: str, limits: RenderLimits, folder: Path, write: bool
) -> RowWriter:
    return RowWriter(prepare(source, name, limits), folder, write)


def portable_task(task: Task) -> tuple[dict[str, Any], str]:
    return task[0].values, task[1]

"""Tables in inputs: the reference an input makes to a sheet, and rows validated cell by cell."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from docgen.errors import DocgenError, InputError, raise_collected
from docgen.load.table import Table
from docgen.text.dates import cn_date
from docgen.validate.models import StrictModel, describe

M = TypeVar("M", bound=BaseModel)


class TableRef(StrictModel):
    """A table file an input names: ``problems: inputs/problems.xlsx`` or with a sheet."""

    file: str = Field(min_length=1)
    sheet: str | None = None


def _ref(value: Any) -> Any:
    return {"file": value} if isinstance(value, str) else value


TableFile = Annotated[TableRef, BeforeValidator(_ref)]
"""An input field that names a table file; a path alone or ``{file: …, sheet: …}``."""


def cell_text(value: Any) -> Any:
    """A cell read as text: numbers without ".0", dates written the Chinese way."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return cn_date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


CellText = Annotated[str, BeforeValidator(cell_text)]
"""A text cell; whatever Excel typed it as (a number, a date), it is read as the text shown."""


def validate_rows(model: type[M], table: Table) -> list[M]:
    """Every row as ``model``: its fields, plus ``extra`` (the sheet's other columns).

    Blank cells count as missing, so a required field left empty says so; every problem of every
    row is reported at once, each at its cell (sheet, row, column).
    """
    rows: list[M] = []
    errors: list[DocgenError] = []
    for row in table.rows:
        data = {field: value for field, value in row.values.items() if value is not None}
        try:
            rows.append(model.model_validate({**data, "extra": row.extra}))
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else ""
                header = table.headers.get(field, field)
                errors.append(InputError(_message(error, header), row.locate(field)))
    raise_collected(errors)
    return rows


def _message(error: Any, header: str) -> str:
    if error["type"] == "missing":
        return f"「{header}」不能为空"
    if error["type"] == "value_error":
        return describe(error)
    return f"「{header}」{describe(error)}"

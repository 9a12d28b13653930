"""The exception family: every error carries a Chinese message and where it happened."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file and, within it, a line, a cell, a field or a paragraph."""

    file: str | None = None
    line: int | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    paragraph: int | None = None

    def with_field(self, field: str) -> Location:
        return replace(self, field=field)

    def __str__(self) -> str:
        parts: list[str] = []
        head = self.file or ""
        if self.line is not None:
            head += f":{self.line}"
        if head:
            parts.append(head)
        if self.sheet is not None:
            cell = f"工作表「{self.sheet}」"
            if self.row is not None:
                cell += f"第{self.row}行"
            if self.column is not None:
                cell += f"「{self.column}」列"
            parts.append(cell)
        elif self.row is not None:
            parts.append(f"第{self.row}行" + (f"「{self.column}」列" if self.column else ""))
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "：".join(parts)


class DocgenError(Exception):
    """A problem the user can act on; the CLI prints it without a traceback."""

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None or not str(self.location):
            return self.message
        return f"{self.location}：{self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # Whole across processes (a batch's workers): pickling an exception keeps only its args.
        return (_rebuilt, (type(self), dict(self.__dict__)))


def _rebuilt(cls: type[DocgenError], state: dict[str, Any]) -> DocgenError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class InputError(DocgenError):
    """Bad input data: a missing field, a wrong type, a syntax error."""


class TemplateError(DocgenError):
    """A template or fragment that cannot be rendered."""


class UnreadableDocumentError(DocgenError):
    """A file that is not a readable .docx (not a zip, encrypted, broken XML)."""

    exit_code = 2


class ErrorGroup(DocgenError):
    """Several problems found together, reported at once."""

    def __init__(self, errors: Iterable[DocgenError]) -> None:
        self.errors = list(errors)
        super().__init__(f"共 {len(self.errors)} 处错误")

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


def raise_collected(errors: list[DocgenError]) -> None:
    """Raise the single error, or all of them as a group; do nothing when there are none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ErrorGroup(errors)

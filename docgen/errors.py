"""The exception family: every error carries a Chinese message and where it happened."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

Item = TypeVar("Item")
Made = TypeVar("Made")


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
    # What the place reads, to find it by eye: a template paragraph's text with its tags.
    excerpt: str | None = None
    in_table: bool = False
    # A paragraph in a table: which table of the part (from 1, nested tables not counted) and
    # which of its rows, as a Word user counts them.
    table: int | None = None
    table_row: int | None = None

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
        if self.paragraph is not None or self.in_table or self.excerpt:
            place = f"第{self.paragraph}段" if self.paragraph is not None else ""
            if self.in_table:
                where = f"第{self.table}个表格" if self.table is not None else "表格中"
                where += f"第{self.table_row}行" if self.table_row is not None else ""
                place = where + place
            parts.append(place + (f"「{self.excerpt}」" if self.excerpt else ""))
        if self.field:
            parts.append(f"字段 {self.field}")
        return "：".join(parts)


class DocgenError(Exception):
    """A problem the user can act on; the CLI prints it without a traceback and exits with 1
    (2 is click's, for a command written wrong)."""

    exit_code = 1
    # Whether files were already written when it happened (the CLI must not say "none were").
    wrote_files = False

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


class RenderLimitError(TemplateError):
    """A document that crossed a render limit (time, loop iterations, output size), usually
    after seconds of work; a batch stops after a few of them."""


class WorkerLostError(RenderLimitError):
    """A worker process died on a row (a crash in native code), or was still on it after
    ``stalled`` seconds (one C call no time limit inside the process can interrupt): the row
    fails, over the render limits, and the other rows go on in a new worker. ``killed``: its
    workers were ended between rows, again and again (from outside: no row of its own)."""

    def __init__(self, stalled: float | None = None, killed: bool = False) -> None:
        if killed:
            said = "生成这一行的进程多次被系统或他人终止（可能是内存不足）"
        elif stalled is None:
            said = "生成这一行的进程意外退出（模板可能构造了过深或过大的数据）"
        else:
            said = (
                f"生成这一行超过 {stalled:g} 秒仍未结束（模板中可能有无法中断的大量运算），已停止"
            )
        super().__init__(f"超出安全限制：{said}，未生成")


class UnreadableDocumentError(DocgenError):
    """A file that is not a readable .docx (not a zip, encrypted, broken XML). Like any bad
    input it ends a command with 1; ``docgen check`` says 2 for it, as linters do."""


class OutputError(DocgenError):
    """The output folder takes no more files (a full disk, no permission): a batch stops."""


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


def collect(items: Iterable[Item], make: Callable[[Item], Made]) -> list[Made]:
    """``make(item)`` for every item; every error it raises is kept and all are raised together."""
    made: list[Made] = []
    errors: list[DocgenError] = []
    for item in items:
        try:
            made.append(make(item))
        except DocgenError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
    raise_collected(errors)
    return made


_OS_REASONS = {
    errno.ENOENT: "找不到该文件或目录",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有操作权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "所在磁盘是只读的",
    errno.ENAMETOOLONG: "路径或文件名过长",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "已经存在",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "同时打开的文件过多",
    errno.EBUSY: "文件正被其他程序占用",
    getattr(errno, "EDQUOT", -1): "超出磁盘配额",
}
# Errors of the folder or the disk, not of one file: every following write would fail alike.
OUTPUT_STOPPERS = frozenset(
    code
    for code in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, getattr(errno, "EDQUOT", -1))
    if code >= 0
)


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own words when there are none)."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))

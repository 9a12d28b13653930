"""What a batch is asked to do and what it did: the options, each row's outcome, the
summary line and the exit code, and the records the manifests keep of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import (
    DocgenError,
    OutputError,
    RenderLimitError,
)
from docgen.load.roster import Row
from docgen.render.limits import DEFAULT_LIMITS, RenderLimits

# Rows that may cross a render limit (RenderLimits: each may first run its full time) before
# the batch stops.
MAX_OVER_LIMITS = 3
OVER_LIMITS = "over limits"
# What a stopped batch tells the user to do: the rows written are kept, a new run makes the rest.
RUN_AGAIN = "重新运行同一命令即可补齐其余的行"


@dataclass(frozen=True, kw_only=True)
class BatchSteps:
    """How rows are run and what follows them, the same for `docgen merge` and `docgen build`."""

    jobs: int = 1  # processes for the rows
    pdf: bool = False  # every file also as PDF, LibreOffice converting the folder in batches
    combined: bool = False  # every file also in one document for printing
    duplex: bool = False  # the combined document for two-sided printing (LibreOffice counts pages)
    zip: bool = False  # every file also in one .zip
    dry_run: bool = False  # every row rendered and named, nothing written

    @property
    def soffice_options(self) -> list[str]:
        """The options given that need LibreOffice (--duplex: it counts the pages)."""
        return [name for name, on in (("--pdf", self.pdf), ("--duplex", self.duplex)) if on]


@dataclass(frozen=True)
class BatchOptions(BatchSteps):
    """How to run a batch; ``name`` is a Jinja expression (or template) over the row."""

    output_dir: Path
    name: str | None = None
    limits: RenderLimits = DEFAULT_LIMITS
    sheet: str | None = None  # the roster's worksheet, else the first one a user sees


@dataclass
class Output:
    row: Row
    file: str
    sha256: str = ""
    pdf: str | None = None
    pdf_sha256: str = ""


@dataclass
class Failure:
    row: Row | None
    error: DocgenError

    def __str__(self) -> str:
        if self.row is None:
            return str(self.error)
        return f"{self.row.label}：{_reason(self.error, self.row)}"


Listener = Callable[[str, Any], None]


@dataclass
class Report:
    """What a batch did, row by row; owns the summary line and the exit code (black's Report)."""

    total: int = 0
    dry_run: bool = False
    listener: Listener | None = None
    outputs: list[Output] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # The row at which writing stopped (the output folder took no more), "interrupted", or
    # OVER_LIMITS (rows kept crossing the render limits).
    stopped: Row | str | None = None
    over_limits: int = 0
    rows_done: bool = False  # every row was rendered; what may follow is PDFs, combined, zip
    notes: list[str] = field(default_factory=list)
    extra_files: list[str] = field(default_factory=list)
    # Files an earlier batch wrote that this one did not write again, still there as written
    # (a failed row's old file, a removed unit's): by name, with their sha256.
    left: dict[str, str] = field(default_factory=dict)
    # Of those, the ones a row of this batch would have written (it failed): by name, the row,
    # so that the next batch keeps that row's "-N" for it (``row_owners``).
    left_rows: dict[str, int] = field(default_factory=dict)
    # The combined documents and zips an earlier batch made that this one did not make again,
    # still as made (they hold the old documents): by name, with their sha256.
    left_files: dict[str, str] = field(default_factory=dict)
    edited: list[str] = field(default_factory=list)  # earlier files edited by hand: kept
    edited_unasked: list[str] = field(default_factory=list)  # of them, those no row asks for
    # Said before each note as it is told: a build's document name, when its notes on earlier
    # files come after several batches and would not otherwise say whose files they are.
    about: str = ""

    def start(self, total: int) -> None:
        self.total = total
        self._tell("start", total)

    def done(self, output: Output) -> None:
        self.outputs.append(output)
        self._tell("done", output)

    def failed(self, row: Row | None, error: DocgenError) -> None:
        failure = Failure(row, error)
        self.failures.append(failure)
        self._tell("failed", failure)

    def row_failed(self, row: Row, error: DocgenError) -> bool:
        """Record a failed row; True when the batch stops there: the output folder takes no
        more files, or rows keep crossing the render limits (a template that loops for seconds
        in every row before it fails would otherwise hold a long roster for hours)."""
        self.failed(row, error)
        if isinstance(error, OutputError):
            self.stopped = row
        elif isinstance(error, RenderLimitError):
            self.over_limits += 1
            if self.over_limits >= MAX_OVER_LIMITS:
                self.stopped = OVER_LIMITS
        return self.stopped is not None

    def note(self, message: str) -> None:
        self.notes.append(message)  # the manifest names each note's document itself
        self._tell("note", self.about + message)

    def stage(self, message: str) -> None:
        self._tell("stage", message)

    def finished(self) -> None:
        """Every row is rendered (what may follow are PDFs, the combined document, the zip)."""
        self._tell("finished", None)

    def _tell(self, event: str, payload: Any) -> None:
        if self.listener is not None:
            self.listener(event, payload)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.stopped else 0

    @property
    def stop_reason(self) -> str | None:
        """Why the rows after some point were not made, for the summary and the manifest."""
        if self.stopped is None:
            return None
        if self.dry_run and self.stopped == OVER_LIMITS:  # it writes nothing: no disk stops it
            return (
                f"已有 {self.over_limits} 行超出渲染的安全限制（时间、循环次数或输出大小），"
                "预演已停止，其余的行未试生成：模板过于耗时或有恶意构造"
            )
        if self.dry_run:
            return "预演已中止"
        if isinstance(self.stopped, Row):
            return (
                f"写到{self.stopped.label}时输出目录无法再写入，批次已停止（已生成的文件见清单）；"
                f"解决后（如腾出磁盘空间）{RUN_AGAIN}"
            )
        if self.stopped == OVER_LIMITS:
            return (
                f"已有 {self.over_limits} 行超出渲染的安全限制（时间、循环次数或输出大小），"
                "批次已停止，其余的行未生成（模板过于耗时或有恶意构造；已生成的文件见清单）"
            )
        if self.rows_done:
            return "已中止：每一行都已生成，之后的步骤（PDF、合并打印、打包）未完成；" + RUN_AGAIN
        return f"已中止（已生成的文件见清单）；{RUN_AGAIN}"

    @property
    def rows_unmade(self) -> int:
        """Rows neither written nor failed: those after the point where the batch stopped."""
        failed = sum(1 for failure in self.failures if failure.row is not None)
        return max(0, self.total - len(self.outputs) - failed)

    def tense(self, done: str, planned: str) -> str:
        """What a note says of the batch's files: ``done`` in a run, ``planned`` in a dry run
        (which writes nothing, so nothing there was made or left)."""
        return planned if self.dry_run else done

    @property
    def writes(self) -> str:
        """How a note says where the batch's file goes: written, or in a dry run, to be."""
        return self.tense("本次生成为", "正式生成时将写为")

    def __str__(self) -> str:
        rows = sum(1 for failure in self.failures if failure.row is not None)
        pdfs = sum(1 for output in self.outputs if output.pdf)
        beside = "、".join(
            ([f"{pdfs} 个 PDF"] if pdfs else []) + [f"「{f}」" for f in self.extra_files]
        )
        if self.dry_run:
            line = f"预演：共 {self.total} 行，将生成 {len(self.outputs)} 个文件"
        else:
            line = f"共 {self.total} 行：已生成 {len(self.outputs)} 个文件"
        if beside:  # the PDFs, the combined document, the zip
            line += "，另有" + (" " if beside[0].isdigit() else "") + beside
        if rows:
            line += f"，{rows} 行{self.tense('失败', '会失败')}"
        if rows < len(self.failures):
            line += f"，{len(self.failures) - rows} 个后续步骤失败"
        if self.stopped is not None and self.rows_unmade:
            line += f"，{self.rows_unmade} 行{self.tense('未生成', '未试生成')}"
        if self.stop_reason:
            line += f"；{self.stop_reason}"
        if self.notes:  # among the progress, a task no notice will carry is easily missed
            where = "，见上方" if self.dry_run else "（见上方，清单中也有记录）"  # a dry run: none
            line += f"；另有 {len(self.notes)} 条注意事项{where}"
        return line + ("（未写入任何文件）。" if self.dry_run else "。")


Task = tuple[Row, str]  # a row and its file name
Outcome = str | DocgenError  # the file's sha256, or why the row failed


def output_record(output: Output) -> dict[str, Any]:
    row = output.row
    record = {
        "row": row.position,
        "source": row.label,
        "file": output.file,
        "sha256": output.sha256,
    }
    if output.pdf:
        record["pdf"] = output.pdf
        record["pdf_sha256"] = output.pdf_sha256
    return record


def failure_record(failure: Failure) -> dict[str, Any]:
    if failure.row is None:
        return {"error": str(failure.error)}
    return {
        "row": failure.row.position,
        "source": failure.row.label,
        "error": _reason(failure.error, failure.row),
    }


def _reason(error: DocgenError, row: Row) -> str:
    """The error's message and place; a place in the row itself (said before it) is only
    its column, when the message does not name it already."""
    where = error.location
    if where is None or not str(where):
        return error.message
    here = row.location
    if (where.file, where.sheet, where.row, where.line) == (
        here.file,
        here.sheet,
        here.row,
        here.line,
    ):
        named = not where.column or f"「{where.column}」" in error.message
        return error.message if named else f"{error.message}（「{where.column}」列）"
    return f"{error.message}（{where}）"

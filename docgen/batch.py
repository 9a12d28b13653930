"""Many documents from one template and a roster: one file per row, never stopping on one row.

``merge`` names every row's file first (so names are the same whatever the number of jobs),
renders the rows through the fast path — in this process or in ``jobs`` worker processes, each
preparing the template once — and writes each file atomically as it is made. A row that fails
is recorded with its row number and reason in the ``Report``; the others are still written. Then,
as asked, LibreOffice makes the PDFs (one process per 200 files), one combined .docx is assembled for printing, the
files are zipped, and the manifest records every output with its source row and sha256.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from docgen import __version__
from docgen.errors import (
    OUTPUT_STOPPERS,
    DocgenError,
    InputError,
    Location,
    OutputError,
    RenderLimitError,
    TemplateError,
    os_reason,
)
from docgen.load.rows import Roster, Row, read_rows
from docgen.load.table import header_title
from docgen.processes import Respawn, in_processes
from docgen.render.fastpath import PreparedTemplate, prepare
from docgen.render.limits import DEFAULT_LIMITS, RenderLimits, text_loop
from docgen.render.pattern import (
    blank_cell,
    closest_column,
    column_hint,
    columns_read,
    most_alike,
    name_column,
    row_namer,
    with_columns,
)
from docgen.render.problems import MissingValueError
from docgen.text.tags import COLUMNS
from docgen.write.files import atomic_write, folder_lock
from docgen.write.manifest import (
    MANIFEST_NAME,
    listed,
    read_manifest,
    sha256_file,
    still_written,
)
from docgen.write.names import (
    MAX_STEM_BYTES,
    Renamed,
    UniqueNames,
    asks_for,
    inside,
    pdf_name,
    plain_name,
    safe_stem,
    uncut_stem,
    whole_file,
    write_whole,
)

COMBINED_STEM = "合并打印"
# Rows that may cross a render limit (RenderLimits: each may first run its full time) before
# the batch stops.
MAX_OVER_LIMITS = 3
OVER_LIMITS = "over limits"


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
    edited: list[str] = field(default_factory=list)  # earlier files edited by hand: kept
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
        if self.dry_run:  # only the render limits stop a dry run: it writes nothing
            return (
                f"已有 {self.over_limits} 行超出渲染的安全限制（时间、循环次数或输出大小），"
                "预演已停止，其余的行未试生成：模板过于耗时或有恶意构造"
            )
        if isinstance(self.stopped, Row):
            return f"写到{self.stopped.label}时输出目录无法再写入，批次已停止（已生成的文件见清单）"
        if self.stopped == OVER_LIMITS:
            return (
                f"已有 {self.over_limits} 行超出渲染的安全限制（时间、循环次数或输出大小），"
                "批次已停止，其余的行未生成（模板过于耗时或有恶意构造；已生成的文件见清单）"
            )
        if self.rows_done:
            return "已中止：每一行都已生成，之后的步骤（PDF、合并打印、打包）未完成"
        return "已中止，其余的行未生成（已生成的文件见清单）"

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
        if self.dry_run:
            pdfs = sum(1 for output in self.outputs if output.pdf)
            beside = "、".join(
                ([f"{pdfs} 个 PDF"] if pdfs else []) + [f"「{f}」" for f in self.extra_files]
            )
            line = f"预演：共 {self.total} 行，将生成 {len(self.outputs)} 个文件"
            if beside:
                line += "，另有" + (" " if beside[0].isdigit() else "") + beside
            if rows:
                line += f"，{rows} 行会失败"
        else:
            line = f"共 {self.total} 行：已生成 {len(self.outputs)} 个文件"
            if rows:
                line += f"，{rows} 行失败"
        if rows < len(self.failures):
            line += f"，{len(self.failures) - rows} 个后续步骤失败"
        if self.stop_reason:
            line += f"；{self.stop_reason}"
        return line + ("（未写入任何文件）。" if self.dry_run else "。")


def merge(
    template: Path, data: Path, options: BatchOptions, report: Report | None = None
) -> Report:
    """Fill ``template`` once per row of ``data`` into ``options.output_dir``."""
    report = report or Report()
    report.dry_run = options.dry_run
    source = _read(template)
    roster = read_rows(data, str(data), options.sheet)
    if options.soffice_options:  # a dry run too: it promises what the run will do
        from docgen.write.pdf import require_soffice

        require_soffice(*options.soffice_options)
    try:
        prepared = prepare(source, template.name, options.limits)
    except TemplateError as exc:
        excerpt = exc.location.excerpt if exc.location else None
        raise column_hint(exc, roster.columns, excerpt) from None
    for message in (*roster.notes, *prepared.notes):
        report.note(message)
    roster = _merge_field_columns(roster, prepared, report)
    for message in _unfilled(prepared, roster, template.name):
        report.note(message)
    folder = options.output_dir
    plan = _plan(roster, options, (template, data))  # a name refused before the folder is made
    sources = _Sources(template, source, data, roster)
    if options.dry_run:  # every row rendered, so that the rows that would fail are said
        refuse_unwritable(folder)
        note_renamed(report, plan)
        _render_rows(report, prepared, plan, sources, options)
        if report.stopped is None:
            finish_batch(report, folder, options, plan.made)
        report.extra_files.append(MANIFEST_NAME)
        note_earlier_files(report, plan, plan.earlier, folder, options.pdf)
        return report
    make_folder(folder)
    with folder_lock(folder):
        if _manifest_bytes(folder) != plan.manifest:  # a batch ended there meanwhile
            plan = _plan(roster, options, (template, data))
        note_renamed(report, plan)
        report.edited = plan.edited
        _write_rows(report, prepared, plan, sources, options)
    return report


@dataclass(frozen=True)
class _Sources:
    """What a batch is made from: the template (its path and bytes) and the data."""

    template: Path
    source: bytes
    data: Path
    roster: Roster


def _write_rows(
    report: Report,
    prepared: PreparedTemplate,
    plan: _Plan,
    sources: _Sources,
    options: BatchOptions,
) -> None:
    """Every planned row written, then the batch's later steps and the manifest."""
    folder, planned, earlier = options.output_dir, plan.planned, plan.earlier
    started = time.time_ns()
    try:
        _render_rows(report, prepared, plan, sources, options)
        if report.stopped is None:
            report.rows_done = True
            finish_batch(report, folder, options, plan.made)
    except KeyboardInterrupt:
        report.stopped = "interrupted"
        _settle(report, planned, folder, started)
        note_left(report, earlier, folder, planned)
        try:
            _write_manifest(report, folder, sources)
        except OutputError:
            pass  # Ctrl-C is the answer the user is waiting for
        raise
    if report.stopped is not None:
        _settle(report, planned, folder, started)
    note_earlier_files(report, plan, earlier, folder, options.pdf)
    _write_manifest(report, folder, sources)


def _render_rows(
    report: Report,
    prepared: PreparedTemplate,
    plan: _Plan,
    sources: _Sources,
    options: BatchOptions,
) -> None:
    """Every planned row rendered in ``options.jobs`` processes and, unless this is a dry run,
    written; each row's outcome in the report."""
    folder = options.output_dir
    write = not options.dry_run
    writer = _RowWriter(prepared, folder, write)
    columns = set(sources.roster.columns)
    portable = (sources.source, sources.template.name, options.limits, folder, write)
    respawn = Respawn(_row_writer, portable, _portable_task)
    # Workers start before the listener may start a progress-bar thread (see in_processes).
    with in_processes(writer, plan.planned, options.jobs, respawn) as outcomes:
        report.start(len(sources.roster.rows))
        for row, error in plan.unnamed:
            report.failed(row, error)
        for (row, name), outcome in zip(plan.planned, outcomes, strict=True):
            if isinstance(outcome, MissingValueError) and outcome.name in columns:
                # The column is there: the cell is blank.
                blank_cell(outcome, outcome.name, outcome.name in prepared.merge_fields)
            if isinstance(outcome, DocgenError):
                if report.row_failed(row, outcome):
                    break
            else:
                report.done(Output(row, name, outcome))


def _files_made(manifest: dict[str, Any]) -> dict[str, str]:
    """The combined documents and zips the last batch in the folder wrote, with their sha256."""
    return {
        name: digest
        for record in listed(manifest, "files")
        if isinstance(name := record.get("file"), str) and plain_name(name)
        if isinstance(digest := record.get("sha256"), str)
    }


def _manifest_bytes(folder: Path) -> bytes | None:
    try:
        return (folder / MANIFEST_NAME).read_bytes()
    except OSError:
        return None


def _earlier_outputs(
    manifest: dict[str, Any], folder: Path
) -> tuple[dict[str, str | None], list[str]]:
    """The files (documents and PDFs) earlier batches in this folder wrote, from the last
    one's manifest (its outputs, and the earlier files it left in place): those still as
    written, with the sha256 recorded (None if none), and those changed since (edited by
    hand: never overwritten, like the user's own files) — found now, or found by an earlier
    batch and still there, so a third run still says why the row got "-2"."""
    written = [
        (record.get(key), record.get(digest))
        for record in listed(manifest, "outputs")
        for key, digest in (("file", "sha256"), ("pdf", "pdf_sha256"))
    ]
    written += [(record.get("file"), record.get("sha256")) for record in listed(manifest, "left")]
    named = {
        f: d if isinstance(d, str) else None
        for f, d in written
        if isinstance(f, str) and plain_name(f)
    }
    # A record without its digest (written by hand, or by an older docgen) cannot tell.
    edited = set(edited_since((folder / f, d) for f, d in named.items() if d))
    edited |= {
        name
        for record in listed(manifest, "edited")
        if isinstance(name := record.get("file"), str) and plain_name(name)
        if name not in named and (folder / name).is_file()
    }
    return {f: d for f, d in named.items() if f not in edited}, sorted(edited)


def note_earlier_files(
    report: Report, plan: NamedRows, earlier: dict[str, str | None], folder: Path, pdf: bool
) -> None:
    """What a batch says of the files earlier batches left in its folder (a failed row's old
    file, the files not made again), and those it keeps as its own for the next batch."""
    note_stale(report, plan.planned, folder)
    note_left_over(report, earlier, plan, folder, pdf)
    note_left(report, earlier, folder, plan.planned)


def note_left(
    report: Report, earlier: dict[str, str | None], folder: Path, planned: Sequence[Task] = ()
) -> None:
    """Keep in the report the earlier files this batch did not write again and that are still
    there, so the next batch knows them as its own (a fixed row overwrites its old file,
    instead of taking "-2" beside it) and points them out again; with the row of ``planned``
    that would have written each (it failed)."""
    written = {o.file for o in report.outputs} | {o.pdf for o in report.outputs if o.pdf}
    report.left = {
        name: digest
        for name, digest in sorted(earlier.items())
        if digest and name not in written and (folder / name).is_file()
    }
    report.left_rows = {name: row.position for row, name in planned if name in report.left}


def edited_since(written: Iterable[tuple[Path, str]]) -> list[str]:
    """The names of the files an earlier batch wrote (with the sha256 it recorded) that are
    there but changed since: a user's edits, which no row may overwrite."""
    return [
        path.name for path, digest in written if path.is_file() and not still_written(path, digest)
    ]


def note_left_over(
    report: Report, earlier: Iterable[str], plan: NamedRows, folder: Path, pdf: bool
) -> None:
    """Files of the previous batch that this one did not write again are still in the folder:
    say so, lest they be sent with the new ones. Documents first (a unit renamed or taken off
    the roster; or the document of a PDF kept — edited since or the user's own —, whose row
    took "-2"), then the PDFs, which may no longer match their document."""
    now = {name for _, name in plan.planned}
    if pdf:
        now |= {pdf_name(name) for name in now}
    left = [f for f in earlier if f not in now and (folder / f).is_file()]
    documents = [f for f in left if not f.lower().endswith(".pdf")]
    edited_names = {name.casefold() for name in plan.edited}
    kept = edited_names | {name.casefold() for name in plan.foreign}
    asked = {moved.asked.casefold() for moved in plan.renamed.values()}
    for name in documents[:10]:
        twin = pdf_name(name)
        if twin.casefold() in kept:
            renewed = name.casefold() in asked  # its row took "-2" beside it
            whose = "此后被修改过" if twin.casefold() in edited_names else "不是 docgen 生成的"
            report.note(
                f"「{name}」是上次生成的文件，目录中的 PDF「{twin}」{whose}（如盖章后替换），"
                + report.tense("两份都保留未动；", "两份都会保留；")
                + (
                    report.tense("这一行本次生成的是新文件（见上）", "这一行将生成新文件（见上）")
                    if renewed
                    else report.tense("本次没有重新生成这一份", "这一份不会重新生成")
                )
            )
            continue
        not_again = report.tense("本次没有重新生成，仍留在目录里", "不会重新生成，会留在目录里")
        report.note(f"「{name}」是上次生成的文件，{not_again}（发送前请删除）")
    if len(documents) > 10:
        not_again = report.tense("本次没有重新生成，仍留在目录里", "不会重新生成，会留在目录里")
        report.note(f"另有 {len(documents) - 10} 个上次生成的文件{not_again}")
    pdfs = [f for f in left if f.lower().endswith(".pdf")]
    of_edited = {pdf_name(name).casefold(): name for name in plan.edited}
    before_edit = [f for f in pdfs if f.casefold() in of_edited]
    for name in before_edit:
        report.note(
            f"「{name}」是「{of_edited[name.casefold()]}」修改之前转换的 PDF，与修改后的文件不一致"
            "（需要时请在 Word 中另存为 PDF，或删除它）"
        )
    pdfs = [f for f in pdfs if f not in before_edit]
    if pdfs:
        shown = "、".join(f"「{name}」" for name in pdfs[:3])
        remade = {pdf_name(name) for name in now}
        stale = sum(1 for f in pdfs if f in remade)
        not_again = report.tense("本次没有重新转换", "不会重新转换")
        remade_docx = report.tense("本次已重新生成", "会重新生成")
        if len(pdfs) == 1:
            said = f"{shown}是上次生成的 PDF，{not_again}"
            said += f"，它的 .docx {remade_docx}，内容可能已不一致" if stale else ""
        else:
            said = f"{shown}{'等' if len(pdfs) > 3 else '这'} {len(pdfs)} 个 PDF 是上次生成的，"
            said += not_again
            said += f"，其中 {stale} 个的 .docx {remade_docx}，内容可能已不一致" if stale else ""
        # With --pdf, a PDF not made again is one whose document was not made again either.
        report.note(
            said + ("（发送前请删除）" if pdf else "（需要时加 --pdf 重新生成，或删除旧的 PDF）")
        )


def note_renamed(report: Report, plan: NamedRows) -> None:
    """Rows whose file name was cut to the length limit, or was taken and got "-2", "-3": each
    said with the file that took it (the row's .docx or its PDF) — one an earlier batch wrote
    and the user edited since, one of the user's own in the folder — or else the earlier row
    of the same name."""
    moved = [(row, name) for row, name in plan.planned if name in plan.renamed]
    for row, name in moved[:10]:
        asked, uncut, unusable, others = plan.renamed[name]
        twins = {asked.casefold(), pdf_name(asked).casefold()}
        held = next((f for f in plan.edited if f.casefold() in twins), "")
        own = next((f for f in plan.foreign if f.casefold() in twins), "")
        cut = f"文件名超过 {MAX_STEM_BYTES // 3} 个汉字，截短为「{asked}」" if uncut else ""
        if unusable is not None:
            shown = unusable.strip()
            shown = f"「{shown}」中" if shown.isprintable() else "名称中"  # U+200B alone: 「」
            cut = f"{shown}没有能用作文件名的字符，以行号命名为「{asked}」"
        if others:  # the file in the way was another row's (a unit listed twice): not this one's
            held = own = ""
        if held:
            said = f"「{held}」在此前生成后被修改过，保留未覆盖；{report.writes}「{name}」"
        elif own:
            said = f"目录中原有的「{own}」不是 docgen 生成的，保留未覆盖；{report.writes}「{name}」"
        elif name != asked:
            said = f"文件名「{asked}」已被占用（同名的行，或目录中原有的文件），改为「{name}」"
        else:
            said = ""
        said = "；".join(part for part in (cut, said) if part)
        report.note(f"{row.label}：{said}")
    if len(moved) > 10:
        report.note(
            f"另有 {len(moved) - 10} 行的文件名因重名加了序号、过长截短，或没有可用的字符而以行号命名"
        )


def note_stale(report: Report, planned: Sequence[Task], folder: Path) -> None:
    """A failed row whose file is still there from an earlier run: say so, lest the old
    notice be sent as if it were this one."""
    failed = {id(failure.row) for failure in report.failures if failure.row is not None}
    written = {output.file for output in report.outputs}  # a row whose PDF failed is here
    for row, name in planned:
        if id(row) in failed and name not in written and (folder / name).is_file():
            said = report.tense(
                "未能生成；目录中的「{}」是此前生成的旧文件，未更新",
                "会失败；目录中的「{}」是此前生成的旧文件，不会更新",
            )
            report.note(row.label + said.format(name))


def _settle(report: Report, planned: Sequence[Task], folder: Path, started: int) -> None:
    """After a batch stopped early: no temporary file left, every finished file in the report."""
    remove_leftovers(folder, [name for _, name in planned])
    _claim_finished(report, planned, folder, started)


def make_folder(folder: Path) -> None:
    """Create the output folder, saying in Chinese why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(_IN_THE_WAY, Location(file=str(folder))) from None
    except OSError as exc:
        raise OutputError(
            f"无法创建输出目录：{os_reason(exc)}", Location(file=str(folder))
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):  # said once, before any row fails on it
        raise OutputError(_UNWRITABLE, Location(file=str(folder)))


_IN_THE_WAY = "输出目录的位置已有一个同名文件"
_UNWRITABLE = "输出目录不可写（没有写入权限）：请换一个目录，或修改它的权限"


def refuse_unwritable(folder: Path) -> None:
    """What ``make_folder`` would refuse, said without making anything (a dry run): a file
    where the folder or one of its parents should be, a folder that takes no files."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    where = Location(file=str(existing))
    if not existing.is_dir():
        raise OutputError(_IN_THE_WAY, where)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(_UNWRITABLE, where)


def remove_leftovers(folder: Path, names: Sequence[str]) -> None:
    """Remove the temporary files of whole-file writes that an interruption cut short (a
    worker stopped mid-write has no chance to): ``.NAME.PID.tmp`` for the batch's names."""
    wanted = set(names)
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]
    except OSError:
        return
    for path in candidates:
        stem, _, pid = path.stem[1:].rpartition(".")
        if stem in wanted and pid.isdigit():
            path.unlink(missing_ok=True)


def _claim_finished(report: Report, planned: Sequence[Task], folder: Path, started: int) -> None:
    """After Ctrl-C, record the files workers finished but had not yet reported: those of the
    batch's names written since it started (the pool is ended, so none is being written)."""
    reported = {output.file for output in report.outputs}
    since = started - 2 * 10**9  # file times come from a coarser clock than time_ns()
    for row, name in planned:
        path = folder / name
        if name in reported or not path.is_file() or path.stat().st_mtime_ns < since:
            continue
        report.outputs.append(Output(row, name, sha256_file(path)))


def _write_manifest(report: Report, folder: Path, sources: _Sources) -> None:
    try:
        atomic_write(folder / MANIFEST_NAME, _manifest(report, folder, sources))
    except OSError as exc:
        error = OutputError(f"清单写入失败：{os_reason(exc)}", Location(file=MANIFEST_NAME))
        error.wrote_files = bool(report.outputs)
        raise error from None


def _unfilled(prepared: PreparedTemplate, roster: Roster, template: str) -> list[str]:
    """Said before the rows: names the template reads that no column of the data has (each
    row would fail on it, unless the template tests it first). Refused instead, before any
    file, what would spoil every file alike: no tag at all (nor a Word mail-merge field, which
    sanitising made a tag), tags in full-width brackets, a name no column has that the first
    row prints."""
    if not prepared.tagged:
        raise InputError(
            "模板中没有 {{ }} 标签，每一行生成的文件都会完全相同，未生成任何文件"
            "（在 Word 中把要替换的地方写成 {{ 单位名称 }} 这样的标签，名字与数据表的列名相同）",
            Location(file=template),
        )
    _refuse_loops_over_text(prepared, roster, template)
    full_width = prepared.full_width_tag()
    if full_width is not None:
        raise InputError(
            "标签的括号是全角字符（｛｛ ｝｝或 ％）：这不是标签，每个文件里都会原样留下，"
            "未生成任何文件（请改为半角的 {{ }}、{% %}：输入时切换到英文标点）",
            full_width,
        )
    for column, place in prepared.merge_fields.items():
        if column not in roster.columns:
            raise InputError(_lacking_merge_column(column, roster.columns), place)
    unknown = _unknown_names(prepared, roster)
    if not unknown:
        return []
    sheets = _other_sheets(roster)
    if roster.rows:
        _refuse_if_the_first_row_misses(prepared, roster, unknown, sheets)
    return [_unknown_column(name, roster.columns) for name in unknown] + (
        [sheets] if sheets else []
    )


def _merge_field_columns(roster: Roster, prepared: PreparedTemplate, report: Report) -> Roster:
    """The roster with a column also under the name Word gave its merge field: Word writes a
    header's spaces as _ ("联 系 人", read as 联系人, is «联_系_人»). Said: which column each
    merge field fills from."""
    spelled = {}
    for column in prepared.merge_fields:
        if column not in roster.columns and "_" in column:
            header = header_title(column.replace("_", " "))
            if header in roster.columns:
                spelled[column] = header
    same = [c for c in prepared.merge_fields if c not in spelled and c in roster.columns]
    if same:
        report.note(f"Word 邮件合并域 {'、'.join(f'«{c}»' for c in same)} 按同名的列填写")
    for column, header in spelled.items():
        report.note(
            f"Word 邮件合并域 «{column}» 按列「{header}」填写（Word 插入合并域时把列名中的空格写成“_”）"
        )
    if not spelled:
        return roster
    rows = [
        replace(
            row,
            values=row.values | {c: row.values[h] for c, h in spelled.items() if h in row.values},
        )
        for row in roster.rows
    ]
    return replace(roster, columns=roster.columns + tuple(spelled), rows=rows)


def _lacking_merge_column(column: str, columns: Sequence[str]) -> str:
    """What to say of a Word merge field no column has: every file would lack its value, and
    \\b/\\f text or an IF would hide that."""
    said = f"Word 邮件合并域 «{column}» 在名单中没有同名的列，每一份都会缺这一项，未生成任何文件"
    alike = most_alike(column, columns)
    if alike is not None:
        return (
            f"{said}：是不是「{alike}」？请在 Word 中删掉这个域，从“邮件 → 插入合并域”重新插入"
            f"«{alike}»，或把名单的列名改为「{column}」"
        )
    return f"{said}（现有列：{'、'.join(columns)}）"


def _refuse_loops_over_text(prepared: PreparedTemplate, roster: Roster, template: str) -> None:
    """A loop over a column no row holds a list in (a sheet's cells never do) would print its
    text a character a table row in every file."""
    for name in sorted(prepared.names_looped() & set(roster.columns)):
        values = [row.values[name] for row in roster.rows if name in row.values]
        if values and not any(isinstance(v, (list, tuple, dict)) for v in values):
            text = next((v for v in values if isinstance(v, str)), None)
            if text is not None:
                raise InputError(
                    text_loop(name, text) + "，未生成任何文件", Location(file=template)
                )


def _other_sheets(roster: Roster) -> str:
    """For a workbook of several sheets, which one was read and how to read another."""
    if len(roster.sheets) < 2 or not roster.rows:
        return ""
    read = roster.rows[0].location.sheet
    others = "、".join(f"「{name}」" for name in roster.sheets if name != read)
    return f"读取的是工作表「{read}」，另有 {others}：名单在别的工作表时用 --sheet 指定"


def _unknown_names(prepared: PreparedTemplate, roster: Roster) -> list[str]:
    """The names the template reads that no column of the data has, sorted."""
    names = columns_read(prepared.variables(), roster.columns, prepared.keys_read)
    return sorted(names - set(roster.columns))


def _refuse_if_the_first_row_misses(
    prepared: PreparedTemplate, roster: Roster, unknown: list[str], sheets: str
) -> None:
    """A name no column has that the first row prints (not one a {% if %} only tests): every
    row would fail on it, a misspelt column name most likely. Refused before any file."""
    try:
        prepared.render(_row_context(prepared)(roster.rows[0].values))
    except MissingValueError as exc:
        if exc.name in unknown:
            raise InputError(
                _unknown_column(exc.name, roster.columns, "，每一行都会因此失败")
                + (f"；{sheets}" if sheets else ""),
                exc.location,
            ) from None
    except DocgenError:
        pass  # the row's own problem: said when its turn comes


def _unknown_column(name: str, columns: Sequence[str], consequence: str = "") -> str:
    """What to say of a name the template reads that no column has: the column most like it,
    if one is alike, with how a tag reaches it; else every column."""
    return f"模板用到「{name}」，但数据表中没有这一列{consequence}" + closest_column(name, columns)


def _read(template: Path) -> bytes:
    try:
        return template.read_bytes()
    except FileNotFoundError:
        raise InputError("找不到模板文件", Location(file=str(template))) from None
    except OSError as exc:
        raise InputError(f"无法读取模板：{os_reason(exc)}", Location(file=str(template))) from None


# -- names ------------------------------------------------------------------------------------


class NamedRows(Protocol):
    """A batch's rows named (merge's plan, build's): each row's file name, those not named as
    asked, and the files in the folder kept from them — edited since, or the user's own."""

    @property
    def planned(self) -> list[Task]: ...
    @property
    def renamed(self) -> dict[str, Renamed]: ...
    @property
    def edited(self) -> list[str]: ...
    @property
    def foreign(self) -> list[str]: ...


@dataclass(frozen=True)
class _Plan:
    """Every row's file name, in row order; the rows whose name cannot be made; the names given
    instead of a taken one; and what they were planned from: the folder's manifest, the files
    earlier batches wrote there (still as written) and those edited since."""

    planned: list[Task]
    unnamed: list[tuple[Row, DocgenError]]
    renamed: dict[str, Renamed]
    manifest: bytes | None
    earlier: dict[str, str | None]
    edited: list[str]
    foreign: list[str]  # the user's own documents and PDFs in the folder
    made: dict[str, str]  # the combined documents and zips the last batch wrote


def _plan(roster: Roster, options: BatchOptions, inputs: tuple[Path, ...]) -> _Plan:
    """Name every row against what the output folder holds now."""
    manifest = _manifest_bytes(options.output_dir)
    last = read_manifest(manifest) if manifest is not None else {}
    if manifest is not None and not str(last.get("generator", "")).startswith("docgen"):
        raise OutputError(
            f"输出目录中已有一个不是 docgen 生成的 {MANIFEST_NAME}：批次要在这里写自己的清单，"
            "为免覆盖它，未生成任何文件（请换一个输出目录，或把它移走）",
            Location(file=str(options.output_dir / MANIFEST_NAME)),
        )
    earlier, edited = _earlier_outputs(last, options.output_dir)
    reserved = [COMBINED_STEM + ".docx"] if options.combined else []
    # A row named like the template (or the data) must not overwrite it in the same folder,
    # nor a document or PDF of the user's own that no earlier batch wrote.
    folder = options.output_dir.resolve()
    reserved += [p.name for p in inputs if p.resolve().parent == folder]
    foreign = foreign_files(folder, earlier)
    reserved += [Path(name).stem + ".docx" for name in foreign]
    records = [*listed(last, "outputs"), *listed(last, "left")]  # a failed row's too
    owners = row_owners((r.get("file"), r.get("row")) for r in records)
    names = UniqueNames(".docx", reserved)
    pattern: Callable[[Row], str] = functools.partial(
        _default_name, first=name_column(roster.columns)
    )
    if options.name:
        pattern = row_namer(options.name, roster, options.limits)
    planned, unnamed = name_rows(roster.rows, pattern, names, folder, owners)
    made = _files_made(last)
    return _Plan(planned, unnamed, names.renamed, manifest, earlier, edited, foreign, made)


def row_owners(files: Iterable[tuple[object, object]]) -> dict[str, int]:
    """Which row the last batch wrote each file for (file name, row number), from its
    manifest's records: ``name_rows`` keeps a row's "-N" for it."""
    return {
        name: row
        for name, row in files
        if isinstance(name, str) and isinstance(row, int) and not isinstance(row, bool)
    }


def foreign_files(folder: Path, earlier: Iterable[str]) -> list[str]:
    """The documents and PDFs in ``folder`` that the previous batch there did not write."""
    ours = {name.casefold() for name in earlier}
    try:
        found = [p.name for p in folder.iterdir() if p.suffix.lower() in (".docx", ".pdf")]
    except OSError:  # no folder yet
        return []
    return [name for name in found if name.casefold() not in ours]


def name_rows(
    rows: Sequence[Row],
    namer: Callable[[Row], str],
    names: UniqueNames,
    folder: Path,
    owners: Mapping[str, int] | None = None,
) -> tuple[list[Task], list[tuple[Row, DocgenError]]]:
    """Each row's safe file name, unique in ``names``, in row order, and the rows whose name
    cannot be made. A blank cell in the pattern names the row by its number (第3行).
    ``owners``: the row each file went to last time (``row_owners``), kept for the rows that
    still ask for that name (a row inserted or deleted above moves the rows below)."""
    asked: list[tuple[Row, str, str | None, str | None]] = []
    unnamed = []
    for row in rows:
        try:
            text = namer(row)
        except MissingValueError:
            text = ""
        except DocgenError as exc:
            unnamed.append((row, exc))
            continue
        if text[-5:].lower() == ".docx":
            text = text[:-5]  # "{{ 单位名称 }}.docx" as users write it
        stem = safe_stem(text, "")
        unusable = text if text.strip() and not stem else None  # "..", a mark alone
        asked.append((row, stem or f"第{row.position}行", uncut_stem(text), unusable))
    stems = {row.position: stem for row, stem, _, _ in asked}
    names.owners = {
        name: row
        for name, row in (owners or {}).items()
        if row in stems and asks_for(name, stems[row], names.suffix)
    }
    planned = []
    for row, stem, uncut, unusable in asked:
        try:
            name = inside(folder, names.take(stem, uncut, unusable, row.position)).name
        except DocgenError as exc:
            unnamed.append((row, exc))
            continue
        planned.append((row, name))
    unnamed.sort(key=lambda failed: failed[0].position)
    return planned, unnamed


def _default_name(row: Row, first: str | None) -> str:
    value = row.values.get(first) if first else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
        return str(value)
    return ""


# -- rendering, here or in worker processes ---------------------------------------------------

Task = tuple[Row, str]  # a row and its file name
Outcome = str | DocgenError  # the file's sha256, or why the row failed


class _RowWriter:
    """Renders a row through the prepared template and writes its file whole (in a dry run,
    only renders it)."""

    def __init__(self, prepared: PreparedTemplate, folder: Path, write: bool = True) -> None:
        self.prepared = prepared
        self.folder = folder
        self.write = write
        self.context = _row_context(prepared)

    def __call__(self, task: tuple[Row | dict[str, Any], str]) -> Outcome:
        row, name = task
        values = row.values if isinstance(row, Row) else row
        try:
            target = inside(self.folder, name)
            data = self.prepared.render(self.context(values))
            if self.write:
                write_whole(target, data)
        except DocgenError as exc:
            return exc
        except OSError as exc:
            return _write_failure(exc, self.folder, name)
        return hashlib.sha256(data).hexdigest()


def _row_context(prepared: PreparedTemplate) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """How a row's values become the template's context: with the row under 列 when the
    template reads it (a dict more per row), else as they are."""
    if COLUMNS in prepared.variables():
        return with_columns
    return lambda values: values


def _write_failure(exc: OSError, folder: Path, name: str) -> DocgenError:
    """A full disk or a folder that takes no files stops the batch; one file that cannot be
    replaced (open in Word, locked) fails its row only."""
    stops = exc.errno in OUTPUT_STOPPERS
    if stops and exc.errno in (errno.EACCES, errno.EPERM):
        stops = not os.access(folder, os.W_OK | os.X_OK)
    kind = OutputError if stops else DocgenError
    return kind(f"写入失败：{os_reason(exc)}", Location(file=name))


def _row_writer(
    source: bytes, name: str, limits: RenderLimits, folder: Path, write: bool
) -> _RowWriter:
    return _RowWriter(prepare(source, name, limits), folder, write)


def _portable_task(task: Task) -> tuple[dict[str, Any], str]:
    return task[0].values, task[1]


# -- after the rows: PDFs, the combined document, the zip, the manifest -----------------------


def finish_batch(
    report: Report, folder: Path, options: BatchSteps, earlier: Mapping[str, str] | None = None
) -> None:
    """After the rows in ``folder``: the PDFs (LibreOffice, 200 files a process), the combined
    document, the zip. A step that fails is recorded (the documents stay) and the next one
    still runs. ``earlier``: the combined documents and zips the last batch there wrote, with
    their sha256 — the only such files it may overwrite. In a dry run, only the names: each
    output's PDF, and the combined document and zip in ``extra_files``."""
    written = [folder / output.file for output in report.outputs]
    if not written:
        return
    earlier = earlier or {}
    if options.pdf and report.dry_run:
        for output in report.outputs:
            output.pdf = pdf_name(output.file)
    elif options.pdf:
        report.stage("正在用 LibreOffice 转换 PDF（成批转换）…")
        _step(report, "转换 PDF", lambda: _convert(report, written, folder))
    if options.combined:
        combined = _free_name(report, folder, COMBINED_STEM + ".docx", earlier)
        if report.dry_run:
            report.extra_files.append(combined.name)
        else:
            report.stage("正在合并为一个文档…")
            _step(report, "合并打印", lambda: _combine(report, written, combined, options.duplex))
    if options.zip:
        archive = _free_name(report, folder, f"{folder.resolve().name}.zip", earlier)
        if report.dry_run:
            report.extra_files.append(archive.name)
        else:
            report.stage("正在打包…")
            _step(report, "打包", lambda: _pack(report, archive, folder))


def is_combined(name: str) -> bool:
    """Whether a file name is a batch's combined document: 合并打印.docx, or 合并打印-2.docx
    written beside one the user edited."""
    stem = name.removesuffix(".docx")
    number = stem.removeprefix(COMBINED_STEM + "-")
    return stem != name and (stem == COMBINED_STEM or (number != stem and number.isdecimal()))


def _free_name(report: Report, folder: Path, name: str, earlier: Mapping[str, str]) -> Path:
    """Where the batch's combined document or zip goes: ``name``, unless a file there is the
    user's (edited since the last batch wrote it, or never written by it), which is kept and
    the batch's file named "-2", "-3" (said)."""
    taken = {output.file.casefold() for output in report.outputs}
    stem, suffix = name.rsplit(".", 1)
    kept = []
    for number in itertools.count(1):
        candidate = name if number == 1 else f"{stem}-{number}.{suffix}"
        path = folder / candidate
        if candidate.casefold() in taken:
            continue
        if not path.exists() or (candidate in earlier and still_written(path, earlier[candidate])):
            break
        kept.append(f"「{candidate}」")
    if kept:
        report.note(
            f"目录中的{'、'.join(kept)}不是上次生成时的原样（生成后被修改过，或是另外放入的），"
            f"保留未覆盖；{report.writes}「{candidate}」"
        )
    return path


def _step(report: Report, label: str, run: Callable[[], None]) -> None:
    try:
        run()
    except DocgenError as exc:
        report.failed(None, exc)
    except OSError as exc:
        where = Location(file=Path(exc.filename).name if exc.filename else None)
        report.failed(None, OutputError(f"{label}失败：{os_reason(exc)}", where))


def _convert(report: Report, written: list[Path], folder: Path) -> None:
    from docgen.write.pdf import convert_to_pdf

    pdfs = convert_to_pdf(written, folder)
    for output, file in zip(report.outputs, written, strict=True):
        pdf = pdfs.get(file)
        if pdf is None:
            report.failed(output.row, DocgenError("LibreOffice 未能把它转换为 PDF"))
        else:
            output.pdf = pdf.name
            output.pdf_sha256 = sha256_file(pdf)


def _pack(report: Report, archive: Path, folder: Path) -> None:
    from docgen.write.archive import write_archive

    members = [p for o in report.outputs for p in (o.file, o.pdf) if p] + report.extra_files
    write_archive(archive, [folder / m for m in members], folder)
    report.extra_files.append(archive.name)


def _combine(report: Report, files: list[Path], target: Path, duplex: bool) -> None:
    from docgen.ooxml.combine import Combiner

    pages = _page_counts(report, files, target.parent) if duplex else {}
    combiner = Combiner()
    for file in files:
        combiner.add(file.read_bytes(), file.name, pad=pages.get(file, 0) % 2 == 1)
    with whole_file(target) as stream:
        combiner.write(stream)
    report.extra_files.append(target.name)
    padded = sum(1 for file in files[:-1] if pages.get(file, 0) % 2 == 1)
    if padded:
        report.note(
            f"{target.name} 供双面打印：{padded} 份文档页数为奇数，其后各加一页空白页"
            "（不编页码），每份都从纸张正面开始"
        )


def _page_counts(report: Report, files: list[Path], folder: Path) -> dict[Path, int]:
    """Each document's pages as LibreOffice lays them out: from the batch's PDFs where it made
    them, else from a conversion that leaves nothing behind."""
    from docgen.write.pdf import page_counts, pdf_pages

    pdfs = {folder / o.file: folder / o.pdf for o in report.outputs if o.pdf}
    counts: dict[Path, int | None] = {
        f: pdf_pages(pdfs[f].read_bytes()) for f in files if f in pdfs
    }
    counts.update(page_counts([f for f in files if f not in pdfs], folder))
    for file, count in counts.items():
        if not count:
            raise DocgenError(
                "LibreOffice 未能为它排版，不知道它有几页，无法合并为双面打印的文档",
                Location(file=file.name),
            )
    return {file: count for file, count in counts.items() if count}


def _manifest(report: Report, folder: Path, sources: _Sources) -> bytes:
    """Deterministic JSON: every output with its row and sha256, every failure with its reason;
    the data's digest is of the bytes its rows were read from."""
    document = {
        "generator": f"docgen {__version__}",
        "template": {
            "path": sources.template.name,
            "sha256": hashlib.sha256(sources.source).hexdigest(),
        },
        "data": {"path": sources.data.name, "sha256": sources.roster.sha256},
        "outputs": [_output_record(o) for o in report.outputs],
        "failed": [failure_record(f) for f in report.failures],
        "files": [{"file": f, "sha256": sha256_file(folder / f)} for f in report.extra_files],
        "notes": report.notes,
    }
    if report.left:
        document["left"] = [
            {"file": f, "sha256": d}
            | ({"row": report.left_rows[f]} if f in report.left_rows else {})
            for f, d in report.left.items()
        ]
    if report.edited:
        document["edited"] = [{"file": f} for f in report.edited]
    if report.stop_reason:
        document["stopped"] = report.stop_reason
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _output_record(output: Output) -> dict[str, Any]:
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

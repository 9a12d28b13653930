"""`merge`: one batch from a template and a roster, from the plan of its file names to the
manifest."""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen import __version__
from docgen.batch.earlier import (
    earlier_outputs,
    files_made,
    foreign_files,
    manifest_bytes,
    note_earlier_files,
    note_left,
    note_renamed,
    row_owners,
    take_edited,
)
from docgen.batch.finish import COMBINED_STEM, finish_batch, left_step, note_left_extras
from docgen.batch.folder import claim_finished, make_folder, refuse_unwritable, remove_leftovers
from docgen.batch.preflight import merge_field_columns, unfilled
from docgen.batch.report import (
    BatchOptions,
    Output,
    Report,
    Task,
    failure_record,
    output_record,
)
from docgen.batch.rows import RowWriter, default_name, name_rows, portable_task, row_writer
from docgen.errors import (
    DocgenError,
    InputError,
    Location,
    OutputError,
    TemplateError,
    os_reason,
)
from docgen.load.files import read_bounded
from docgen.load.office import is_owner_file, open_elsewhere, open_note, owner_file_message
from docgen.load.roster import Roster, Row
from docgen.load.rows import read_rows
from docgen.processes import Respawn, in_processes
from docgen.render.fastpath import PreparedTemplate, prepare
from docgen.render.limits import memory_cap
from docgen.render.pattern import (
    blank_cell,
    column_hint,
    columns_read,
    name_column,
    row_namer,
)
from docgen.render.problems import MissingValueError
from docgen.write.files import atomic_write, folder_lock
from docgen.write.manifest import (
    MANIFEST_NAME,
    listed,
    manifest_json,
    read_manifest,
    sha256_file,
)
from docgen.write.names import (
    Renamed,
    UniqueNames,
)


def merge(
    template: Path, data: Path, options: BatchOptions, report: Report | None = None
) -> Report:
    """Fill ``template`` once per row of ``data`` into ``options.output_dir``."""
    report = report or Report()
    report.dry_run = options.dry_run
    source = _read(template)
    roster, prepared = _read_and_prepare(source, template.name, data, options)
    if open_elsewhere(template):
        report.note(f"{template.name}：{open_note('模板')}")
    for message in (*roster.notes, *prepared.notes):
        report.note(message)
    roster = merge_field_columns(roster, prepared, report)
    for message in unfilled(prepared, roster, template.name):
        report.note(message)
    folder = options.output_dir
    plan = _plan(roster, options, (template, data))  # a name refused before the folder is made
    sources = _Sources(template, source, data, roster)
    take_edited(report, plan)
    if options.dry_run:  # every row rendered, so that the rows that would fail are said
        refuse_unwritable(folder)
        note_renamed(report, plan)
        try:
            _render_rows(report, prepared, plan, sources, options)
        except KeyboardInterrupt:
            report.stopped = "interrupted"
            raise
        if report.stopped is None:
            finish_batch(report, folder, options, plan.made)
        report.extra_files.append(MANIFEST_NAME)
        note_earlier_files(report, plan, plan.earlier, folder, options.pdf)
        return report
    make_folder(folder)
    with folder_lock(folder):
        if manifest_bytes(folder) != plan.manifest:  # a batch ended there meanwhile
            plan = _plan(roster, options, (template, data))
            take_edited(report, plan)
        note_renamed(report, plan)
        _write_rows(report, prepared, plan, sources, options)
    return report


def _read_and_prepare(
    source: bytes, name: str, data: Path, options: BatchOptions
) -> tuple[Roster, PreparedTemplate]:
    """The roster, then the prepared template; what is wrong is said in that order, with
    LibreOffice missing between them. (Reading the roster in a thread while the template is
    prepared saved 15 ms of 2,000 rows but left its memory in a second malloc arena, 30 MiB
    more at 10,000 rows a batch after the first; the template's time limit needs this
    thread.)"""
    roster = read_rows(data, str(data), options.sheet)
    try:
        prepared = prepare(source, name, options.limits)
    except DocgenError as exc:
        _require_soffice(options)
        if isinstance(exc, TemplateError):
            excerpt = exc.location.excerpt if exc.location else None
            raise column_hint(exc, roster.columns, excerpt) from None
        raise
    _require_soffice(options)
    return roster, prepared


def _require_soffice(options: BatchOptions) -> None:
    if options.soffice_options:  # a dry run too: it promises what the run will do
        from docgen.write.pdf import require_soffice

        require_soffice(*options.soffice_options)


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
        _settle(report, plan, folder, started)
        note_left(report, earlier, folder, planned)
        try:
            _write_manifest(report, folder, sources)
        except OutputError:
            pass  # Ctrl-C is the answer the user is waiting for
        raise
    if report.stopped is not None:
        _settle(report, plan, folder, started)
    note_earlier_files(report, plan, earlier, folder, options.pdf)
    _write_manifest(report, folder, sources)


def _settle(report: Report, plan: _Plan, folder: Path, started: int) -> None:
    """After a batch stopped early: no temporary file left, every finished file in the report,
    and the last batch's combined document and zip said and kept (``finish_batch``, which
    would have, did not run or did not end)."""
    remove_leftovers(folder, [name for _, name in plan.planned])
    claim_finished(report, plan.planned, folder, started)
    note_left_extras(report, folder, plan.made)


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
    writer = RowWriter(prepared, folder, write)
    columns = set(sources.roster.columns)
    # A row's other blank cells the template prints, named with the first (unless guarded).
    printed = columns_read(prepared.names_printed(), sources.roster.columns, prepared.keys_read)
    portable = (sources.source, sources.template.name, options.limits, folder, write)
    respawn = Respawn(row_writer, portable, portable_task)
    # Workers start before the listener may start a progress-bar thread (see in_processes).
    with (
        memory_cap(options.limits),
        in_processes(
            writer, plan.planned, options.jobs, respawn, options.limits.stall_seconds
        ) as outcomes,
    ):
        report.start(len(sources.roster.rows))
        for row, error in plan.unnamed:
            report.failed(row, error)
        for (row, name), outcome in zip(plan.planned, outcomes, strict=True):
            if isinstance(outcome, MissingValueError) and outcome.name in columns:
                # The column is there: the cell is blank (and maybe others the template reads).
                also = [c for c in sources.roster.columns if c in printed and c not in row.values]
                also = [c for c in also if c != outcome.name]
                blank_cell(outcome, outcome.name, outcome.name in prepared.merge_fields, also)
            if isinstance(outcome, DocgenError):
                if report.row_failed(row, outcome):
                    break
            else:
                report.done(Output(row, name, outcome))


def _write_manifest(report: Report, folder: Path, sources: _Sources) -> None:
    try:
        atomic_write(folder / MANIFEST_NAME, _manifest(report, folder, sources))
    except OSError as exc:
        error = OutputError(f"清单写入失败：{os_reason(exc)}", Location(file=MANIFEST_NAME))
        error.wrote_files = bool(report.outputs)
        raise error from None


def _read(template: Path) -> bytes:
    if is_owner_file(template):
        raise InputError(owner_file_message(template, "模板"), Location(file=str(template)))
    try:
        return read_bounded(template, Location(file=str(template)))
    except FileNotFoundError:
        raise InputError("找不到模板文件", Location(file=str(template))) from None
    except OSError as exc:
        raise InputError(f"无法读取模板：{os_reason(exc)}", Location(file=str(template))) from None


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
    manifest = manifest_bytes(options.output_dir)
    last = read_manifest(manifest) if manifest is not None else {}
    if manifest is not None and not str(last.get("generator", "")).startswith("docgen"):
        raise OutputError(
            f"输出目录中已有一个不是 docgen 生成的 {MANIFEST_NAME}：批次要在这里写自己的清单，"
            "为免覆盖它，未生成任何文件（请换一个输出目录，或把它移走）",
            Location(file=str(options.output_dir / MANIFEST_NAME)),
        )
    earlier, edited = earlier_outputs(last, options.output_dir)
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
        default_name, first=name_column(roster.columns)
    )
    if options.name:
        pattern = row_namer(options.name, roster, options.limits)
    planned, unnamed = name_rows(roster.rows, pattern, names, owners)
    made = files_made(last)
    return _Plan(planned, unnamed, names.renamed, manifest, earlier, edited, foreign, made)


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
        "outputs": [output_record(o) for o in report.outputs],
        "failed": [failure_record(f) for f in report.failures],
        "files": [{"file": f, "sha256": sha256_file(folder / f)} for f in report.extra_files],
        "notes": report.notes,
    }
    left = [
        {"file": f, "sha256": d} | ({"row": report.left_rows[f]} if f in report.left_rows else {})
        for f, d in report.left.items()
    ]
    left += [{"file": f, "sha256": d, "step": left_step(f)} for f, d in report.left_files.items()]
    if left:
        document["left"] = left
    if report.edited:
        document["edited"] = [{"file": f} for f in report.edited]
    if report.stop_reason:
        document["stopped"] = report.stop_reason
    return manifest_json(document)

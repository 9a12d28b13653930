"""One document, stage by stage: load → validate → compose → render → check → write."""

from __future__ import annotations

import datetime
import os
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.batch.earlier import (
    edited_since,
    foreign_files,
    note_copies_renumbered,
    note_earlier_files,
    note_renamed,
    row_owners,
    take_edited,
)
from docgen.batch.finish import COMBINED_STEM, finish_batch, is_combined, is_zip, left_step
from docgen.batch.report import BatchSteps, Listener, Output, Report, failure_record
from docgen.batch.rows import name_rows
from docgen.compose.numbering import number
from docgen.compose.outline import Paragraph
from docgen.errors import (
    DocgenError,
    ErrorGroup,
    InputError,
    Location,
    RenderLimitError,
    raise_collected,
)
from docgen.kinds import Composition, Kind, get_kind
from docgen.kinds.base import ExtraOutput, TableSpec
from docgen.layout.profile import Profile, load_profile
from docgen.library import Fragment, FragmentStore, load_store
from docgen.load import Located, load_yaml
from docgen.load.files import read_bounded
from docgen.load.office import open_elsewhere, open_note
from docgen.load.roster import Roster, Row
from docgen.load.rows import read_rows
from docgen.load.state import STATE_NAME, read_state
from docgen.load.table import load_table
from docgen.processes import Respawn, in_processes, interrupts_held
from docgen.render.docx import CoreProperties, render_docx
from docgen.render.fastpath import PreparedTemplate, prepare
from docgen.render.limits import DEFAULT_LIMITS, memory_cap
from docgen.render.pattern import row_namer
from docgen.validate import validate_model
from docgen.validate.table import TableRef, validate_rows
from docgen.workspace import DocumentSpec, Workspace, open_workspace
from docgen.write.files import atomic_write, folder_lock, write_all
from docgen.write.manifest import (
    MANIFEST_NAME,
    FileRecord,
    FragmentRecord,
    OutputRecord,
    listed,
    made_from_documents,
    manifest_bytes,
    manifest_file,
    read_manifest,
    sha256,
    sha256_file,
)
from docgen.write.names import Renamed, UniqueNames, pdf_name
from docgen.write.state import merge_state, state_bytes


@dataclass
class BuiltDocument:
    """A rendered document held in memory until every document of the build has succeeded."""

    path: Path
    data: bytes
    record: OutputRecord
    fragments: list[Fragment] = field(default_factory=list)
    # Files written beside the document (the plan's ledger), by path.
    extra_files: dict[Path, bytes] = field(default_factory=dict)
    # Workspace state the document records (the bulletin's issue register).
    state: dict[str, Any] = field(default_factory=dict)
    # Set by the check stage (rows are checked in the process that rendered them): the findings
    # are in the record, and these are its error findings as sentences.
    checked: bool = False
    check_errors: list[str] = field(default_factory=list)


@dataclass
class RowBatch:
    """A document built once per roster row (``each:``): its folder, the rows' report, the files."""

    name: str
    folder: Path
    report: Report
    plan: RowPlan  # how its rows were named, against the folder's files
    done: list[BuiltDocument] = field(default_factory=list)


# Tables read in one build, by file, sheet, row model and required fields: the plan and the
# notice both name the problem list, and read it once.
TableCache = dict[tuple[Any, ...], tuple[list[Any], FileRecord] | list[DocgenError]]


@dataclass(frozen=True, kw_only=True)
class BuildOptions(BatchSteps):
    """What ``docgen build`` does beyond writing the documents: the batch steps, for each
    ``each:`` document's rows (``pdf`` for every document), and who hears of the rows."""

    listener: Listener | None = None  # progress of each batch's rows


@dataclass
class BuildResult:
    documents: list[BuiltDocument]
    manifest: Path
    batches: list[RowBatch] = field(default_factory=list)
    planned: list[Path] = field(default_factory=list)  # a dry run's file names
    extra_files: list[Path] = field(default_factory=list)  # PDFs, combined documents, zips
    # Steps after writing that failed for a document outside a batch (its PDF), by the
    # document's name; the others ran.
    failed_steps: list[tuple[str, DocgenError]] = field(default_factory=list)
    # Documents not built now (--only) whose records the manifest keeps.
    kept: int = 0


def build(
    workspace: Workspace,
    *,
    only: Sequence[str] = (),
    release: bool = False,
    strict: bool = False,
    options: BuildOptions = BuildOptions(),
) -> BuildResult:
    """Build the documents of docgen.yaml; on any error nothing is written.

    Every output is checked (``docgen check``) and its findings go to the manifest; ``strict``
    refuses to write anything while an output has an error finding. A row of an ``each:``
    document that fails is reported and recorded in the manifest; the other rows are written.
    """
    if options.soffice_options:  # a dry run too: it promises what the build will do
        from docgen.write.pdf import require_soffice

        require_soffice(*options.soffice_options)
    if options.dry_run:  # everything but the writing: a build's files and the rows that fail
        return _build(workspace, only, release, strict, options)
    # From reading the last manifest to writing the next: one build of a workspace at a time.
    with folder_lock(workspace.root, _BUILD_BUSY):
        return _build(workspace, only, release, strict, options)


_BUILD_BUSY = "另一个 docgen build 正在生成这个工作区的文档：请等它完成后再运行"


def _build(
    workspace: Workspace,
    only: Sequence[str],
    release: bool,
    strict: bool,
    options: BuildOptions,
) -> BuildResult:
    profile = load_profile(workspace.config.profile, workspace.root)
    store = load_fragments(workspace)
    specs = _select(workspace, only)
    last = _last_manifest(workspace)  # read once: the batches, the kept records, made files
    built: list[BuiltDocument] = []
    batches: list[RowBatch] = []
    errors: list[DocgenError] = []
    tables: TableCache = {}
    for index, spec in specs:
        try:
            if spec.each:
                batch = build_each(workspace, index, spec, profile, store, options, tables, last)
                batches.append(batch)
                built.extend(batch.done)
            else:
                built.append(build_document(workspace, index, spec, profile, store, tables))
        except DocgenError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
    # A table two documents read (the problem list) reports each of its errors once.
    raise_collected(list({(e.message, str(e.location)): e for e in errors}.values()))
    if release:
        _release_gate(built)
    _check_outputs(workspace, built, profile, strict)
    earlier = listed(last, "outputs")
    for batch in batches:
        if len(batches) > 1:  # said after every batch: each note names its document
            batch.report.about = f"{batch.name}："
        _note_earlier_files(batch, options.pdf)
        note_copies_renumbered(
            batch.report,
            (record for record in earlier if record.get("name") == batch.name),
            (document.record.extra for document in batch.done),
        )
    manifest = workspace.output_dir / MANIFEST_NAME
    if options.dry_run:
        return _planned(workspace, built, batches, options, last)
    files = {doc.path: doc.data for doc in built}
    for doc in built:
        files.update(doc.extra_files)
    later = options.pdf or options.combined or options.zip
    # A build of some documents (--only) keeps the others' records while their files stand.
    kept = _kept_records(workspace, [spec for _, spec in specs], last) if only else {}
    made = _files_made(workspace, last)
    if not later:
        _finish_batches(workspace, batches, options, made)  # no step: said of the last ones
    # Written with the documents, whatever follows: with later steps, the documents' own
    # record until the steps end (a Ctrl-C or a failure then leaves it, true as far as it goes).
    files[manifest] = _manifest(workspace, built, batches, [], kept)
    state = _state_files(workspace, built)
    files.update(state)
    # The state file sits at the workspace root, beside docgen.yaml; one all-or-nothing write.
    root = Path(os.path.commonpath([workspace.root, workspace.output_dir]))
    extra: list[Path] = []
    failed: list[tuple[str, DocgenError]] = []
    written = False
    try:
        # Renamed into place with the manifest while Ctrl-C waits: one halfway would leave
        # new documents an old manifest takes for edits of the user's.
        write_all(files, root if state else workspace.output_dir, interrupts_held())
        written = True
        if later:
            extra = _after_writing(workspace, built, batches, options, failed, made)
    except BaseException as exc:  # Ctrl-C too: documents written are recorded, and said
        if written or getattr(exc, "wrote_files", False):
            exc.wrote_files = True  # type: ignore[attr-defined]  # said by the CLI
            if written and failed:  # the steps that failed before this one, recorded too
                _record(manifest, _manifest(workspace, built, batches, [], kept, failed))
        raise
    if later:
        _record(manifest, _manifest(workspace, built, batches, extra, kept, failed))
    return BuildResult(
        built,
        manifest,
        batches,
        extra_files=extra,
        failed_steps=failed,
        kept=len(kept.get("outputs", [])),
    )


def _record(manifest: Path, data: bytes) -> None:
    """The manifest of documents already written, whole whatever Ctrl-C does meanwhile: held
    back until it is in place, then said as an interrupt after the writing."""
    try:
        with interrupts_held():
            atomic_write(manifest, data)
    except BaseException as exc:
        exc.wrote_files = True  # type: ignore[attr-defined]
        raise


def _kept_records(
    workspace: Workspace, specs: Sequence[DocumentSpec], earlier: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """The previous manifest's records of documents not built now whose files are still there
    (the files made from them too) — edited since or not: a record says what docgen wrote, so
    the next build of that document still sees the user's edit and keeps it (``earlier``:
    the last manifest)."""

    def present(record: dict[str, Any], key: str) -> bool:
        shown = record.get(key)
        return isinstance(shown, str) and workspace.path(shown).is_file()

    building = {spec.name for spec in specs}
    outputs = [
        record
        for record in listed(earlier, "outputs")
        if record.get("name") not in building and present(record, "output")
    ]
    # Files made from kept documents: their PDFs, and what sits in a folder that only kept
    # documents write to (a kept batch's combined document and zip).
    pdfs = {(r.get("extra") or {}).get("pdf") for r in outputs if isinstance(r.get("extra"), dict)}
    written = {workspace.display((workspace.output_dir / s.output).parent) for s in specs}
    folders = {posixpath.dirname(str(r.get("output"))) for r in outputs} - written
    files = [
        f
        for f in listed(earlier, "files")
        if f.get("path") in pdfs or posixpath.dirname(str(f.get("path"))) in folders
    ]
    return {
        "outputs": outputs,
        "failed": [f for f in listed(earlier, "failed") if f.get("document") not in building],
        "files": [f for f in files if present(f, "path")],
        "edited": [e for e in listed(earlier, "edited") if e.get("document") not in building],
        "left": [e for e in listed(earlier, "left") if e.get("document") not in building],
    }


def _manifest(
    workspace: Workspace,
    built: Sequence[BuiltDocument],
    batches: Sequence[RowBatch],
    extra: list[Path],
    kept: dict[str, list[dict[str, Any]]],
    failed_steps: Sequence[tuple[str, DocgenError]] = (),
) -> bytes:
    failed = [
        {"document": batch.name, **failure_record(failure)}
        for batch in batches
        for failure in batch.report.failures
    ]
    failed += [{"document": name, "error": str(error)} for name, error in failed_steps]
    files = [FileRecord(workspace.display(p), sha256_file(p)) for p in extra]
    records = [doc.record for doc in built]
    edited = [
        {"document": batch.name, "path": workspace.display(batch.folder / name)}
        for batch in batches
        for name in batch.plan.edited
    ]
    left = [
        {"document": batch.name, "path": workspace.display(batch.folder / name), "sha256": digest}
        | ({"row": batch.report.left_rows[name]} if name in batch.report.left_rows else {})
        for batch in batches
        for name, digest in batch.report.left.items()
        if name not in {output.pdf for output in batch.report.outputs}  # a PDF made again
    ]
    left += [
        {
            "document": batch.name,
            "path": workspace.display(batch.folder / name),
            "sha256": digest,
            "step": left_step(name),
        }
        for batch in batches
        for name, digest in batch.report.left_files.items()
    ]
    notes = [
        {"document": batch.name, "note": note} for batch in batches for note in batch.report.notes
    ]
    return manifest_bytes(
        __version__,
        records,
        failed=failed,
        files=files,
        kept=kept,
        edited=edited,
        left=left,
        notes=notes,
    )


def _after_writing(
    workspace: Workspace,
    built: Sequence[BuiltDocument],
    batches: Sequence[RowBatch],
    options: BuildOptions,
    failed: list[tuple[str, DocgenError]],
    made: dict[Path, str],
) -> list[Path]:
    """PDFs of every document (LibreOffice in batches per folder), each batch combined and
    zipped (``made``: what the last build made from its documents, by its manifest).

    A document LibreOffice cannot convert goes to ``failed`` and the others go on, as a batch's
    rows do."""
    from docgen.write.pdf import convert_to_pdf

    extra: list[Path] = []
    in_batches = {id(doc) for batch in batches for doc in batch.done}
    singles = [doc for doc in built if id(doc) not in in_batches]
    if options.pdf:
        for folder in sorted({doc.path.parent for doc in singles}):
            here = [doc for doc in singles if doc.path.parent == folder]
            pdfs = convert_to_pdf([doc.path for doc in here], folder)
            for doc in here:
                pdf = pdfs.get(doc.path)
                if pdf is None:
                    where = Location(file=workspace.display(doc.path))
                    error = DocgenError("LibreOffice 未能把它转换为 PDF", where)
                    failed.append((doc.record.name, error))
                    continue
                doc.record.extra["pdf"] = workspace.display(pdf)
                extra.append(pdf)
    _finish_batches(workspace, batches, options, made)
    for batch in batches:
        for output, doc in zip(batch.report.outputs, batch.done, strict=True):
            if output.pdf:
                doc.record.extra["pdf"] = workspace.display(batch.folder / output.pdf)
                extra.append(batch.folder / output.pdf)
        extra += [batch.folder / name for name in batch.report.extra_files]
    return extra


def _finish_batches(
    workspace: Workspace,
    batches: Sequence[RowBatch],
    options: BuildOptions,
    made: dict[Path, str],
) -> None:
    """``finish_batch`` for every batch: its PDFs, combined document and zip (in a dry run, their
    names), and what it says of the last build's combined document and zip in its folder
    (``made``: the files the last build made, by its manifest)."""
    for batch in batches:
        finish_batch(batch.report, batch.folder, options, _made_in(made, batch.folder))


def _made_in(made: dict[Path, str], folder: Path) -> dict[str, str]:
    """Of the files ``_files_made`` lists, the combined documents and zips in ``folder``, by
    name: what ``finish_batch`` may replace (the rows' PDFs are the rows' own)."""
    folder = folder.resolve()
    return {
        path.name: digest
        for path, digest in made.items()
        if path.parent == folder and (is_combined(path.name) or is_zip(path.name))
    }


def _last_manifest(workspace: Workspace) -> dict[str, Any]:
    """The manifest the last build wrote, read back ({} when there is none)."""
    return read_manifest(manifest_file(workspace.output_dir / MANIFEST_NAME) or b"")


def _files_made(workspace: Workspace, earlier: dict[str, Any]) -> dict[Path, str]:
    """The PDFs, combined documents and zips the last build wrote, by its manifest
    (``earlier``), with their sha256."""
    made = made_from_documents(earlier, "path")
    return {workspace.path(path).resolve(): digest for path, digest in made.items()}


def load_fragments(workspace: Workspace) -> FragmentStore:
    roots = [workspace.path(p) for p in workspace.config.fragments]
    return load_store([r for r in roots if r.is_dir()], base=workspace.root)


def build_document(
    workspace: Workspace,
    index: int,
    spec: DocumentSpec,
    profile: Profile,
    store: FragmentStore,
    tables: TableCache | None = None,
) -> BuiltDocument:
    """Load, validate, compose and render one document; nothing touches the disk."""
    kind = get_kind(spec.kind)
    source = _load_input(workspace, spec)
    composition, table_records = compose_document(workspace, kind, source, store, profile, tables)
    sources = _sources(workspace, index, spec, source, table_records)
    return _render(
        workspace, spec, composition, profile, workspace.output_dir / spec.output, sources
    )


def build_each(
    workspace: Workspace,
    index: int,
    spec: DocumentSpec,
    profile: Profile,
    store: FragmentStore,
    options: BuildOptions = BuildOptions(),
    tables: TableCache | None = None,
    last: dict[str, Any] | None = None,
) -> RowBatch:
    """One document per roster row, in memory; a row that fails is recorded and skipped.

    The input, its tables and the roster are read and the template prepared once (the fast
    path of ``docgen merge``); the rows are composed and rendered in ``options.jobs`` processes.
    Each row's file name comes from the ``output`` pattern, made safe and unique, beside the
    files the last build wrote (``last``, its manifest: read here when not given).
    """
    if last is None:
        last = _last_manifest(workspace)
    builder = _row_builder(workspace, index, profile, store, tables)  # the input's errors first
    roster = _roster(workspace, spec)
    try:
        plan = _plan_rows(workspace, index, spec, roster, last, options.combined)
    except InputError as exc:
        refused = _roster_refused(builder, roster)
        if refused:
            raise ErrorGroup([exc, *refused]) from None
        raise
    folder, planned = plan.folder, plan.planned
    builder = builder.with_roster(roster)
    # Where there is no fork (Windows, macOS), the builder travels pickled: what this process
    # read, the template prepared again in each worker from the same bytes.
    respawn = Respawn(_same_builder, (builder,), _as_it_is)
    report = Report(dry_run=options.dry_run, listener=options.listener)
    take_edited(report, plan)
    batch = RowBatch(spec.name, folder, report, plan)
    _note_before_rows(batch.report, builder, plan)
    for message in _tables_open(workspace, builder.kind, builder.data):
        batch.report.note(message)
    if plan.elsewhere:
        old = sorted({workspace.display(path.parent) for path in plan.elsewhere})
        report.note(
            f"{spec.name} 的输出文件夹已改为「{workspace.display(folder)}」：上次生成在"
            + "、".join(f"「{name}」" for name in old)
            + f"的 {len(plan.elsewhere)} 个文件仍留在那里，本次不会改动（发送前请确认，不需要时可删除）"
        )
    stall = DEFAULT_LIMITS.stall_seconds
    with in_processes(builder, planned, options.jobs, respawn, stall) as outcomes:
        batch.report.start(len(roster.rows))
        for row, error in plan.unnamed:
            batch.report.failed(row, error)
        for (row, name), outcome in zip(planned, outcomes, strict=True):
            if isinstance(outcome, DocgenError):
                if batch.report.row_failed(row, outcome):
                    break
            else:
                batch.report.done(Output(row, name, outcome.record.sha256))
                batch.done.append(outcome)
    batch.report.finished()
    return batch


@dataclass(frozen=True)
class _RowBuilder:
    """One roster row's document of an ``each:`` entry: composed, rendered through the
    prepared template and checked, in whichever process runs the row."""

    workspace: Workspace
    spec: DocumentSpec
    profile: Profile
    store: FragmentStore
    source: Located
    data: Any
    extra: dict[str, Any]
    sources: DocumentSources
    folder: Path

    @property
    def kind(self) -> Kind:
        return get_kind(self.spec.kind)  # a module: looked up, not pickled

    def roster_notes(self, roster: Roster) -> list[str]:
        """What the kind says of the roster as a whole before its rows (``roster_notes``); its
        refusals raised."""
        notes = getattr(self.kind, "roster_notes", None)
        if notes is None:
            return []
        return notes(
            self.data,
            roster.rows,
            columns=roster.columns,
            source=self.source,
            fragments=self.store,
            **self.extra,
        )

    def with_roster(self, roster: Roster) -> _RowBuilder:
        """The builder with the roster among its inputs' provenance, and its tables as the kind
        reads them against the roster (``for_roster``)."""
        record = FileRecord(roster.source, roster.sha256)
        sources = replace(self.sources, inputs=[*self.sources.inputs, record])
        for_roster = getattr(self.kind, "for_roster", None)
        extra = for_roster(self.data, roster.rows, self.extra) if for_roster else self.extra
        return replace(self, sources=sources, extra=extra)

    def __call__(self, task: tuple[Row, str]) -> BuiltDocument | DocgenError:
        row, name = task
        # The heap cap counts from what this process holds now: the main process collects
        # every row's document, which no row should be refused for.
        with memory_cap(DEFAULT_LIMITS):
            try:
                composition = self.kind.compose(
                    self.data, self.store, self.source, row=row, **self.extra
                )
                doc = _render(
                    self.workspace,
                    self.spec,
                    composition,
                    self.profile,
                    self.folder / name,
                    self.sources,
                )
                _check(self.workspace, doc, self.profile)  # in the row's process
            except DocgenError as exc:
                return exc
            except MemoryError:
                return RenderLimitError("超出安全限制：生成这份文档所需内存过多")
        doc.record.extra.update(row=row.position, source=row.label)
        return doc


def _row_builder(
    workspace: Workspace,
    index: int,
    profile: Profile,
    store: FragmentStore,
    tables: TableCache | None = None,
) -> _RowBuilder:
    """The input and its tables read and validated, the template prepared: once per batch."""
    spec = workspace.config.documents[index]
    kind = get_kind(spec.kind)
    source = _load_input(workspace, spec)
    data, extra, records = load_inputs(workspace, kind, source, profile, tables)
    named = getattr(kind, "fragments_named", None)
    for fragment_id, where in named(data, source) if named else []:
        store.get(fragment_id, where)  # a typo said once, not by every row
    sources = _sources(workspace, index, spec, source, records)
    folder = _rows_folder(workspace, spec)
    return _RowBuilder(workspace, spec, profile, store, source, data, extra, sources, folder)


def _same_builder(builder: _RowBuilder) -> _RowBuilder:
    return builder  # unpickled in a spawned worker


def _as_it_is(task: tuple[Row, str]) -> tuple[Row, str]:
    return task  # a row and its name travel to a spawned worker as they are


def _note_earlier_files(batch: RowBatch, pdf: bool) -> None:
    """What a batch says of the files earlier builds left in its folder — a failed row's old
    file, the files not made again — once every document of the build is made: until then a
    build may still fail whole and write nothing. The earlier files go to the manifest's
    ``left``."""
    plan = batch.plan
    edited = set(plan.edited)  # said already, with the row that took "-2"
    earlier: dict[str, str | None] = {
        path.name: digest for path, digest in plan.written if path.name not in edited
    }
    note_earlier_files(batch.report, plan, earlier, plan.folder, pdf)


@dataclass(frozen=True)
class RowPlan:
    """An ``each:`` document's roster and folder, each row's safe unique file name, the rows
    without one, the names given instead of a taken one; the files earlier builds wrote for
    its rows (with their sha256), those edited since, and the user's own in the folder."""

    roster: Roster
    folder: Path
    planned: list[tuple[Row, str]]
    unnamed: list[tuple[Row, DocgenError]]
    renamed: dict[str, Renamed]
    written: list[tuple[Path, str]]
    edited: list[str]
    foreign: list[str]
    # The last build's files of these rows in another folder (``output`` changed since).
    elsewhere: list[Path] = field(default_factory=list)


def _plan_rows(
    workspace: Workspace,
    index: int,
    spec: DocumentSpec,
    roster: Roster,
    earlier: dict[str, Any],
    combined: bool = False,
) -> RowPlan:
    """Name every row of an ``each:`` document (of ``roster``, its ``each:`` roster; by
    ``earlier``, the last manifest, the files the last build wrote for it).

    Names never take the place of another document of the build in the same folder, of the
    combined document, of a row's file that the user edited after the last build wrote it,
    nor of a document or PDF of the user's own that no build wrote.
    """
    pattern = Path(spec.output)
    folder = _rows_folder(workspace, spec)
    stem = pattern.name.removesuffix(".docx")
    where = workspace.locate_document(index, "output")
    if "{{" not in stem:
        raise InputError(
            "按名单逐行生成的文档，output 中要有列名占位符，例如 通知/{{ 单位名称 }}.docx", where
        )
    namer = row_namer(stem, roster, where=where, label="output")
    others = [other for other in workspace.config.documents if other is not spec]
    for other in others:
        if other.each and (workspace.output_dir / other.output).parent.resolve() == folder:
            raise InputError(
                f"按名单生成的文档 {spec.name} 和 {other.name} 输出到同一文件夹"
                f"「{workspace.display(folder)}」：请给它们各自的文件夹",
                where,
            )
    paths = [workspace.output_dir / other.output for other in others]
    taken = [p.name for p in paths if p.parent.resolve() == folder]
    written, marked, owned, elsewhere = _earlier_rows(workspace, spec, folder, earlier)
    edited = sorted({*edited_since(written), *marked})
    ours = [path.name for path, _ in written] + edited
    ours += [
        name for p in paths if p.parent.resolve() == folder for name in (p.name, pdf_name(p.name))
    ]
    in_folder = foreign_files(folder, ours)
    foreign = [
        name
        for name in in_folder
        if not is_combined(name) and not name.startswith("~$")  # Word's lock file
    ]
    reserved = taken + [Path(name).stem + ".docx" for name in edited + foreign]
    # The combined document, asked for now or left by an earlier build (a row named 合并打印
    # must not replace it, --combined or not).
    reserved += [COMBINED_STEM + ".docx"] if combined else []
    reserved += [name for name in in_folder if is_combined(name)]
    names = UniqueNames(".docx", reserved)
    planned, unnamed = name_rows(roster.rows, namer, names, row_owners(owned))
    return RowPlan(
        roster, folder, planned, unnamed, names.renamed, written, edited, foreign, elsewhere
    )


def _rows_folder(workspace: Workspace, spec: DocumentSpec) -> Path:
    """The folder an ``each:`` entry's rows go to: that of its ``output`` pattern."""
    return (workspace.output_dir / Path(spec.output).parent).resolve()


def _roster(workspace: Workspace, spec: DocumentSpec) -> Roster:
    """The rows of ``spec``'s ``each:`` roster, of the worksheet it names."""
    assert spec.each is not None
    path = workspace.path(spec.each.file)
    return read_rows(path, workspace.display(path), sheet=spec.each.sheet)


def _earlier_rows(
    workspace: Workspace, spec: DocumentSpec, folder: Path, earlier: dict[str, Any]
) -> tuple[list[tuple[Path, str]], list[str], list[tuple[str, object]], list[Path]]:
    """From the last manifest: the files it wrote for ``spec``'s rows, with their sha256; the
    names of those it found edited by hand and kept (still there); each row's document name
    with its row number; and the files it wrote for them in another folder, still there.

    A record of a document docgen.yaml no longer names, in this folder, is this document's
    under its old name (two ``each:`` documents never share a folder)."""
    current = {document.name for document in workspace.config.documents}

    def ours(record: dict[str, Any], key: str) -> bool:
        name = record.get(key)
        if not isinstance(name, str):  # a manifest edited by hand
            return False
        if name == spec.name:
            return True
        # Another name's: a row of an ``each:`` document no longer named (left and edited
        # records are only ever a batch's), not a single document taken out of docgen.yaml.
        extra = record.get("extra")
        row = key != "name" or (isinstance(extra, dict) and isinstance(extra.get("row"), int))
        return name not in current and row

    def recorded(record: dict[str, Any], key: str) -> Path | None:
        if not ours(record, key) or "step" in record:  # a combined document, a zip
            return None
        shown = record.get("output" if key == "name" else "path")
        return workspace.path(shown) if isinstance(shown, str) else None

    def in_folder(record: dict[str, Any], key: str) -> Path | None:
        path = recorded(record, key)
        return path if path is not None and path.parent.resolve() == folder else None

    elsewhere = [
        path
        for record in listed(earlier, "outputs")
        if record.get("name") == spec.name
        if (path := recorded(record, "name")) and path.parent.resolve() != folder
        if path.is_file()
    ]

    written = [
        (path, record["sha256"])
        for record in listed(earlier, "outputs")
        if (path := in_folder(record, "name")) and isinstance(record.get("sha256"), str)
    ]
    # The rows' PDFs (a stamped or signed copy saved over one is the user's now).
    pdfs = {
        pdf
        for record in listed(earlier, "outputs")
        if in_folder(record, "name") and isinstance(record.get("extra"), dict)
        if isinstance(pdf := record["extra"].get("pdf"), str)
    }
    written += [
        (workspace.path(record["path"]), record["sha256"])
        for record in listed(earlier, "files")
        if record.get("path") in pdfs and isinstance(record.get("sha256"), str)
    ]
    # Files of its rows earlier builds wrote and the last one left in place (a failed row's).
    written += [
        (path, record["sha256"])
        for record in listed(earlier, "left")
        if (path := in_folder(record, "document")) and isinstance(record.get("sha256"), str)
    ]
    marked = [
        path.name
        for record in listed(earlier, "edited")
        if (path := in_folder(record, "document")) and path.is_file()
    ]
    owned = [
        (path.name, (record.get("extra") or {}).get("row"))
        for record in listed(earlier, "outputs")
        if (path := in_folder(record, "name")) and isinstance(record.get("extra"), dict)
    ]
    owned += [  # a failed row's file, left in place
        (path.name, record.get("row"))
        for record in listed(earlier, "left")
        if (path := in_folder(record, "document"))
    ]
    return written, marked, owned, elsewhere


def _roster_refused(builder: _RowBuilder, roster: Roster) -> list[InputError]:
    """What the kind refuses in the roster (a unit column it lacks), said with an error of the
    plan's (a column the ``output`` pattern names): a renamed column often causes both."""
    try:
        builder.roster_notes(roster)
    except InputError as exc:
        return [exc]
    return []


def _tables_open(workspace: Workspace, kind: Any, data: Any) -> list[str]:
    """The kind's tables some program has open (the problem list deciding each unit's tasks,
    its edits unsaved), as the roster and the template are said."""
    specs: dict[str, TableSpec] = getattr(kind, "tables", {})
    paths = [(workspace.path(getattr(data, name).file), spec) for name, spec in specs.items()]
    return [
        f"{workspace.display(path)}：{open_note(spec.label)}"
        for path, spec in paths
        if open_elsewhere(path)
    ]


def _note_before_rows(report: Report, builder: _RowBuilder, plan: RowPlan) -> None:
    """What a batch says before its rows: how the roster was read, the renames, and what the
    kind sees across the rows (a unit named twice, tasks no row receives)."""
    for message in plan.roster.notes:
        report.note(message)
    required = getattr(builder.kind, "required_columns", lambda data: [])(builder.data)
    note_renamed(report, plan, required)
    for message in builder.roster_notes(plan.roster):
        report.note(message)


def _planned(
    workspace: Workspace,
    built: Sequence[BuiltDocument],
    batches: Sequence[RowBatch],
    options: BuildOptions,
    last: dict[str, Any],
) -> BuildResult:
    """A dry run's result (``last``: the last manifest): the built documents, kept in memory, and every file the build would
    write, named as it would name them — each document with its PDF and the files beside it
    (a plan's 台账), each batch's combined document and zip, the state file, the manifest."""

    _finish_batches(workspace, batches, options, _files_made(workspace, last))
    pdfs: dict[int, Path] = {}
    for batch in batches:
        for output, doc in zip(batch.report.outputs, batch.done, strict=True):
            if output.pdf:
                pdfs[id(doc)] = batch.folder / output.pdf
    in_batches = {id(doc) for batch in batches for doc in batch.done}
    planned: list[Path] = []
    for doc in built:
        planned.append(doc.path)
        if options.pdf:
            single = id(doc) not in in_batches
            planned += [doc.path.parent / pdf_name(doc.path.name)] if single else []
            planned += [pdfs[id(doc)]] if id(doc) in pdfs else []
        planned += list(doc.extra_files)
    planned += [batch.folder / name for batch in batches for name in batch.report.extra_files]
    planned += [*_state_files(workspace, built), workspace.output_dir / MANIFEST_NAME]
    return BuildResult(list(built), workspace.output_dir / MANIFEST_NAME, list(batches), planned)


def _load_input(workspace: Workspace, spec: DocumentSpec) -> Located:
    input_path = workspace.path(spec.input)
    source = load_yaml(input_path, workspace.display(input_path))
    if not isinstance(source.data, dict):
        raise InputError("输入文件的顶层应是键值映射", Location(file=source.source, line=1))
    return source


@dataclass(frozen=True)
class DocumentSources:
    """What every document of one docgen.yaml entry shares (each row of an ``each:`` batch):
    the template prepared once, and the provenance of the template and the input files."""

    template: bytes
    prepared: PreparedTemplate
    template_record: FileRecord
    inputs: list[FileRecord]
    # Fragment lint findings by (fragment id, sha256, date): the rows share their fragments.
    lint: dict[tuple[str, str, datetime.date], list[dict[str, object]]] = field(
        default_factory=dict
    )
    notes: tuple[str, ...] = ()  # what to know of the template: open in Word


def _sources(
    workspace: Workspace, index: int, spec: DocumentSpec, source: Located, tables: list[FileRecord]
) -> DocumentSources:
    template_path = workspace.template_for(spec)
    template = _read_template(workspace, template_path, index)
    name = workspace.display(template_path)
    # docgen's own documents are filled from their composition: an unknown name is a typo.
    prepared = prepare(template, name, blank_cells=False)
    input_record = FileRecord(source.source, source.sha256)
    record = FileRecord(name, sha256(template))
    notes = (open_note(""),) if open_elsewhere(template_path) else ()
    return DocumentSources(template, prepared, record, [input_record, *tables], notes=notes)


def _render(
    workspace: Workspace,
    spec: DocumentSpec,
    composition: Composition,
    profile: Profile,
    output: Path,
    sources: DocumentSources,
) -> BuiltDocument:
    """Number the composition, render it into the prepared template, record its provenance."""
    prepared = sources.prepared
    paragraphs = number(composition.outline, composition.heading_styles)
    slots = {
        slot: number(outline, composition.heading_styles)
        for slot, outline in composition.slots.items()
    }
    document = render_docx(
        sources.template,
        prepared.name,
        composition.context,
        paragraphs,
        CoreProperties(
            title=composition.title, author=composition.author, created=composition.date
        ),
        slots=slots,
        profile=profile,
        prepared=prepared,
    )
    extra_files = _extra_outputs(output, composition.outputs)
    record = OutputRecord(
        name=spec.name,
        kind=spec.kind,
        output=workspace.display(output),
        sha256=sha256(document),
        profile=profile.name,
        template=sources.template_record,
        inputs=sources.inputs,
        fragments=[
            FragmentRecord(f.id, f.meta.version, f.meta.status, f.sha256, f.display)
            for f in composition.fragments
        ],
        lint=_fragment_lint(composition.fragments, composition.date, sources.lint),
    )
    record.extra.update(composition.summary)
    # The template open in Word; what sanitising took out of it (external links …).
    if sources.notes or prepared.notes:
        record.extra["template_notes"] = [*sources.notes, *prepared.notes]
    if extra_files:
        record.extra["files"] = [
            {"output": workspace.display(path), "sha256": sha256(blob)}
            for path, blob in extra_files.items()
        ]
    return BuiltDocument(
        output, document, record, composition.fragments, extra_files, composition.state
    )


def compose_document(
    workspace: Workspace,
    kind: Kind,
    source: Located,
    store: FragmentStore,
    profile: Profile,
    tables: TableCache | None = None,
) -> tuple[Composition, list[FileRecord]]:
    """Validate the input, load the tables it names, compose; also the tables' provenance."""
    data, extra, records = load_inputs(workspace, kind, source, profile, tables)
    return kind.compose(data, store, source, **extra), records


def load_inputs(
    workspace: Workspace,
    kind: Kind,
    source: Located,
    profile: Profile,
    cache: TableCache | None = None,
) -> tuple[Any, dict[str, Any], list[FileRecord]]:
    """The validated input, compose's keyword arguments (tables, gathered) and their provenance;
    tables already in ``cache`` are not read again."""
    data = validate_model(kind.Input, source, context={"profile": profile})
    specs: dict[str, TableSpec] = getattr(kind, "tables", {})
    extra, gathered, errors = _gather(kind, data, workspace, source)
    if not specs:
        raise_collected(errors)
        return data, extra, gathered
    tables: dict[str, list[Any]] = {}
    records: list[FileRecord] = []
    for name, spec in specs.items():
        ref: TableRef = getattr(data, name)
        path = workspace.path(ref.file)
        if not path.is_file():
            where = source.locate((name,))
            errors.append(InputError(f"找不到{spec.label}文件「{ref.file}」", where))
            continue
        key = (path.resolve(), ref.sheet, spec.row, spec.required)
        loaded = cache.get(key) if cache is not None else None
        if loaded is None:
            loaded = _load_table(workspace, path, spec, ref.sheet)
            if cache is not None:
                cache[key] = loaded
        if isinstance(loaded, list):
            errors.extend(loaded)
            continue
        tables[name], record = loaded
        records.append(record)
    raise_collected(errors)
    return data, {"tables": tables, **extra}, records + gathered


def _load_table(
    workspace: Workspace, path: Path, spec: TableSpec, sheet: str | None
) -> tuple[list[Any], FileRecord] | list[DocgenError]:
    """A table's validated rows and its provenance, or every error in it."""
    shown = workspace.display(path)
    try:
        table = load_table(path, shown, headers=spec.headers, required=spec.required, sheet=sheet)
        rows = validate_rows(spec.row, table)
    except DocgenError as exc:
        return list(getattr(exc, "errors", [exc]))
    return rows, FileRecord(shown, table.sha256)


def _gather(
    kind: Kind, data: Any, workspace: Workspace, source: Located
) -> tuple[dict[str, Any], list[FileRecord], list[DocgenError]]:
    """What a kind reads beyond its input and tables (the bulletin's roster and reports)."""
    gather = getattr(kind, "gather", None)
    if gather is None:
        return {}, [], []
    try:
        gathered = gather(data, workspace, source)
    except DocgenError as exc:
        return {}, [], list(getattr(exc, "errors", [exc]))
    records = [FileRecord(workspace.display(path), digest) for path, digest in gathered.files]
    return {"gathered": gathered.value}, records, []


def _state_files(workspace: Workspace, built: Sequence[BuiltDocument]) -> dict[Path, bytes]:
    """The workspace state file, when this build records something new (an issue number)."""
    updates = [doc.state for doc in built if doc.state]
    if not updates:
        return {}
    current = read_state(workspace.root)
    merged = current
    for update in updates:
        merged = merge_state(merged, update)
    if merged == current:
        return {}
    return {workspace.root / STATE_NAME: state_bytes(merged)}


def _extra_outputs(document: Path, outputs: Sequence[ExtraOutput]) -> dict[Path, bytes]:
    """The files a composition asks for beside its document, each from its writer."""
    from docgen.write.ledger import ledger_bytes

    writers: dict[str, Callable[[Any], bytes]] = {"ledger": ledger_bytes}
    return {
        document.parent / output.name: writers[output.writer](output.data) for output in outputs
    }


def _read_template(workspace: Workspace, path: Path, index: int) -> bytes:
    try:
        return read_bounded(path, Location(file=workspace.display(path)))
    except FileNotFoundError:
        raise InputError(
            f"找不到模板 {workspace.display(path)}；可运行 docgen templates build 按版式生成",
            workspace.locate_document(index, "template"),
        ) from None


def _select(workspace: Workspace, only: Sequence[str]) -> list[tuple[int, DocumentSpec]]:
    specs = list(enumerate(workspace.config.documents))
    if not only:
        return specs
    known = {spec.name for _, spec in specs}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise InputError(
            f"docgen.yaml 中没有这些文档：{'、'.join(unknown)}（已有：{'、'.join(sorted(known))}）"
        )
    return [(i, spec) for i, spec in specs if spec.name in only]


def _check_outputs(
    workspace: Workspace, built: Sequence[BuiltDocument], profile: Profile, strict: bool
) -> None:
    """The check stage: findings of every output into its manifest record; ``strict`` refuses
    a build while an output has an error finding."""
    failures: list[DocgenError] = []
    for doc in built:
        if not doc.checked:
            _check(workspace, doc, profile)
        if strict:
            where = Location(file=workspace.display(doc.path))
            failures += [InputError(f"格式检查未通过：{text}", where) for text in doc.check_errors]
    raise_collected(failures)


def _check(workspace: Workspace, doc: BuiltDocument, profile: Profile) -> None:
    """``docgen check`` on one output, its findings into its manifest record."""
    from docgen.check import check_document

    kind = get_kind(doc.record.kind)
    findings = check_document(
        doc.data, workspace.display(doc.path), profile, kind=kind.page_numbers
    )
    doc.record.findings = [f.to_dict() for f in findings]
    doc.check_errors = [str(f) for f in findings if f.severity == "error"]
    doc.checked = True


def _release_gate(built: list[BuiltDocument]) -> None:
    """A release build ships approved wording only."""
    pending = {f.id: f for doc in built for f in doc.fragments if f.meta.status != "approved"}
    if pending:
        lines = "；".join(
            f"{f.id}（{f.meta.status}，{f.display}）"
            for f in sorted(pending.values(), key=lambda f: f.id)
        )
        raise InputError(f"正式构建（--release）只能使用已审定的片段，以下片段尚未审定：{lines}")


def build_templates(workspace: Workspace) -> list[Path]:
    """Rebuild templates/<kind>.docx for every kind the config uses, from its profile."""
    from docgen.ooxml.template import build_template

    profile = load_profile(workspace.config.profile, workspace.root)
    files: dict[Path, bytes] = {}
    for spec in workspace.config.documents:
        kind = get_kind(spec.kind)
        position = getattr(profile.page_number.position, kind.page_numbers)
        files[workspace.template_for(spec)] = build_template(
            profile, kind.template_lines(), page_numbers=position, title=kind.label
        )
    write_all(files, workspace.root)
    return sorted(files)


def fragments_used(workspace: Workspace) -> dict[str, list[str]]:
    """For each document of docgen.yaml, the ids of the fragments its composition uses."""
    store = load_fragments(workspace)
    profile = load_profile(workspace.config.profile, workspace.root)
    used: dict[str, list[str]] = {}
    for _, spec in _select(workspace, ()):
        kind = get_kind(spec.kind)
        source = load_yaml(workspace.path(spec.input), spec.input)
        if not spec.each:
            composition, _ = compose_document(workspace, kind, source, store, profile)
            used[spec.name] = [f.id for f in composition.fragments]
            continue
        # Rows may use different fragments (a unit without tasks); the union, in first use.
        data, extra, _ = load_inputs(workspace, kind, source, profile)
        ids: dict[str, None] = {}
        for row in _roster(workspace, spec).rows:
            try:
                composition = kind.compose(data, store, source, row=row, **extra)
            except DocgenError:
                continue  # a failing row is reported by the build
            ids.update(dict.fromkeys(f.id for f in composition.fragments))
        used[spec.name] = list(ids)
    return used


def preview_fragment(fragment: Fragment, style: str = "yishi") -> list[Paragraph]:
    """The fragment rendered with its declared example values, numbering applied."""
    from docgen.compose.outline import Outline
    from docgen.library.instantiate import instantiate

    examples = {
        v.name: v.example if v.example is not None else v.default for v in fragment.meta.variables
    }
    blocks = instantiate(
        fragment, {k: v for k, v in examples.items() if v is not None}, enumeration_style=style
    )
    return number(Outline(blocks))


def _fragment_lint(
    fragments: Sequence[Fragment],
    day: datetime.date,
    known: dict[tuple[str, str, datetime.date], list[dict[str, object]]],
) -> list[dict[str, object]]:
    """Lint findings of the fragments a document used, for the manifest (expiry judged on its
    date); ``known`` keeps each fragment's findings for the next row of a batch."""
    from docgen.library.lint import lint_fragment

    findings: list[dict[str, object]] = []
    for fragment in {f.id: f for f in fragments}.values():
        key = (fragment.id, fragment.sha256, day)
        if key not in known:
            known[key] = [finding.to_dict() for finding in lint_fragment(fragment, day)]
        findings += known[key]
    return findings


def import_legacy(
    files: Sequence[Path], start: Path, into: Path | None, dry_run: bool
) -> list[tuple[str, str, list[Path]]]:
    """Recognize each legacy text; unless ``dry_run``, write its draft fragments (all or none)."""
    from docgen.library.legacy import clean, outline_text, recognize, slug, to_fragments
    from docgen.ooxml.reader import paragraph_texts

    if into is None and not dry_run:
        workspace = open_workspace(start)
        into = workspace.path(workspace.config.fragments[0])
    results = []
    files_to_write: dict[Path, bytes] = {}
    for path in files:
        data = path.read_bytes()
        if path.suffix.lower() == ".docx":
            lines = paragraph_texts(data, str(path))
        else:
            lines = _decode_text(data, str(path)).splitlines()
        kept, removed, gaps = clean(lines)
        legacy = recognize(kept, removed, gaps)
        written: list[Path] = []
        if into is not None and not dry_run:
            for relative, text in to_fragments(legacy, path.name, slug(path.stem)):
                target = into / relative
                files_to_write[target] = text.encode("utf-8")
                written.append(target)
        results.append((str(path), outline_text(legacy), written))
    if files_to_write and into is not None:
        existing = [p for p in files_to_write if p.exists()]
        if existing:
            raise InputError(f"以下片段文件已存在，未覆盖：{'、'.join(map(str, existing))}")
        write_all(files_to_write, into)
    return results


def _decode_text(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文本编码（应为 UTF-8 或 GB18030）", Location(file=source))

"""After the rows: the PDFs, the combined document for printing, the zip."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from pathlib import Path

from docgen.batch.report import BatchSteps, Report
from docgen.errors import (
    DocgenError,
    Location,
    OutputError,
    os_reason,
)
from docgen.load.office import open_among
from docgen.text.listing import few
from docgen.write.manifest import (
    sha256_file,
    still_written,
)
from docgen.write.names import (
    pdf_name,
    whole_file,
)

COMBINED_STEM = "合并打印"


def finish_batch(
    report: Report, folder: Path, options: BatchSteps, earlier: Mapping[str, str] | None = None
) -> None:
    """After the rows in ``folder``: the PDFs (LibreOffice, 200 files a process), the combined
    document, the zip. A step that fails is recorded (the documents stay) and the next one
    still runs. ``earlier``: the combined documents and zips the last batch there wrote, with
    their sha256 — the only such files it may overwrite. In a dry run, only the names: each
    output's PDF, and the combined document and zip in ``extra_files``."""
    earlier = earlier or {}
    if report.outputs:
        _make_extras(report, folder, options, earlier)
    note_left_extras(report, folder, earlier)
    _note_open(report, folder)


def _note_open(report: Report, folder: Path) -> None:
    """The batch's files that Word or WPS has open (their owner file is beside them): the
    window shows the old text, and saving there would put it back over the new file."""
    names = [output.file for output in report.outputs]
    names += [name for name in report.extra_files if name.lower().endswith(".docx")]
    shown = [f"「{name}」" for name in open_among(folder, names)]
    if not shown:
        return
    listed = few(shown, 3, "个文件")
    report.note(
        report.tense(
            f"{listed}正在 Word 或 WPS 中打开：文件已换成本次生成的，打开的窗口里仍是旧内容，"
            "请关闭后重新打开（在那个窗口里保存，会用旧内容盖掉新文件；"
            "要保留其中的修改，请另存为别的文件名）",
            f"{listed}正在 Word 或 WPS 中打开：正式生成前请先关闭"
            "（其中有要保留的修改，请先保存：修改过的文件不会被覆盖）",
        )
    )


def _make_extras(
    report: Report,
    folder: Path,
    options: BatchSteps,
    earlier: Mapping[str, str],
) -> None:
    # Paths only for the steps that read the files (for thousands of rows, milliseconds).
    wanted = (options.pdf or options.combined) and not report.dry_run
    written = [folder / output.file for output in report.outputs] if wanted else []
    if options.pdf and report.dry_run:
        for output in report.outputs:
            output.pdf = pdf_name(output.file)
    if (options.pdf or options.duplex) and written:
        _note_missing_fonts(report, written[0], options.pdf)
    if options.pdf and not report.dry_run:
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
    _note_edited_left_out(report, folder)


def _note_missing_fonts(report: Report, document: Path, pdf: bool) -> None:
    """Fonts the batch's documents ask for that LibreOffice will not find here (仿宋_GB2312 on
    a machine without it): the PDFs, and the page counts two-sided printing goes by, are laid
    out in others."""
    from docgen.write.pdf import missing_fonts

    missing = missing_fonts(document)
    if not missing:
        return
    made = "PDF 的字形、换行和页数" if pdf else "双面打印所按的页数"
    report.note(
        f"本机没有文档所用的字体（{few(missing, 8, '种')}）：LibreOffice 以其他字体代替，{made}会与"
        "装有这些字体的电脑上不同（请先安装这些字体；.docx 文件本身不受影响）"
    )


def _note_edited_left_out(report: Report, folder: Path) -> None:
    """The combined document and the zip hold this batch's files: not those edited by hand
    since an earlier batch (kept, their rows written as "-2"), which a clerk may think in."""
    made = [f"「{name}」" for name in report.extra_files if is_combined(name) or is_zip(name)]
    edited = [
        f"「{name}」"
        for name in report.edited
        if name not in report.edited_unasked and (folder / name).is_file()
    ]
    if made and edited:
        shown = few(edited, 3, "个文件")
        report.note(
            "、".join(made)
            + report.tense("收入的是本次生成的文件", "将收入本次生成的文件")
            + f"，不含此前修改过、保留未覆盖的{shown}（要用修改后的内容，请把改动改在名单或模板中再生成）"
        )


def note_left_extras(report: Report, folder: Path, earlier: Mapping[str, str]) -> None:
    """The combined documents and zips the last batch made that this one did not make again
    (not asked for, or their step failed): still as made, they hold the last batch's
    documents — said, lest they be printed or sent, and kept as the batch's own, so that a
    later --combined or --zip replaces them instead of keeping them as the user's."""
    for name, digest in sorted(earlier.items()):
        made_or_said = name in report.extra_files or name in report.left_files
        if made_or_said or not still_written(folder / name, digest):
            continue
        report.left_files[name] = digest
        if is_combined(name):
            not_again = report.tense("本次没有重新合并", "不会重新合并")
            said = f"「{name}」是上次的合并打印文件，{not_again}，其中仍是上次的各份文档"
            said += "（打印前请删除，或加 --combined 重新合并）"
        else:
            not_again = report.tense("本次没有重新打包", "不会重新打包")
            said = f"「{name}」是上次打包的压缩包，{not_again}，其中仍是上次的各份文档"
            said += "（发送前请删除，或加 --zip 重新打包）"
        report.note(said)


def is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def left_step(name: str) -> str:
    """The manifest's word for a combined document or zip kept in ``left``."""
    return "combined" if is_combined(name) else "zip"


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
    except MemoryError:  # the documents together past what the machine holds: said, and the
        # manifest still written (without it a new run takes the batch's files for the user's)
        said = f"{label}失败：内存不足（文档过多或过大），请分批生成后再{label}"
        report.failed(None, OutputError(said))


def _convert(report: Report, written: list[Path], folder: Path) -> None:
    from docgen.write.pdf import convert_to_pdf

    pdfs = convert_to_pdf(written, folder)
    if len(written) > 1 and not any(pdfs.values()):  # LibreOffice itself, not the documents
        report.failed(
            None,
            DocgenError(
                f"LibreOffice 没有转换出任何 PDF（共 {len(written)} 个文件）：请确认它能正常运行"
                "（在命令行执行 soffice --version），.docx 文件不受影响"
            ),
        )
        return
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
    odd = sum(1 for file in files if pages.get(file, 0) % 2 == 1)
    padded = sum(1 for file in files[:-1] if pages.get(file, 0) % 2 == 1)
    if padded:  # the last document needs no blank page after it
        after = "其后各加" if padded == odd else "除最后一份外，其后各加"
        report.note(
            f"{target.name} 供双面打印：{odd} 份文档页数为奇数，{after}一页空白页"
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

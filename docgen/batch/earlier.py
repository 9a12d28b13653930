"""The files earlier batches left in the output folder: read back from the last manifest,
kept as the user's when edited since, and pointed out when this batch does not make them
again (a failed row's old file, a removed unit's, a PDF that no longer matches)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from docgen.batch.report import Report, Task
from docgen.load.roster import Row
from docgen.text.listing import few
from docgen.write.manifest import (
    MANIFEST_NAME,
    listed,
    made_from_documents,
    manifest_file,
    still_written,
)
from docgen.write.names import (
    MAX_STEM_BYTES,
    Renamed,
    pdf_name,
    plain_name,
)


def files_made(manifest: dict[str, Any]) -> dict[str, str]:
    """The combined documents and zips the last batch in the folder wrote, or found from an
    earlier batch and left in place, with their sha256."""
    made = made_from_documents(manifest, "file")
    return {name: digest for name, digest in made.items() if plain_name(name)}


def manifest_bytes(folder: Path) -> bytes | None:
    return manifest_file(folder / MANIFEST_NAME)


def earlier_outputs(
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
    written += [
        (record.get("file"), record.get("sha256"))
        for record in listed(manifest, "left")
        if "step" not in record  # a combined document or zip: ``files_made``
    ]
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
            whose = "此后被修改过" if twin.casefold() in edited_names else "没有 docgen 的生成记录"
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
    unasked = [f"「{name}」" for name in report.edited_unasked if (folder / name).is_file()]
    if unasked:
        report.note(
            f"{few(unasked, 5, '个文件')}是此前生成后修改过的，名单中已没有要生成它的行，"
            + report.tense("保留在目录里未动", "会保留在目录里")
            + "（单位已从名单中删除或改名：发送前请确认是否还需要它）"
        )
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


def note_renamed(report: Report, plan: NamedRows, required: Collection[str] = ()) -> None:
    """Rows whose file name was cut to the length limit, or was taken and got "-2", "-3": each
    said with the file that took it (the row's .docx or its PDF) — one an earlier batch wrote
    and the user edited since, one of the user's own in the folder — or else the earlier row
    of the same name. A row named by its number for a blank ``required`` column is not said:
    it fails on that blank, which says it."""
    moved = [
        (row, name)
        for row, name in plan.planned
        if name in plan.renamed and plan.renamed[name].blank not in required
    ]
    distinct = asked_names(plan)
    if len(plan.planned) >= 4 and len(distinct) <= len(plan.planned) // 2:  # says little
        report.note(
            f"文件名模式只得出 {len(distinct)} 个不同的文件名（共 {len(plan.planned)} 行），"
            "其余的文件只靠“-2”“-3”区分：文件名中可加上能区分各行的列，如单位名称"
        )
    owner: dict[str, Row] = {}  # a name given as asked → its row, said of the rows after it
    for row, name in plan.planned:
        owner.setdefault(name.casefold(), row)
    for row, name in moved[:10]:
        renamed = plan.renamed[name]
        asked = renamed.asked
        twins = {asked.casefold(), pdf_name(asked).casefold()}
        held = next((f for f in plan.edited if f.casefold() in twins), "")
        own = next((f for f in plan.foreign if f.casefold() in twins), "")
        cut = (
            f"文件名超过长度上限（{MAX_STEM_BYTES // 3} 个汉字或 {MAX_STEM_BYTES} 个字母、数字），"
            f"截短为「{asked}」"
            if renamed.uncut
            else ""
        )
        if renamed.unusable is not None:
            shown = renamed.unusable.strip()
            shown = f"「{shown}」中" if shown.isprintable() else "名称中"  # U+200B alone: 「」
            cut = f"{shown}没有能用作文件名的字符，以行号命名为「{asked}」"
        if renamed.blank is not None:
            cut = (
                f"文件名要用的「{renamed.blank}」在这一行是空的，以行号命名为「{asked}」"
                f"（可空的列在模式中写成 {{% if {renamed.blank} %}}…{{% endif %}}）"
            )
        if renamed.others:  # the file in the way was another row's (a unit listed twice)
            held = own = ""
        if held:
            said = f"「{held}」在此前生成后被修改过，保留未覆盖；{report.writes}「{name}」"
        elif own:
            said = f"目录中原有的「{own}」没有 docgen 的生成记录，保留未覆盖；{report.writes}「{name}」"
        elif name != asked and asked.casefold() in owner:
            said = (
                f"文件名「{asked}」是名单中同名的{owner[asked.casefold()].place}的，改为「{name}」"
            )
        elif name != asked and renamed.others:
            said = f"文件名「{asked}」是名单中同名的另一行上次生成的文件，保留给它，改为「{name}」"
        elif name != asked:
            said = f"文件名「{asked}」已被占用，改为「{name}」"
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


def asked_names(plan: NamedRows) -> set[str]:
    """The file names the rows asked for (before "-2" or a cut), casefolded."""
    return {(plan.renamed[n].asked if n in plan.renamed else n).casefold() for _, n in plan.planned}


def take_edited(report: Report, plan: NamedRows) -> None:
    """The files edited by hand since the last batch, kept, into the report; and which of
    them no row asks for any more (its unit taken off the roster or renamed)."""
    asked = asked_names(plan)
    asked |= {pdf_name(name) for name in asked}
    report.edited = plan.edited
    report.edited_unasked = [name for name in plan.edited if name.casefold() not in asked]


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


def note_copies_renumbered(
    report: Report, earlier: Iterable[dict[str, Any]], now: Iterable[dict[str, Any]]
) -> None:
    """The recipients given a 份号 the last build did not give them (a row taken out of the
    roster renumbers the rows after it): copies already registered as sent under the old
    number need it checked. By the records' ``extra`` (``recipient``, ``copy_number``) of the
    last manifest and of this batch; a unit listed twice keeps either of its numbers."""
    given: dict[str, list[str]] = {}
    for record in earlier:
        extra = record.get("extra")
        if isinstance(extra, dict) and isinstance(extra.get("copy_number"), str):
            given.setdefault(str(extra.get("recipient")), []).append(extra["copy_number"])
    changed = [
        f"{extra.get('recipient')} {'、'.join(sorted(old))}→{new}"
        for extra in sorted(now, key=lambda extra: extra.get("row") or 0)
        if (old := given.get(str(extra.get("recipient"))))
        and (new := extra.get("copy_number")) is not None
        and new not in old
    ]
    if changed:
        report.note(
            f"与上次生成相比，{len(changed)} 个单位的份号变了（{few(changed, 5)}）："
            "已按原份号登记分发的，请核对分发登记（要固定份号，可在名单中逐行写明各单位的份号）"
        )

"""The output folder: made or refused before any row, cleared of cut-short temporary files
after an interruption, and why a write failed."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path

from docgen.batch.report import Output, Report, Task
from docgen.errors import (
    OUTPUT_STOPPERS,
    DocgenError,
    Location,
    OutputError,
    os_reason,
)
from docgen.load.office import open_elsewhere
from docgen.write.files import UNWRITABLE
from docgen.write.manifest import (
    sha256_file,
)


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
        raise OutputError(UNWRITABLE, Location(file=str(folder)))


_IN_THE_WAY = "输出目录的位置已有一个同名文件"


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
        raise OutputError(UNWRITABLE, where)


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


def claim_finished(report: Report, planned: Sequence[Task], folder: Path, started: int) -> None:
    """After Ctrl-C, record the files workers finished but had not yet reported: those of the
    batch's names written since it started (the workers are ended, so none is being written)."""
    reported = {output.file for output in report.outputs}
    failed = {id(failure.row) for failure in report.failures}  # their files are older ones
    since = started - 2 * 10**9  # file times come from a coarser clock than time_ns()
    for row, name in planned:
        path = folder / name
        if name in reported or id(row) in failed:
            continue
        if not path.is_file() or path.stat().st_mtime_ns < since:
            continue
        report.outputs.append(Output(row, name, sha256_file(path)))


def write_failure(exc: OSError, folder: Path, name: str) -> DocgenError:
    """A full disk or a folder that takes no files stops the batch; one file that cannot be
    replaced (open in Word, locked) fails its row only."""
    stops = exc.errno in OUTPUT_STOPPERS
    if stops and exc.errno in (errno.EACCES, errno.EPERM):
        stops = not os.access(folder, os.W_OK | os.X_OK)
    kind = OutputError if stops else DocgenError
    said = f"写入失败：{os_reason(exc)}"
    if not stops and open_elsewhere(folder / name):  # Windows refuses to replace it
        said += "（这个文件正在 Word 或 WPS 中打开：关闭后再生成）"
    return kind(said, Location(file=name))

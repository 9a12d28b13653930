"""All-or-nothing writes: every file goes to a temp name first, then is renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from docgen.errors import DocgenError, Location, OutputError, os_reason


def write_all(
    files: Mapping[Path, bytes],
    root: Path,
    renaming: AbstractContextManager[object] | None = None,
) -> None:
    """Write every file under ``root``; nothing is renamed into place until all are written,
    and the renames run within ``renaming`` (the caller's: Ctrl-C held back until they end,
    so the files land together). An error after a rename says some files were written."""
    staged: list[tuple[Path, Path]] = []
    target: Path | None = None
    renamed = False
    try:
        for target, data in files.items():
            _refuse_outside(target, root)
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(target, data), target))
        with renaming or nullcontext():
            for temp, target in staged:
                os.replace(temp, target)
                renamed = True
    except BaseException as exc:  # Ctrl-C too: no temporary file is left behind
        error = _write_failed(exc, target, root) if isinstance(exc, OSError) else exc
        if renamed:  # said first: a second Ctrl-C may come during the cleanup
            error.wrote_files = True  # type: ignore[attr-defined]  # said by the CLI
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        if error is not exc:
            raise error from None
        raise


def _write_failed(exc: OSError, target: Path | None, root: Path) -> DocgenError:
    """The error of a failed write, naming what the user knows: the file or its folder, not
    the temporary name it was being written under."""
    named = str(exc.filename or root)
    if target is not None and os.path.basename(named).startswith(_TEMP_PREFIX):
        if isinstance(exc, PermissionError):
            return OutputError(UNWRITABLE, Location(file=str(target.parent)))
        named = str(target)
    return DocgenError(f"写入失败：{os_reason(exc)}", Location(file=named))


_TEMP_PREFIX = ".docgen-"
UNWRITABLE = "输出目录不可写（没有写入权限）：请换一个目录，或修改它的权限"


def atomic_write(target: Path, data: bytes) -> None:
    """Write one file atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_stage(target, data), target)


def _stage(target: Path, data: bytes) -> Path:
    handle, name = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, 0o644)
    except BaseException:  # Ctrl-C too: no temporary file is left behind
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _refuse_outside(target: Path, root: Path) -> None:
    resolved = target.resolve()
    if resolved != root.resolve() and root.resolve() not in resolved.parents:
        raise DocgenError("拒绝写到输出目录之外", Location(file=str(target)))


BATCH_BUSY = "另一个 docgen 批次正在向这个输出目录写入：请等它完成后再运行，或换一个输出目录"


@contextmanager
def folder_lock(folder: Path, busy: str = BATCH_BUSY) -> Iterator[None]:
    """Hold ``folder`` for one batch: a second batch into the same folder at the same time
    would mix its files with this one's and leave a manifest that knows only half of them.
    Refused at once with ``busy`` rather than waited for (a batch can run for minutes). An
    advisory lock on the folder itself (flock), so no lock file is left behind; none where
    there is no flock."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(busy, Location(file=str(folder))) from None
        except OSError:
            pass  # a file system without locks (some network shares): run unguarded, as before
        yield
    finally:
        os.close(handle)  # releases the lock (forked workers have ended by now)

"""PDFs through LibreOffice: a whole batch in one soffice process, each PDF moved into place whole.

Starting LibreOffice costs seconds; converting a document costs a fraction of one. So the files
of a batch go on one command line — up to 200 of them: LibreOffice 7 silently stops after about
250 documents in one process (measured: 246 of 334 converted, exit code 0). A file that did not
come out is tried once more in a process of its own batch. LibreOffice writes into a staging folder inside the output
folder and each finished PDF is renamed into place, so no half-written PDF is ever visible. A
private user profile keeps a LibreOffice the user has open from taking over the job. The clock
LibreOffice stamps into each PDF is replaced by the document's own date (``settle_pdf``), so a
rebuild gives the same PDF whenever LibreOffice lays out its fonts alike — usually, not always
(it has written a document's font objects in another order from one run to the next).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from docgen.errors import DocgenError, os_reason
from docgen.write.names import pdf_name

# Windows caps a command line at 32,767 characters; elsewhere one run takes any batch.
_MAX_COMMAND = 30_000 if sys.platform == "win32" else 1_500_000
_MAX_FILES = 200  # per LibreOffice process (see above)
# A LibreOffice run that made no PDF for this long is taken as hung (its start and a document
# of hundreds of pages take seconds to a minute); the files it left out are tried once more in
# a fresh process.
STALL_SECONDS = 300.0
_POLL_SECONDS = 1.0


SOFFICE_VARIABLE = "DOCGEN_SOFFICE"  # the executable, where it is installed elsewhere


def soffice_path() -> str | None:
    """The LibreOffice executable: the one ``DOCGEN_SOFFICE`` names, else one on the PATH,
    else one where LibreOffice's installers put it (off the PATH on Windows and macOS)."""
    named = _named_soffice()
    if named:
        return shutil.which(named) or (named if _runnable(Path(named)) else None)
    found = shutil.which("soffice") or shutil.which("libreoffice")
    return found or next((place for place in _installed() if _runnable(Path(place))), None)


def _named_soffice() -> str:
    return os.environ.get(SOFFICE_VARIABLE, "").strip().strip('"')


def _installed() -> list[str]:
    """Where LibreOffice's installers put soffice on this system."""
    if sys.platform == "win32":  # ProgramW6432: the 64-bit folder, seen from a 32-bit Python
        roots = ("ProgramW6432", "ProgramFiles", "ProgramFiles(x86)")
        folders = dict.fromkeys(os.environ[root] for root in roots if os.environ.get(root))
        return [str(Path(folder, "LibreOffice", "program", "soffice.exe")) for folder in folders]
    if sys.platform == "darwin":
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    # The distributions' packages, then libreoffice.org's (/opt/libreoffice7.6), newest last.
    opt = sorted(map(str, Path("/opt").glob("libreoffice*/program/soffice")), reverse=True)
    return ["/usr/lib/libreoffice/program/soffice", *opt]


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def require_soffice(*options: str) -> str:
    """The executable, or a Chinese error saying what to install, or which ``options`` to drop
    (--pdf, and --duplex: LibreOffice counts the pages)."""
    found = soffice_path()
    if found is None:
        options = options or ("--pdf",)
        needs = (
            "生成 PDF" if "--pdf" in options else "计算页数（双面打印要在奇数页的文档后加空白页）"
        )
        named = _named_soffice()
        if named:
            raise DocgenError(
                f"环境变量 {SOFFICE_VARIABLE} 所指的「{named}」不是可以运行的 LibreOffice 程序，"
                f"无法{needs}：请改为 soffice 程序的完整路径，或去掉 {' 和 '.join(options)}"
            )
        raise DocgenError(
            f"未找到 LibreOffice（soffice），无法{needs}：请安装 LibreOffice（已装在别处时，"
            f"用环境变量 {SOFFICE_VARIABLE} 指向其中的 soffice 程序），或去掉 {' 和 '.join(options)}"
        )
    return found


def missing_fonts(document: Path) -> list[str]:
    """The fonts ``document`` sets its text in (``fonts_used``) that this system lacks —
    LibreOffice sets that text in others, with other widths, line breaks and page counts —;
    none said where there is no fontconfig to ask (Windows)."""
    from docgen.ooxml.reader import fonts_used

    installed = _installed_fonts()
    if installed is None:
        return []
    try:
        used = fonts_used(document.read_bytes(), document.name)
    except (OSError, DocgenError):
        return []
    return [name for name in used if name.casefold() not in installed]


@functools.cache  # fc-list once a process, not once a batch
def _installed_fonts() -> set[str] | None:
    """Every family name fontconfig knows (each in all its languages), casefolded."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            # --format: "fc-list : family" escapes a family's hyphens (FZXiaoBiaoSong\-B05S)
            [fc_list, "--format", "%{family}\n"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip().casefold() for line in listed.splitlines() for name in line.split(",")}


def convert_to_pdf(files: Sequence[Path], folder: Path) -> dict[Path, Path | None]:
    """Convert ``files`` (all in ``folder``) to PDFs beside them; ``None`` where one failed."""
    results: dict[Path, Path | None] = {}
    with _converted(files, folder) as made:
        for file, pdf in made.items():
            if pdf is None:
                results[file] = None
                continue
            target = folder / pdf_name(file.name)
            pdf.write_bytes(settle_pdf(pdf.read_bytes(), _document_stamp(file)))
            os.replace(pdf, target)
            results[file] = target
    return results


def page_counts(files: Sequence[Path], folder: Path) -> dict[Path, int | None]:
    """How many pages LibreOffice lays each of ``files`` (all in ``folder``) out on; ``None``
    where it could not. Nothing is left behind."""
    with _converted(files, folder) as made:
        return {
            file: None if pdf is None else pdf_pages(pdf.read_bytes()) for file, pdf in made.items()
        }


_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(data: bytes) -> int:
    """The pages of a PDF as LibreOffice writes it (page objects in plain dictionaries)."""
    return len(_PDF_PAGE.findall(data))


@contextlib.contextmanager
def _converted(files: Sequence[Path], folder: Path) -> Iterator[dict[Path, Path | None]]:
    """LibreOffice's PDF of each file (all in ``folder``), in a staging folder that goes away
    afterwards; ``None`` for a file it did not convert."""
    if not files:
        yield {}
        return
    soffice = require_soffice()
    folder = folder.resolve()  # LibreOffice runs in the folder: a relative path would nest
    staging = Path(tempfile.mkdtemp(prefix=".docgen-pdf-", dir=folder))
    profile = Path(tempfile.mkdtemp(prefix="docgen-lo-"))
    try:
        finished = [
            _run(soffice, profile, staging, folder, c) for c in _chunks([f.name for f in files])
        ]
        missing = [f.name for f in files if not _made(staging, f)]
        if missing and (len(missing) < len(files) or not all(finished)):
            # Some came out, or a run hung: the others get one more try, in a fresh profile
            # (a killed LibreOffice may leave its profile locked).
            retry = Path(tempfile.mkdtemp(prefix="docgen-lo-", dir=profile))
            for chunk in _chunks(missing):
                _run(soffice, retry, staging, folder, chunk)
        yield {
            file: staging / pdf_name(file.name) if _made(staging, file) else None for file in files
        }
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def _run(soffice: str, profile: Path, staging: Path, folder: Path, names: list[str]) -> bool:
    """One LibreOffice process over ``names``; False if it hung and was stopped (the PDFs it
    finished stay in ``staging``)."""
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(staging),
        # A name starting with "-" would read as an option.
        *(os.path.join(os.curdir, n) if n.startswith("-") else n for n in names),
    ]
    try:
        process = subprocess.Popen(
            command,
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=sys.platform != "win32",  # its helpers go with it when stopped
        )
    except OSError as exc:
        raise DocgenError(f"无法启动 LibreOffice：{os_reason(exc)}") from None
    try:
        finished = _wait(process, staging, 120 + 20 * len(names))
    except BaseException:  # Ctrl-C: LibreOffice runs in its own session and would go on
        _stop(process)
        raise
    if not finished:
        _stop(process)
    return finished


def _wait(process: subprocess.Popen[bytes], staging: Path, limit: float) -> bool:
    """Whether LibreOffice ended within ``limit`` seconds, and went on making PDFs: one that
    made none for ``STALL_SECONDS`` (a document built to hang it) is stopped then, not after
    the whole batch's allowance (20 s a file: over an hour for 200)."""
    start = last = time.monotonic()
    made = 0
    while True:
        try:
            process.wait(timeout=_POLL_SECONDS)
            return True
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        count = sum(1 for _ in staging.glob("*.pdf"))
        if count != made:
            made, last = count, now
        if now - start > limit or now - last > STALL_SECONDS:
            return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if sys.platform != "win32":
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.wait()


def _made(staging: Path, file: Path) -> bool:
    made = staging / pdf_name(file.name)
    return made.is_file() and made.stat().st_size > 0


def _chunks(names: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    length = 0
    for name in names:
        if chunks[-1] and (length + len(name) + 3 > _MAX_COMMAND or len(chunks[-1]) >= _MAX_FILES):
            chunks.append([])
            length = 0
        chunks[-1].append(name)
        length += len(name) + 3
    return chunks


# What LibreOffice writes from the clock: the dates of the Info dictionary, the file /ID and its
# own /DocChecksum. Everything else in its PDF follows from the document.
_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})([-+][\d']*)?")
_PDF_IDS = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_CORE_CREATED = re.compile(
    rb"<dcterms:created[^>]*>\s*(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d))?"
)
_NO_DATE = b"19800101000000"  # the zip format's first day, for documents without a date


def settle_pdf(data: bytes, stamp: bytes) -> bytes:
    """``data`` with LibreOffice's clock taken out: the dates become ``stamp`` (YYYYMMDDHHMMSS,
    the document's own, in UTC: a time zone offset becomes +00'00') and the /ID a digest of the
    rest. Every replacement keeps its length, so the cross-reference table's offsets stay true."""
    pdf = bytearray(data)
    for found in _PDF_DATE.finditer(data):
        pdf[found.start(1) : found.end(1)] = stamp
        if found[2] and len(found[2]) <= 7:  # the machine's time zone, "+08'00'": stamps are UTC
            pdf[found.start(2) : found.end(2)] = b"+00'00'"[: len(found[2])]
    spans = [m.span(g) for m in _PDF_IDS.finditer(data) for g in (1, 2)]
    spans += [m.span(1) for m in _PDF_CHECKSUM.finditer(data)]
    for start, end in spans:
        pdf[start:end] = b"0" * (end - start)
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().upper().encode()
    for start, end in spans:
        pdf[start:end] = (digest * 2)[: end - start]
    return bytes(pdf)


def _document_stamp(docx: Path) -> bytes:
    """The document's creation date from its core properties, as the PDF writes dates."""
    try:
        with zipfile.ZipFile(docx) as archive:
            info = archive.getinfo("docProps/core.xml")
            core = archive.read(info) if info.file_size < 1 << 16 else b""
    except (OSError, KeyError, zipfile.BadZipFile):
        return _NO_DATE
    found = _CORE_CREATED.search(core)
    if found is None:
        return _NO_DATE
    return b"".join(part or b"00" for part in found.groups())

"""Specs for PDF conversion: batches of files per LibreOffice process, a second try for misses."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from docgen.errors import DocgenError
from docgen.write import pdf
from docgen.write.pdf import settle_pdf


def test_a_large_batch_is_cut_into_processes_of_at_most_200_files() -> None:
    names = [f"单位{i}.docx" for i in range(450)]
    chunks = pdf._chunks(names)
    assert [len(c) for c in chunks] == [200, 200, 50]
    assert [n for c in chunks for n in c] == names


def _documents(folder: Path, count: int) -> list[Path]:
    files = [folder / f"单位{i}.docx" for i in range(count)]
    for file in files:
        file.write_bytes(b"docx")
    return files


def test_files_a_run_left_out_are_tried_once_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _documents(tmp_path, 5)
    runs: list[list[str]] = []

    def flaky(soffice: str, profile: Path, staging: Path, folder: Path, names: list[str]) -> bool:
        runs.append(list(names))
        for name in names[: 3 if len(runs) == 1 else None]:  # the first run stops early
            (staging / name.replace(".docx", ".pdf")).write_bytes(b"%PDF")
        return True

    monkeypatch.setattr(pdf, "require_soffice", lambda *_: "soffice")
    monkeypatch.setattr(pdf, "_run", flaky)
    results = pdf.convert_to_pdf(files, tmp_path)
    assert runs == [[f.name for f in files], ["单位3.docx", "单位4.docx"]]
    assert all(results[f] == tmp_path / f"{f.stem}.pdf" for f in files)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(f"{f.stem}.pdf" for f in files)


def test_a_run_that_hung_is_tried_again_in_a_fresh_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _documents(tmp_path, 3)
    profiles: list[Path] = []

    def hangs_once(
        soffice: str, profile: Path, staging: Path, folder: Path, names: list[str]
    ) -> bool:
        profiles.append(profile)
        if len(profiles) == 1:
            return False  # stopped after its time limit, nothing made
        for name in names:
            (staging / name.replace(".docx", ".pdf")).write_bytes(b"%PDF")
        return True

    monkeypatch.setattr(pdf, "require_soffice", lambda *_: "soffice")
    monkeypatch.setattr(pdf, "_run", hangs_once)
    results = pdf.convert_to_pdf(files, tmp_path)
    assert all(results.values()) and len(profiles) == 2 and profiles[0] != profiles[1]


def test_a_stuck_libreoffice_is_stopped_with_its_helpers(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    if sys.platform == "win32":
        pytest.skip("process groups are POSIX")
    process = subprocess.Popen(
        ["sh", "-c", "sleep 60 & sleep 60"], start_new_session=True, stdout=subprocess.DEVNULL
    )
    start = time.monotonic()
    pdf._stop(process)
    assert process.returncode is not None and time.monotonic() - start < 5


def test_ctrl_c_stops_libreoffice_and_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import sys
    import time

    if sys.platform == "win32":
        pytest.skip("process groups are POSIX")
    pid_file = tmp_path / "soffice.pid"
    fake = tmp_path / "soffice"  # converts nothing: sleeps, as a long batch would
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "require_soffice", lambda *_: str(fake))
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.docx").write_bytes(b"PK")

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        with pytest.raises(KeyboardInterrupt):
            pdf.convert_to_pdf([out / "a.docx"], out)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("LibreOffice still runs after Ctrl-C")
    assert sorted(p.name for p in out.iterdir()) == ["a.docx"]


def _libreoffice_like_pdf(clock: bytes, file_id: bytes) -> bytes:
    return (
        b"%PDF-1.6\n1 0 obj\n<</Title(t)/Producer(LibreOffice 7.4)/CreationDate(D:"
        + clock
        + b"Z')>>\nendobj\ntrailer\n<</Size 2/Info 1 0 R\n/ID [ <"
        + file_id
        + b">\n<"
        + file_id
        + b"> ]\n/DocChecksum /"
        + file_id
        + b"\n>>\nstartxref\n9\n%%EOF\n"
    )


def test_a_pdf_keeps_the_documents_date_not_the_clock_and_keeps_its_length() -> None:
    first = _libreoffice_like_pdf(b"20261123161429", b"A18FCD71E3ADF87EC964EE0DC2E151E4")
    second = _libreoffice_like_pdf(b"20261124093001", b"5A21C910CEB8346E0802AB81E0FC7417")
    settled = settle_pdf(first, b"20261123000000")
    assert settled == settle_pdf(second, b"20261123000000")
    assert len(settled) == len(first)  # the cross-reference offsets stay true
    assert b"/CreationDate(D:20261123000000Z')" in settled
    assert b"A18FCD71" not in settled and settled.count(b"/ID [ <") == 1
    other = _libreoffice_like_pdf(b"20261123161429", b"A18FCD71E3ADF87EC964EE0DC2E151E4")
    assert settle_pdf(other.replace(b"(t)", b"(u)"), b"20261123000000") != settled


def test_the_pdf_date_comes_from_the_documents_core_properties(tmp_path: Path) -> None:
    from docgen.write.pdf import _document_stamp

    document = tmp_path / "a.docx"
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">'
            "2026-11-23T08:30:00Z</dcterms:created></cp:coreProperties>",
        )
    assert _document_stamp(document) == b"20261123083000"
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    assert _document_stamp(tmp_path / "b.docx") == b"19800101000000"


def test_the_machines_time_zone_does_not_reach_the_pdf() -> None:
    utc = _libreoffice_like_pdf(b"20261123161429", b"A18FCD71E3ADF87EC964EE0DC2E151E4")
    shanghai = utc.replace(b"20261123161429Z'", b"20261124001429+08'00'")
    settled = settle_pdf(shanghai, b"20261123000000")
    assert b"/CreationDate(D:20261123000000+00'00')" in settled
    assert len(settled) == len(shanghai)


def test_a_libreoffice_that_stops_making_pdfs_is_stopped_then(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document built to hang LibreOffice costs the stall time, not 20 s for every file of
    its run (over an hour for 200)."""
    import subprocess
    import sys
    import time

    if sys.platform == "win32":
        pytest.skip("sh")
    monkeypatch.setattr(pdf, "STALL_SECONDS", 1.5)
    monkeypatch.setattr(pdf, "_POLL_SECONDS", 0.1)
    staging = tmp_path / "staging"
    staging.mkdir()
    # Makes one PDF at once, then nothing: hung on the second document.
    script = f"touch {staging}/a.pdf; sleep 60"
    process = subprocess.Popen(["sh", "-c", script], start_new_session=True)
    start = time.monotonic()
    assert not pdf._wait(process, staging, limit=3600)
    pdf._stop(process)
    assert 1.5 <= time.monotonic() - start < 10
    quick = subprocess.Popen(["sh", "-c", "true"])
    assert pdf._wait(quick, staging, limit=3600)


def _program(folder: Path, name: str = "soffice") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    return program


@pytest.mark.skipif(sys.platform == "win32", reason="executables by mode bits")
def test_libreoffice_installed_off_the_path_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clerk review 16: LibreOffice's installers leave it off the PATH (Windows, macOS,
    /opt/libreoffice7.6 on Linux); --pdf said "请安装 LibreOffice" with it installed."""
    monkeypatch.delenv(pdf.SOFFICE_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    installed = _program(tmp_path / "LibreOffice" / "program")
    monkeypatch.setattr(pdf, "_installed", lambda: [str(tmp_path / "absent"), str(installed)])
    assert pdf.soffice_path() == str(installed)


@pytest.mark.skipif(sys.platform == "win32", reason="executables by mode bits")
def test_the_variable_names_libreoffice_installed_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "_installed", list)
    program = _program(tmp_path / "别处")
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(program))
    assert pdf.require_soffice("--pdf") == str(program)
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(tmp_path / "没有这个程序"))
    with pytest.raises(DocgenError, match=f"环境变量 {pdf.SOFFICE_VARIABLE} 所指的「.*」不是"):
        pdf.require_soffice("--pdf")
    monkeypatch.delenv(pdf.SOFFICE_VARIABLE)
    with pytest.raises(DocgenError, match=f"用环境变量 {pdf.SOFFICE_VARIABLE} 指向"):
        pdf.require_soffice("--pdf")


def test_the_fonts_a_document_asks_for_and_this_system_lacks_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clerk review 16: without 仿宋_GB2312 LibreOffice set every PDF in one sans font, unsaid.
    A style no text uses (Word's HTML Code, in Courier) is none of the document's fonts."""
    from docxtpl_support import paragraphs_template, parts_of, with_parts

    template = paragraphs_template("{{ 单位名称 }}")
    parts = parts_of(template)
    styles = parts["word/styles.xml"].replace(
        b"</w:styles>",
        '<w:style w:type="paragraph" w:styleId="Z"><w:basedOn w:val="Y"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Y"><w:rPr><w:rFonts w:ascii="Times New Roman" '
        'w:eastAsia="仿宋_GB2312"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Code"><w:rPr><w:rFonts w:ascii="Lucida Console"/>'
        "</w:rPr></w:style></w:styles>".encode(),
    )
    forged = "A&#10;失败：伪造的消息"  # security review 24: printed as a line of its own
    body = parts["word/document.xml"].replace(
        b"<w:p>",
        f'<w:p><w:pPr><w:pStyle w:val="Z"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="{forged}" '
        f'w:hAnsi="{"Q" * 1000}"/></w:rPr></w:r>'.encode(),
        1,
    )
    document = tmp_path / "通知.docx"
    document.write_bytes(
        with_parts(template, {"word/styles.xml": styles, "word/document.xml": body})
    )
    installed = {"times new roman", "dejavu sans", "calibri", "cambria"}
    monkeypatch.setattr(pdf, "_installed_fonts", lambda: installed)
    assert "仿宋_GB2312" in pdf.missing_fonts(document)
    assert "Lucida Console" not in pdf.missing_fonts(document)
    assert pdf.missing_fonts(document) == ["仿宋_GB2312"]  # no name unprintable or overlong
    monkeypatch.setattr(pdf, "_installed_fonts", lambda: None)  # no fontconfig: nothing said
    assert pdf.missing_fonts(document) == []

"""`check_document` time per document: the example outputs, and one long hand-made-style notice.

Usage: python benchmarks/check.py [RUNS]   (run at the repository root; default 20 runs each)
Builds the example workspace in a temporary folder, then prints, for each output and for a
synthetic notice of 2,000 body paragraphs, its paragraph count and the median milliseconds of
`docgen.check.check_document` (reading, structure and every rule; no file I/O).
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median_ms(data: bytes, runs: int, profile) -> float:  # type: ignore[no-untyped-def]
    from docgen.check import check_document

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_document(data, "bench.docx", profile)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def long_notice(paragraphs: int) -> bytes:
    """A notice made with python-docx: 版头, title, then body paragraphs under numbered headings."""
    import docx

    document = docx.Document()
    document.add_paragraph("临江市人民政府文件")
    document.add_paragraph("临政〔2026〕5号")
    document.add_paragraph("临江市人民政府关于做好安全生产工作的通知")
    for index in range(paragraphs):
        if index % 10 == 0:
            document.add_paragraph(f"{index // 10 + 1}.第{index // 10 + 1}项工作安排")
        document.add_paragraph("全市各级各部门要认真落实安全生产责任制，深入开展隐患排查整治。" * 3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    sys.path.insert(0, str(ROOT))
    from docgen.check.document import read_document
    from docgen.layout.profile import load_profile
    from docgen.pipeline import build
    from docgen.workspace import open_workspace

    profile = load_profile("gbt9704")
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "ws"
        workspace.mkdir()
        for item in ("docgen.yaml", "templates", "fragments", "inputs", "profiles"):
            source = ROOT / item
            copy = shutil.copytree if source.is_dir() else shutil.copy2
            copy(source, workspace / item)
        build(open_workspace(workspace))
        documents = {p.name: p.read_bytes() for p in sorted((workspace / "outputs").glob("*.docx"))}
    documents["synthetic notice, 2,000 body paragraphs"] = long_notice(2000)
    print("| document | paragraphs | median ms |")
    print("|---|---:|---:|")
    for name, data in documents.items():
        count = len(read_document(data, name).paragraphs)
        print(f"| {name} | {count} | {median_ms(data, runs, profile):.1f} |")


if __name__ == "__main__":
    main()

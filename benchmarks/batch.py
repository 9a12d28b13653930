"""Batch speed: the fast path against a naive docxtpl loop and against the raw write floor.

Usage: python benchmarks/batch.py N [--jobs J] [--naive-rows M] [--repeat R] [--word-template]
(at the repository root; outputs go to the temporary folder: TMPDIR=/dev/shm keeps the disk out)

Builds a notice-shaped docxtpl template from the repository's layout profile with docgen's own
template builder (份号, issuer mark, document number, title, 主送 per unit, body, the unit's tasks
as table rows, deadline, contact, attachment, signature, 版记) — or, with --word-template, the same
notice typed into Word's blank document — and an .xlsx roster of N fictional units of 临江市, then
prints, from this one run (each figure the best of R runs, default 3, interleaved):

- fast path: `docgen.batch.merge` on the roster (reads the .xlsx, names, renders, writes every
  file atomically, writes the manifest), once with one process and once with J processes;
- naive loop: docxtpl as its README shows it, per row: load the template, render, save
  (on the first M rows, default min(N, 200): it is slow, and a rate is a rate);
- raw floor: writing the same output bytes to N files with a plain open/write/close, and with
  the batch's own atomic write (temporary file, rename);

with the ratios, and the peak resident memory of the fast path (the main process and the largest
worker), sampled also at a tenth of the rows to show it stays flat.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = [
    "市发展改革委",
    "市教育局",
    "市科技局",
    "市工业和信息化局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人力资源社会保障局",
    "市自然资源和规划局",
    "市生态环境局",
    "市住房城乡建设局",
    "市交通运输局",
    "市水利局",
    "市农业农村局",
    "市商务局",
    "市文化广电旅游局",
    "市卫生健康委",
    "市应急管理局",
    "市审计局",
    "市市场监管局",
    "市统计局",
    "市医保局",
    "市城市管理局",
    "市委办公室/市政府办公室",
    "市委组织部",
    "市委宣传部",
    "市委统战部",
    "市委政法委",
    "江北区人民政府",
    "江南区人民政府",
    "临江经济开发区管委会",
]
TASKS = [
    "对照问题清单逐项建立整改台账，明确责任领导、责任人和完成时限",
    "组织本单位干部职工开展作风纪律专题学习，做到全覆盖",
    "对上半年督查发现的迟到早退、工作日饮酒等问题开展“回头看”",
    "梳理群众反映强烈的办事堵点，形成清单并于月底前完成首批整改",
    "完善考勤、请销假和公务接待制度，堵塞管理漏洞",
    "开展一次警示教育，以身边事教育身边人",
]


def notice_template() -> bytes:
    """A two-page notice with docxtpl tags, from the profile, as `docgen templates build` makes
    templates: 份号, issuer mark, number, title, 主送 per unit, body, the unit's tasks as table
    rows (``{%tr for %}``), deadline, contact, attachment, signature, and a 版记 table."""
    from docgen.layout.profile import load_profile
    from docgen.ooxml.package import read_zip, write_zip
    from docgen.ooxml.template import TemplateLine, build_template
    from docgen.ooxml.xml import parse, serialize

    profile = load_profile("gbt9704", ROOT)
    lines = [
        TemplateLine("copy_number", "{{ '%06d' % 序号 }}"),
        TemplateLine("issuer_mark", "临江市人民政府办公室文件"),
        TemplateLine("doc_number", "临政办发〔2025〕{{ 序号 }}号"),
        TemplateLine("title", "临江市人民政府办公室关于做好作风纪律整治整改工作的通知"),
        TemplateLine("recipients", "{{ 单位名称 }}："),
        *(TemplateLine("body", text) for text in BODY),
        TemplateLine("body", "@@TASKS@@"),
        TemplateLine(
            "body",
            "三、按时报送情况。请于{{ 截止日期 }}前将整改落实情况书面报送市委办公室"
            "督查科，逾期未报的将予以通报。",
        ),
        TemplateLine("body", "联系人：{{ 联系人 }}，联系电话：{{ 联系电话 }}。"),
        TemplateLine("body"),
        TemplateLine("body", "附件：{{ 单位名称 }}整改任务清单"),
        TemplateLine("signature", "临江市人民政府办公室"),
        TemplateLine("signature", "2025年3月10日"),
        TemplateLine("body", "@@IMPRINT@@"),
    ]
    parts = read_zip(build_template(profile, lines, page_numbers="odd_even", title="通知"), "通知")
    document = parse(parts["word/document.xml"])
    tasks = _table(_task_rows(), [900, 5800, 2144])
    imprint = _table(
        [
            ["抄送：市纪委监委，市委督查室，各县（市、区）委办公室。"],
            ["临江市人民政府办公室　　　　　　　　　2025年3月10日印发"],
        ],
        [8844],
    )
    for paragraph in document.iter("{*}p"):
        text = "".join(paragraph.itertext())
        if text in ("@@TASKS@@", "@@IMPRINT@@"):
            paragraph.getparent().replace(paragraph, tasks if text == "@@TASKS@@" else imprint)
    parts["word/document.xml"] = serialize(document)
    return write_zip(parts)


def word_notice_template() -> bytes:
    """The same notice typed into Word's blank document (python-docx's default template: Word's
    full styles part, theme, numbering and settings), as a user's own mail-merge template is."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    texts = [
        "{{ '%06d' % 序号 }}",
        "临江市人民政府办公室文件",
        "临政办发〔2025〕{{ 序号 }}号",
        "临江市人民政府办公室关于做好作风纪律整治整改工作的通知",
        "{{ 单位名称 }}：",
        *BODY,
    ]
    for text in texts:
        document.add_paragraph(text)
    table = document.add_table(rows=0, cols=3)
    table.style = "Table Grid"
    for cells in _task_rows():
        row = table.add_row()
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for text in [
        "三、按时报送情况。请于{{ 截止日期 }}前将整改落实情况书面报送市委办公室督查科，逾期未报的将予以通报。",
        "联系人：{{ 联系人 }}，联系电话：{{ 联系电话 }}。",
        "附件：{{ 单位名称 }}整改任务清单",
        "临江市人民政府办公室",
        "2025年3月10日",
    ]:
        document.add_paragraph(text).alignment = (
            WD_ALIGN_PARAGRAPH.RIGHT if text[:2] in ("临江", "20") else None
        )
    document.sections[0].footer.paragraphs[0].text = "临江市人民政府办公室"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _task_rows() -> list[list[str]]:
    return [
        ["序号", "整改任务", "完成时限"],
        ["{%tr for t in 任务.split('\\n') %}", "", ""],
        ["{{ loop.index }}", "{{ t }}", "{{ 截止日期 }}"],
        ["{%tr endfor %}", "", ""],
    ]


def _table(rows: list[list[str]], widths: list[int]) -> object:
    from docgen.ooxml.xml import el, w

    grid = w("tblGrid", None, *(el("w:gridCol", {"w:w": width}) for width in widths))
    props = w(
        "tblPr",
        None,
        w("tblStyle", "TableGrid"),
        el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}),
        w("jc", "center"),
    )
    table = w("tbl", None, props, grid)
    for cells in rows:
        row = w("tr")
        for text, width in zip(cells, widths, strict=True):
            run = w("r", None, el("w:t", {"xml:space": "preserve"}))
            run[0].text = text
            paragraph = w("p", None, w("pPr", None, w("pStyle", "TableText")), run)
            row.append(
                w(
                    "tc",
                    None,
                    w("tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"})),
                    paragraph,
                )
            )
        table.append(row)
    return table


BODY = [
    "为深入推进全市作风纪律整治，切实解决机关作风中存在的突出问题，市委、市政府决定自即日起在"
    "全市各级机关开展为期三个月的集中整改。现将贵单位的整改任务通知如下，请认真抓好落实。",
    "一、提高思想认识，压实整改责任。各单位要把整改工作作为当前的一项重要政治任务，主要负责"
    "同志要亲自研究部署、亲自督促推进，分管负责同志要具体抓、抓具体，确保各项任务按时保质完成。"
    "要建立整改工作台账，逐项明确责任领导、责任科室和完成时限，做到问题不查清不放过、整改不到位"
    "不放过、群众不满意不放过。",
    "二、聚焦突出问题，抓好任务落实。各单位要对照市委督查组反馈的问题清单，举一反三、深挖根源，"
    "既解决具体问题，又完善长效机制。对能够立即解决的，要立行立改；对需要一定时间解决的，要制定"
    "计划、限期整改；对涉及多个部门的，牵头单位要主动协调，配合单位要积极支持。贵单位需完成的"
    "整改任务如下：",
]


def write_roster(path: Path, count: int) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("单位名单")
    sheet.append(["单位名称", "序号", "联系人", "联系电话", "截止日期", "任务"])
    for i in range(count):
        unit = UNITS[i % len(UNITS)] + (f"（{i // len(UNITS) + 1}）" if i >= len(UNITS) else "")
        tasks = "\n".join(TASKS[(i + k) % len(TASKS)] for k in range(3 + i % 3))
        deadline = datetime.date(2025, 4, 1) + datetime.timedelta(days=i % 20)
        sheet.append(
            [
                unit,
                i + 1,
                f"王{'一二三四五六七八九十'[i % 10]}同志",
                f"0571-8{i % 10000:04d}",
                f"{deadline.year}年{deadline.month}月{deadline.day}日",
                tasks,
            ]
        )
    book.save(path)


def current_rss_mb() -> float:
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def fast(template: Path, roster: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Seconds for the whole merge, and the main process's RSS after a tenth of the rows."""
    from docgen.batch import BatchOptions, Report, merge

    total = [0]
    sample = [0.0]

    def listen(kind: str, payload: object) -> None:
        if kind == "start":
            total[0] = int(payload)  # type: ignore[call-overload]
        elif kind == "done":
            total.append(1)
            if len(total) - 1 == max(1, total[0] // 10):
                sample[0] = current_rss_mb()

    start = time.perf_counter()
    report = merge(template, roster, BatchOptions(out, jobs=jobs), Report(listener=listen))
    seconds = time.perf_counter() - start
    assert report.exit_code == 0, [str(f) for f in report.failures]
    return seconds, sample[0]


def naive(template: Path, rows: list[dict], out: Path) -> float:
    from docxtpl import DocxTemplate

    out.mkdir()
    start = time.perf_counter()
    for index, row in enumerate(rows):
        document = DocxTemplate(template)
        document.render(row, autoescape=True)
        document.save(out / f"{index}.docx")
    return time.perf_counter() - start


def floor(files: list[Path], out: Path, atomic: bool) -> float:
    from docgen.write.names import write_whole

    out.mkdir()
    seconds = 0.0
    for begin in range(0, len(files), 500):  # read in slices: memory stays flat here too
        blobs = [(out / f.name, f.read_bytes()) for f in files[begin : begin + 500]]
        start = time.perf_counter()
        for target, data in blobs:
            if atomic:
                write_whole(target, data)
            else:
                with open(target, "wb") as stream:
                    stream.write(data)
        seconds += time.perf_counter() - start
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--naive-rows", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs each")
    parser.add_argument(
        "--word-template",
        action="store_true",
        help="the notice typed into Word's blank document instead of docgen's profile template",
    )
    args = parser.parse_args()
    n = args.n
    naive_rows = min(n, args.naive_rows or 200)
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    best: dict[str, float] = {}

    def keep(key: str, seconds: float) -> None:
        best[key] = min(best.get(key, seconds), seconds)

    try:
        template = work / "通知模板.docx"
        template.write_bytes(word_notice_template() if args.word_template else notice_template())
        roster = work / "units.xlsx"
        write_roster(roster, n)
        print(
            f"{n} 份通知，模板 {template.stat().st_size} 字节，{os.cpu_count()} 核，各取 {args.repeat} 次中最快"
        )
        from docgen.load.rows import read_rows

        rows = [r.values for r in read_rows(roster).rows[:naive_rows]]
        rss_tenth = 0.0
        for run in range(args.repeat):
            # Interleaved, so a slow spell of the disk hits every measurement alike.
            seconds, sample = fast(template, roster, work / "fast1", 1)
            keep("fast1", seconds)
            rss_tenth = sample if run == 0 else rss_tenth
            keep("fastJ", fast(template, roster, work / f"fastJ{run}", args.jobs)[0])
            outputs = sorted((work / "fast1").glob("*.docx"))
            assert len(outputs) == n
            keep("plain", floor(outputs, work / "plain", atomic=False))
            keep("atomic", floor(outputs, work / "atomic", atomic=True))
            same = all(
                f.read_bytes() == (work / f"fastJ{run}" / f.name).read_bytes() for f in outputs
            )
            size = sum(f.stat().st_size for f in outputs) / n
            if run == 0:  # the fast path's peaks, before the naive loop adds its own
                rss_main = peak_mb(resource.RUSAGE_SELF)
                rss_worker = peak_mb(resource.RUSAGE_CHILDREN)
            keep("naive", naive(template, rows, work / "naive") / naive_rows * n)
            for folder in ("fast1", f"fastJ{run}", "plain", "atomic", "naive"):
                shutil.rmtree(work / folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rate = {key: n / seconds for key, seconds in best.items()}
    fastest = max(rate["fast1"], rate["fastJ"])
    print(f"平均每份 {size / 1024:.1f} KiB；{args.jobs} 进程与 1 进程的输出逐字节相同：{same}")
    print(f"fast path, 1 process       {rate['fast1']:9.1f} docs/s")
    print(f"fast path, {args.jobs} processes     {rate['fastJ']:9.1f} docs/s")
    print(f"naive docxtpl loop         {rate['naive']:9.1f} docs/s   (first {naive_rows} rows)")
    print(f"raw floor, plain writes    {rate['plain']:9.1f} docs/s   (open, write, close)")
    print(
        f"raw floor, atomic writes   {rate['atomic']:9.1f} docs/s   (the batch's: temp file, rename)"
    )
    print(f"fast / naive               {fastest / rate['naive']:9.1f} ×")
    print(f"fast / raw floor (plain)   {fastest / rate['plain']:9.1%}")
    print(f"fast / raw floor (atomic)  {fastest / rate['atomic']:9.1%}")
    print(
        f"peak RSS: main process {rss_main:.0f} MiB (after a tenth of the rows: {rss_tenth:.0f} MiB), "
        f"largest worker {rss_worker:.0f} MiB"
    )


if __name__ == "__main__":
    main()

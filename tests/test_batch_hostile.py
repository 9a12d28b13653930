"""Specs for hostile templates and rosters in `docgen merge`: a value never runs as template
code, a template writes no raw WordprocessingML past the sanitiser, and what breaks docxtpl
breaks one row (or is refused) in Chinese, never with a traceback or a half-written batch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docxtpl_support import paragraphs_template, parts_of, with_parts, write_roster

from docgen.batch import BatchOptions, merge
from docgen.errors import DocgenError

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p>{runs}</w:p></w:footnote></w:footnotes>'
)


def _with_footnote_and_two_sections(
    data: bytes, runs: str = "<w:r><w:t>{{ 备注 }}</w:t></w:r>"
) -> bytes:
    """A template whose footnote is ``runs`` (备注 printed), in a body of two sections."""
    parts = parts_of(data)
    body = parts["word/document.xml"].decode()
    extra = (
        '<w:p><w:r><w:t>见脚注</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>"
    )
    body = body.replace("<w:sectPr", extra + "<w:sectPr", 1)
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/word/footnotes.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
        )
    )
    rels = (
        parts["word/_rels/document.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
        )
    )
    return with_parts(
        data,
        {
            "word/document.xml": body.encode(),
            "[Content_Types].xml": types.encode(),
            "word/_rels/document.xml.rels": rels.encode(),
            "word/footnotes.xml": _FOOTNOTES.replace("{runs}", runs).encode(),
        },
    )


def test_values_that_join_into_a_tag_across_runs_stay_text(tmp_path: Path) -> None:
    """docxtpl's patch joins "{" and "{" split over runs before its next pass."""
    runs = "<w:r><w:t>{{ 甲 }}</w:t></w:r><w:r><w:t>{{ 乙 }}</w:t></w:r>"
    template = tmp_path / "模板.docx"
    template.write_bytes(
        _with_footnote_and_two_sections(paragraphs_template("{{ 单位名称 }}"), runs)
    )
    rows = [{"单位名称": "市教育局", "甲": "{", "乙": "{ 密码 }}", "密码": "泄露"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "甲", "乙", "密码"])
    assert merge(template, roster, BatchOptions(tmp_path / "out")).exit_code == 0
    footnotes = parts_of((tmp_path / "out" / "市教育局.docx").read_bytes())["word/footnotes.xml"]
    assert "{ 密码 }}".encode() in footnotes and "泄露".encode() not in footnotes


def test_a_value_with_tags_in_a_footnote_stays_text_in_every_section(tmp_path: Path) -> None:
    """docxtpl renders the footnotes once per section, each time over the last result."""
    template = tmp_path / "模板.docx"
    template.write_bytes(_with_footnote_and_two_sections(paragraphs_template("{{ 单位名称 }}")))
    hostile = "INJ[{{ 密码 }}|{{ 7*7 }}|{{ 密码|safe }}]"
    rows = [{"单位名称": "市教育局", "备注": hostile, "密码": "<w:r>other</w:r>"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "备注", "密码"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert report.exit_code == 0
    footnotes = parts_of((tmp_path / "out" / "市教育局.docx").read_bytes())["word/footnotes.xml"]
    assert hostile.encode() in footnotes
    assert b"other" not in footnotes and b"|49|" not in footnotes


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("{{ '<w:r><w:t>x</w:t></w:r>'|safe }}", "|safe"),
        ("{{ 备注|urlize }}", "|urlize"),
        ("{% autoescape false %}{{ 备注 }}{% endautoescape %}", "{% autoescape false %}"),
    ],
)
def test_a_template_that_writes_unescaped_text_is_refused_before_any_file(
    tmp_path: Path, tag: str, shown: str
) -> None:
    """Raw WordprocessingML would pass the sanitiser: a DDEAUTO field, a fetched picture."""
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}", tag))
    rows = [{"单位名称": "市教育局", "备注": "http://example.com/x.png"}]
    roster = write_roster(tmp_path / "u.xlsx", rows, ["单位名称", "备注"])
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    said = str(caught.value)
    assert said.startswith(f"模板.docx：第2段「{tag[:20]}")
    assert f"模板用了 {shown}：" in said and "未生成任何文件" in said
    assert not (tmp_path / "out").exists()


def test_escaping_turned_on_explicitly_is_allowed(tmp_path: Path) -> None:
    template = tmp_path / "模板.docx"
    template.write_bytes(
        paragraphs_template("{% autoescape true %}{{ 单位名称 }}{% endautoescape %}")
    )
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市<教育>局"}], ["单位名称"])
    assert merge(template, roster, BatchOptions(tmp_path / "out")).exit_code == 0


def test_a_template_of_many_empty_paragraphs_is_searched_in_linear_time() -> None:
    """The search for full-width tags and typed «fields» runs before any time limit: each
    <w:p/> once sent it to the end of the body (20,000 of them took minutes)."""
    import signal

    from docgen.render.fastpath import prepare

    data = paragraphs_template("{{ 单位名称 }}")
    parts = parts_of(data)
    empty = '<w:p w:rsidR="00AB12CD"/>' * 20_000
    body = parts["word/document.xml"].decode().replace("<w:sectPr", empty + "<w:sectPr", 1)
    prepared = prepare(with_parts(data, {"word/document.xml": body.encode()}), "模板.docx")

    def expire(*_: object) -> None:
        raise TimeoutError("the paragraphs took more than 30 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    try:
        assert prepared.full_width_tag() is None
        assert prepared.typed_merge_fields() == {}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_table_without_its_grid_is_refused_before_any_file(tmp_path: Path) -> None:
    """docxtpl's fix_tables fails on it (and Word refuses it): a traceback mid-batch left
    files without a manifest."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ 单位名称 }}")
    document.add_table(rows=1, cols=1)
    table = document.add_table(rows=1, cols=2)
    grid = table._tbl.tblGrid
    grid.getparent().remove(grid)
    template = tmp_path / "模板.docx"
    document.save(str(template))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError, match=r"^模板\.docx：第2个表格：模板中的表格缺少列宽的定义"):
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_an_unexpected_failure_in_docxtpls_steps_fails_its_row_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docxtpl import DocxTemplate

    fix_tables = DocxTemplate.fix_tables

    def breaks_on_the_second(self: DocxTemplate, xml: str) -> object:
        if "市民政局" in xml:  # its line break takes it through docxtpl's own steps
            raise RuntimeError("something docxtpl did not expect")
        return fix_tables(self, xml)

    monkeypatch.setattr(DocxTemplate, "fix_tables", breaks_on_the_second)
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}", "{{ 备注 }}"))
    units = [
        {"单位名称": name, "备注": note}
        for name, note in (("市教育局", "无"), ("市民政局", "第一行\n第二行"), ("市财政局", "无"))
    ]
    roster = write_roster(tmp_path / "u.xlsx", units, ["单位名称", "备注"])
    report = merge(template, roster, BatchOptions(tmp_path / "out"))
    assert [o.file for o in report.outputs] == ["市教育局.docx", "市财政局.docx"]
    (failure,) = report.failures
    assert "模板渲染失败：RuntimeError：something docxtpl did not expect" in str(failure)
    assert (tmp_path / "out" / "manifest.json").is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_value_too_big_for_the_memory_cap_fails_its_row(tmp_path: Path, jobs: str) -> None:
    """No size check sees a list built in one C call (30,000 ranges, each a few characters,
    made lists of 10,000 numbers: 10 GB); the heap cap does. In a process of its own, as a
    user runs it: one that earlier tests left holding freed heap would fill that first."""
    from tests_support import run_docgen

    template = tmp_path / "模板.docx"
    template.write_bytes(
        paragraphs_template(
            "{{ 单位名称 }}", "{{ ([range(10000)] * 30000)|map('list')|list|length }}"
        )
    )
    units = [{"单位名称": "市教育局"}, {"单位名称": "市民政局"}]  # two: two workers
    write_roster(tmp_path / "u.xlsx", units, ["单位名称"])
    done = run_docgen(tmp_path, "merge", "模板.docx", "u.xlsx", "-o", "out", "--jobs", jobs)
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert said.count("超出安全限制：渲染所需内存过多") == 2, said
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_the_memory_cap_is_lifted_after_the_rows(tmp_path: Path) -> None:
    """LibreOffice, run after the rows, needs more than a row may take."""
    import resource

    from docgen.render.limits import RenderLimits

    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}"))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    before = resource.getrlimit(resource.RLIMIT_DATA)
    limits = RenderLimits(max_memory_bytes=300 * 1024**2)
    assert merge(template, roster, BatchOptions(tmp_path / "out", limits=limits)).exit_code == 0
    assert resource.getrlimit(resource.RLIMIT_DATA) == before


def test_a_name_pattern_is_held_to_the_time_limit(tmp_path: Path) -> None:
    from docgen.render.limits import RenderLimits

    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}"))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    # No loop of the template's own (the meter checks the clock in those): filters over
    # 100,000 items (their text just under the size limit).
    slow = "{{ ((range(10000)|list) * 10)|map('string')|sort|list|length }}{{ 单位名称 }}"
    options = BatchOptions(tmp_path / "out", name=slow, limits=RenderLimits(seconds=0.01))
    report = merge(template, roster, options)
    (failure,) = report.failures
    assert "渲染超时" in str(failure)


@pytest.mark.parametrize(
    "tag",
    [
        "{{ " + "(" * 100 + "单位名称" + ")" * 100 + " }}",  # Jinja's parser recurses
        "{% if 单位名称 %}" * 100 + "x" + "{% endif %}" * 100,  # Python's compiler refuses
    ],
)
def test_tags_nested_too_deep_are_refused_in_chinese(tmp_path: Path, tag: str) -> None:
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}", tag))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError, match=r"^模板\.docx：正文中的模板标签嵌套过深"):
        merge(template, roster, BatchOptions(tmp_path / "out"))


@pytest.mark.parametrize(
    ("tag", "word"),
    [
        ("{% include '通知正文.docx' %}", "include"),
        ("{% extends '母版.docx' %}", "extends"),
        ("{% from '宏.docx' import 落款 %}", "import"),
    ],
)
def test_a_template_loading_another_is_refused_before_any_row(
    tmp_path: Path, tag: str, word: str
) -> None:
    """Every row would fail on it: there is nothing to load from, and must not be."""
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}", tag))
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    with pytest.raises(DocgenError) as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert str(caught.value).startswith(
        f"模板.docx：第2段「{tag}」：模板用了 {{% {word} %}}：模板不能引用其他模板文件"
    )
    assert not (tmp_path / "out").exists()


def _as_endnote(data: bytes) -> bytes:
    """The package with its footnote made an endnote (Word's 引用 → 插入尾注)."""
    parts = parts_of(data)
    changed: dict[str, bytes | None] = {
        name: parts[name].replace(b"footnote", b"endnote")
        for name in ("word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels")
    }
    changed["word/endnotes.xml"] = parts["word/footnotes.xml"].replace(b"footnote", b"endnote")
    changed["word/footnotes.xml"] = None
    return with_parts(data, changed)


@pytest.mark.parametrize(
    ("runs", "shown"),
    [
        ("<w:r><w:t>{{ 备</w:t></w:r><w:r><w:t>注 }}</w:t></w:r>", "标签「{{ 备注 }}」"),
        (
            '<w:fldSimple w:instr=" MERGEFIELD 备注 "><w:r><w:t>«备注»</w:t></w:r></w:fldSimple>',
            "Word 邮件合并域",
        ),
    ],
)
def test_a_tag_or_merge_field_in_an_endnote_is_refused(
    tmp_path: Path, runs: str, shown: str
) -> None:
    """docxtpl never fills endnotes: every file would keep the tag as it is."""
    template = tmp_path / "模板.docx"
    data = _with_footnote_and_two_sections(paragraphs_template("{{ 单位名称 }}"), runs)
    template.write_bytes(_as_endnote(data))
    roster = write_roster(
        tmp_path / "u.xlsx", [{"单位名称": "市教育局", "备注": "甲"}], ["单位名称", "备注"]
    )
    with pytest.raises(DocgenError, match=f"尾注中有{shown}：尾注不会被填写") as caught:
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert caught.value.location.file == "模板.docx"
    assert not (tmp_path / "out").exists()
    plain = _as_endnote(
        _with_footnote_and_two_sections(
            paragraphs_template("{{ 单位名称 }}"), "<w:r><w:t>尾注</w:t></w:r>"
        )
    )
    template.write_bytes(plain)
    assert merge(template, roster, BatchOptions(tmp_path / "out")).exit_code == 0


@pytest.mark.parametrize("planted", ["fifo", "link", "folder"])
def test_a_manifest_planted_as_a_pipe_or_a_link_is_not_read(tmp_path: Path, planted: str) -> None:
    """Security review 17: a manifest.json that is a FIFO blocked the batch for good, one
    linked to /dev/zero read until memory ran out; neither is read, nor taken for docgen's."""
    import os

    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}"))
    roster = write_roster(tmp_path / "名单.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    folder = tmp_path / "out"
    folder.mkdir()
    if planted == "fifo":
        os.mkfifo(folder / "manifest.json")
    elif planted == "folder":
        (folder / "manifest.json").mkdir()
    else:
        (folder / "manifest.json").symlink_to("/dev/zero")
    with pytest.raises(DocgenError, match=r"不是 docgen 生成的 manifest\.json"):
        merge(template, roster, BatchOptions(folder))
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json"]


def test_a_row_stuck_past_the_time_limit_fails_alone_in_a_watched_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One C call (a list compared, a string built) runs on past the time limit, whose signal
    Python handles between bytecodes only: the main process ends the worker after
    ``stall_seconds``, that row fails with its number and the next rows are still written."""
    import signal
    import time

    from docgen.processes import FORKS
    from docgen.render.fastpath import PreparedTemplate
    from docgen.render.limits import RenderLimits

    if not FORKS:
        pytest.skip("one job renders in this process where there is no fork")
    render = PreparedTemplate.render

    def stuck_on_the_second(self: PreparedTemplate, context: dict[str, object]) -> bytes:
        if context.get("单位名称") == "市民政局":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})  # as a C call would
            time.sleep(120)
        return render(self, context)

    monkeypatch.setattr(PreparedTemplate, "render", stuck_on_the_second)
    template = tmp_path / "模板.docx"
    template.write_bytes(paragraphs_template("{{ 单位名称 }}："))
    units = [{"单位名称": name} for name in ("市教育局", "市民政局", "市财政局", "市审计局")]
    roster = write_roster(tmp_path / "u.xlsx", units, ["单位名称"])
    limits = RenderLimits(seconds=0.5)
    started = time.monotonic()
    report = merge(template, roster, BatchOptions(tmp_path / "out", limits=limits))
    assert time.monotonic() - started < 30
    assert report.exit_code == 1 and report.stopped is None
    (failure,) = report.failures
    assert failure.row.position == 3  # the sheet's row: the header is row 1
    assert f"超过 {limits.stall_seconds:g} 秒仍未结束" in str(failure)
    written = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert written == ["市审计局.docx", "市教育局.docx", "市财政局.docx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["pipe", "device", "huge"])
def test_a_template_that_is_no_file_or_too_large_is_refused_before_it_is_read(
    tmp_path: Path, kind: str
) -> None:
    """Security review 22: /dev/zero named 模板.docx filled all memory, a 5 GB file too, and a
    named pipe waited for ever; the data file was bounded, the template was not."""
    from docgen.errors import InputError

    template = tmp_path / "模板.docx"
    if kind == "pipe":
        os.mkfifo(template)
    elif kind == "device":
        template.symlink_to("/dev/zero")
    else:
        with open(template, "wb") as stream:
            stream.truncate(300 * 1024**2)  # sparse: nothing written
    roster = write_roster(tmp_path / "u.xlsx", [{"单位名称": "市教育局"}], ["单位名称"])
    expected = "文件过大（超过 256 MB）" if kind == "huge" else "不是普通文件"
    with pytest.raises(InputError, match=expected):
        merge(template, roster, BatchOptions(tmp_path / "out"))
    assert not (tmp_path / "out").exists()

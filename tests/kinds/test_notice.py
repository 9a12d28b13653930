"""Specs for the per-unit notice (交办通知) and docgen.yaml's ``each:`` batches."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from tests_support import copy_workspace, keep_only_notice, run_docgen, write_unit_roster

from docgen.check import check_document
from docgen.compose.task import Task
from docgen.kinds import notice
from docgen.layout.profile import load_profile
from docgen.pipeline import build
from docgen.workspace import open_workspace

PROFILE = load_profile("gbt9704")


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def notices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_workspace(tmp_path_factory.mktemp("notice"))
    keep_only_notice(root)
    build(open_workspace(root))
    return root / "outputs"


def test_each_unit_of_the_roster_gets_one_notice_with_a_safe_name(notices: Path) -> None:
    names = sorted(p.name for p in (notices / "通知").glob("*.docx"))
    assert len(names) == 34
    assert "市委办公室／市政府办公室.docx" in names
    assert "市文化广电旅游局：市文物局.docx" in names
    assert not any(re.search(r'[/\\:*?"<>|]', n) for n in names)


def test_a_notice_lists_only_its_units_tasks_numbered_by_category(notices: Path) -> None:
    texts = _texts(notices / "通知" / "市委组织部.docx")
    assert "市委组织部：" in texts
    assert "一、整改任务" in texts
    body = "\n".join(texts)
    assert "责任单位：市委组织部" in body
    assert "需由你单位牵头落实的整改任务共3个方面5项，另需配合落实1项，具体如下：" in body
    leads, supports = body.split("（四）需由你单位配合落实的整改任务\n")
    duties = re.findall(r"责任单位：([^；）]+)", leads)
    assert len(duties) == 5 and set(duties) == {"市委组织部"}
    assert any(t.startswith("（一）") for t in texts)
    assert any(t.startswith("1.") for t in texts)
    # Where the problem list names it as 配合单位: told apart from those it leads.
    supports = supports.split("二、有关要求")[0]
    assert re.findall(r"配合单位：([^；）]+)", supports) == ["市委组织部"]
    assert "责任单位：市纪委监委机关" in supports


def test_a_joint_unit_gets_the_tasks_of_each_of_its_names_and_a_chinese_recipient_line(
    notices: Path,
) -> None:
    texts = _texts(notices / "通知" / "市委办公室／市政府办公室.docx")
    assert "市委办公室、市政府办公室：" in texts
    assert "共3个方面4项" in "\n".join(texts)


def test_a_unit_without_tasks_is_told_so_and_skips_the_handover_intro(notices: Path) -> None:
    body = "\n".join(_texts(notices / "通知" / "市教育局.docx"))
    assert "经梳理，本次暂无需由你单位牵头落实的整改任务。请你单位对照本通知要求举一反三" in body
    assert "予以交办" not in body
    assert "责任单位：" not in body


def _form_table(path: Path) -> Any:
    (table,) = [t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "序号"]
    return table


def _form(path: Path) -> tuple[list[str], list[list[str]]]:
    """The report form's lines above its table, and the table's rows, as the unit reads them."""
    texts = _texts(path)
    above = texts[texts.index("整改落实情况反馈表") + 1 :]
    rows = [[c.text for c in row.cells] for row in _form_table(path).rows]
    return [t for t in above if t], rows


FORM_HEADER = [
    "序号",
    "问题表现",
    "整改措施",
    "职责",
    "完成时限",
    "整改进展情况",
    "完成情况",
    "备注",
]


def test_each_notice_attaches_a_report_form_listing_the_units_own_tasks(notices: Path) -> None:
    """Clerk review 16: a 报送表 the unit fills in and sends back, beside the task list."""
    path = notices / "通知" / "市委组织部.docx"
    texts = _texts(path)
    assert "附件：整改落实情况反馈表" in texts
    above, rows = _form(path)
    assert above[:4] == [
        "填报单位（盖章）：市委组织部",
        "单位主要负责同志（签字）：",  # the body asks for it (clerk review 19)
        f"填报人：{'　' * 6}联系电话：{'　' * 6}填报日期：　　　　年　　月　　日",
        "表中已列出交办你单位的任务，自查发现的其他问题请续填在表末空行。",
    ]
    assert rows[0] == FORM_HEADER  # every unit's alike, to be put together when sent back
    tasks, blank = rows[1:-2], rows[-2:]
    assert [row[0] for row in tasks] == ["1", "2", "3", "4", "5", "6"]
    assert [row[3] for row in tasks] == ["牵头"] * 5 + ["配合"]  # as the body lists them
    body = "\n".join(texts)
    for row in tasks:  # the task's own words, as the body gives them (lines joined there)
        assert row[1] in body and row[4] in body
        assert all(line in body for line in row[2].splitlines())
        assert row[5:] == ["", "", ""]
    assert blank == [[""] * 8] * 2
    # The body asks for it by its label.
    assert "整改情况报告和《整改落实情况反馈表》（见附件）经单位主要负责同志签字" in body


def test_a_joint_units_form_names_the_office_each_task_is_for(notices: Path) -> None:
    """Clerk review 18: one form stamped by two offices said not which office leads a row."""
    body = "\n".join(_texts(notices / "通知" / "市委办公室／市政府办公室.docx"))
    _, rows = _form(notices / "通知" / "市委办公室／市政府办公室.docx")
    duties = [row[3] for row in rows[1:-2]]
    assert set(duties) <= {"市委办公室牵头", "市政府办公室牵头", "牵头"}, duties
    assert "市委办公室牵头" in duties and "牵头" in duties  # one task is both offices'
    for row, duty in zip(rows[1:-2], duties, strict=True):
        if duty != "牵头":  # the office it names is the one the body gives the task to
            said = body[body.index(row[1]) :].split("）", 1)[0]
            assert duty.removesuffix("牵头") in said
    _, supports = _form(notices / "通知" / "市住房和城乡建设局.docx")
    assert [row[3] for row in supports[1:-2]] == ["配合", "配合"]


def test_the_report_forms_columns_hold_their_headers_and_blank_rows_room_to_write(
    notices: Path,
) -> None:
    table = _form_table(notices / "通知" / "市委组织部.docx")._tbl
    widths = [int(col.get(qn("w:w"))) for col in table.tblGrid.findall(qn("w:gridCol"))]
    size = PROFILE.elements.table.size.twips
    margins = 2 * 57
    for header, width in zip(FORM_HEADER, widths, strict=True):  # each header on one line
        assert width >= len(header) * size + margins, header
    rows = table.findall(qn("w:tr"))
    heights = [row.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") for row in rows]
    assert all(h is None for h in heights[:-2])  # a task's row is as high as its text
    assert all(int(h.get(qn("w:val"))) >= 2 * size for h in heights[-2:])


def test_a_unit_without_tasks_gets_a_blank_form_or_none_as_asked(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("  blank_rows: 2 ", "  blank_rows: 4 ")
    settings.write_text(text, encoding="utf-8")
    (root / "inputs" / "roster.yaml").write_text(
        "- {单位名称: 市教育局}\n- {单位名称: 市委组织部}\n", encoding="utf-8"
    )
    keep_only_notice(root, "inputs/roster.yaml")
    build(open_workspace(root))
    above, rows = _form(root / "outputs" / "通知" / "市教育局.docx")
    assert above[0] == "填报单位（盖章）：市教育局"
    assert above[3] == "自查发现的问题请逐条填在表中。"
    assert rows == [FORM_HEADER] + [[""] * 8] * 4

    def attachments(unit: str) -> list[str]:
        return [t for t in _texts(root / "outputs" / "通知" / unit) if t.startswith("附件")]

    # Asked only of units with tasks: the others' notices go without an attachment; and
    # a form without rows (no tasks, no blank rows) is none.
    for asked in ("  units_without_tasks: false\n  blank_rows: 4 ", "  blank_rows: 0 "):
        settings.write_text(text.replace("  blank_rows: 4 ", asked), encoding="utf-8")
        build(open_workspace(root))
        assert attachments("市教育局.docx") == []
        assert attachments("市委组织部.docx") == ["附件：整改落实情况反馈表", "附件"]


def test_the_task_table_and_the_report_form_are_attachments_1_and_2(tmp_path: Path) -> None:
    root = _single_notice(tmp_path, "task_table:\n  title: 整改任务清单\n")
    build(open_workspace(root))
    texts = _texts(root / "outputs" / "通知.docx")
    assert "附件：1.整改任务清单" in texts and "2.整改落实情况反馈表" in texts
    labels = [t for t in texts if re.fullmatch(r"附件\d*", t)]
    assert labels == ["附件1", "附件2"]
    assert texts.index("整改任务清单") < texts.index("整改落实情况反馈表")
    assert "整改情况报告和《整改落实情况反馈表》（见附件2）" in "".join(texts)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ("  title: " + "长" * 61, "report_form.title：文字太长，至多 60 个字"),
        ("  blank_rows: true #", "report_form.blank_rows：应为整数"),
    ],
)
def test_report_form_values_out_of_bounds_are_refused(tmp_path: Path, edit: str, said: str) -> None:
    key = edit.split(":")[0]
    root = _edited_notice(tmp_path, lambda text: re.sub(rf"(?m)^{key}:.*$", edit, text, count=1))
    result = run_docgen(root, "build")
    assert result.returncode == 1 and said in result.stderr, result.stderr


def test_invisible_characters_in_report_form_names_are_no_part_of_them(tmp_path: Path) -> None:
    """Security review 25: 序号\u200b passed as a column of its own, 备注\ufeff as another."""
    root = _edited_notice(
        tmp_path,
        lambda text: text.replace(
            "[整改进展情况, 完成情况, 备注]", '["进展\u200b", "备注", "备注\ufeff"]'
        ),
    )
    result = run_docgen(root, "build")
    assert result.returncode == 1 and "反馈表的列「备注」写了两次" in result.stderr


def test_a_report_form_title_in_title_marks_is_written_with_them_once(tmp_path: Path) -> None:
    """Clerk review 19: 《《整改任务落实情况台账》》 in the body, 书名号 in the 附件说明."""
    root = _edited_notice(
        tmp_path,
        lambda text: text.replace("  title: 整改落实情况反馈表", "  title: 《整改任务落实情况表》"),
    )
    build(open_workspace(root))
    texts = _texts(root / "outputs" / "通知.docx")
    assert "附件：整改任务落实情况表" in texts and "整改任务落实情况表" in texts
    assert "整改情况报告和《整改任务落实情况表》（见附件）" in "".join(texts)


_FORM = re.compile(r"report_form:.*\n(  .*\n)*")  # the key and the lines under it


def test_report_form_false_goes_without_the_form(tmp_path: Path) -> None:
    root = _edited_notice(tmp_path, lambda text: _FORM.sub("report_form: false\n", text))
    build(open_workspace(root))
    texts = _texts(root / "outputs" / "通知.docx")
    assert not [t for t in texts if t.startswith("附件")]
    assert "整改情况报告经单位主要负责同志签字" in "".join(texts)


def test_a_printing_date_before_the_signing_date_is_refused(tmp_path: Path) -> None:
    """Clerk review 19: the 版记 said 印发 three days before the notice was signed."""
    root = _edited_notice(
        tmp_path, lambda text: text.replace("printed_on: 2026-11-23", "printed_on: 2026-11-20")
    )
    result = run_docgen(root, "build")
    assert result.returncode == 1
    assert "inputs/notice.yaml:" in result.stderr and "字段 imprint" in result.stderr
    assert "印发日期 printed_on（2026年11月20日）早于成文日期 signed_on（2026年11月23日）" in (
        result.stderr
    )


def test_report_form_written_bare_is_the_form_as_it_comes(tmp_path: Path) -> None:
    """Clerk review 18: `report_form:` with nothing under it dropped the form silently."""
    root = _edited_notice(tmp_path, lambda text: _FORM.sub("report_form:\n", text))
    build(open_workspace(root))
    _, rows = _form(root / "outputs" / "通知.docx")
    assert rows[0] == FORM_HEADER and rows[-2:] == [[""] * 8] * 2


@pytest.mark.parametrize(
    ("columns", "said"),
    [
        ("[整改进展情况, '  ', 备注]", "report_form.columns[2]：不能为空"),
        ("[进展, 完成情况, 进展]", "反馈表的列「进展」写了两次"),
        ("[进展, 完成时限]", "反馈表的列「完成时限」已由表中列出（表中已有的列：序号、"),
        ("[进展, 职 责]", "反馈表的列「职责」已由表中列出"),
        ("[进展]\n  units_without_tasks: true\n  blank_rows: 0\n#", "blank_rows 不能为 0"),
        ("[a, b, c, d, e, f]", "report_form.columns：项数太多，至多 5 项"),
        ("[进展, 情况, 备注]\n  landscape: false", "竖排的反馈表至多 2 个空栏（现为 3 个）"),
    ],
)
def test_report_form_columns_that_cannot_be_are_refused_where_they_are_written(
    tmp_path: Path, columns: str, said: str
) -> None:
    root = _single_notice(tmp_path)
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("[整改进展情况, 完成情况, 备注]", columns)
    if "blank_rows: 0" in columns:
        text = text.replace("  blank_rows: 2 ", "#")
    settings.write_text(text, encoding="utf-8")
    result = run_docgen(root, "build")
    assert result.returncode == 1
    assert "inputs/notice.yaml:3" in result.stderr and said in result.stderr, result.stderr
    assert not (root / "outputs" / "通知.docx").exists()


def test_what_a_unit_without_tasks_is_told_is_the_settings_own(tmp_path: Path) -> None:
    """Clerk review 19: the sentence sent no-task units back to a 问题清单 they never got, and
    was not the office's to change."""
    root = copy_workspace(tmp_path / "ws")
    (root / "inputs" / "roster.yaml").write_text("- {单位名称: 市教育局}\n", encoding="utf-8")
    keep_only_notice(root, "inputs/roster.yaml")
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^      none: .*$", "      none: 你单位本次没有交办任务，请做好自查。", text)
    settings.write_text(text, encoding="utf-8")
    build(open_workspace(root))
    assert "你单位本次没有交办任务，请做好自查。" in _texts(
        root / "outputs" / "通知" / "市教育局.docx"
    )


def test_copies_are_numbered_with_six_digits_in_roster_order(notices: Path) -> None:
    assert _texts(notices / "通知" / "市委办公室／市政府办公室.docx")[0] == "000001"
    assert _texts(notices / "通知" / "临江经济开发区管委会.docx")[0] == "000034"
    # The manifest says which copy went to whom, for the 分发登记 (clerk review 16).
    manifest = json.loads((notices / "manifest.json").read_text(encoding="utf-8"))
    given = {
        o["extra"]["copy_number"]: o["extra"]["recipient"]
        for o in manifest["outputs"]
        if o["name"] == "notice"
    }
    assert given["000001"] == "市委办公室、市政府办公室"
    assert len(given) == 34


def test_a_form_the_body_never_asks_for_is_said(tmp_path: Path) -> None:
    """Clerk review 19: with a requirements part that does not print materials, the form was
    attached and nothing in the body asked the unit to send it back."""
    root = copy_workspace(tmp_path / "ws")
    (root / "inputs" / "roster.yaml").write_text("- {单位名称: 市委组织部}\n", encoding="utf-8")
    keep_only_notice(root, "inputs/roster.yaml")
    (batch,) = build(open_workspace(root)).batches
    assert not [n for n in batch.report.notes if "materials" in n]
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  - fragment: notice.requirements\n", ""), "utf-8")
    (batch,) = build(open_workspace(root)).batches
    (said,) = [n for n in batch.report.notes if "materials" in n]
    assert said.startswith(
        "通知附有《整改落实情况反馈表》（report_form），但正文各部分都没有提到它"
    )


def _notice_input(root: Path) -> notice.Input:
    from docgen.load import load_yaml_text
    from docgen.validate import validate_model

    path = root / "inputs" / "notice.yaml"
    located = load_yaml_text(path.read_text(encoding="utf-8"), "inputs/notice.yaml")
    return validate_model(notice.Input, located, context={"profile": PROFILE})


def _row(position: int, unit: str) -> Any:
    from docgen.errors import Location
    from docgen.load.roster import Row

    return Row(position - 1, {"单位名称": unit}, Location(row=position))


def test_a_roster_writing_units_by_their_full_names_gives_them_their_tasks(
    tmp_path: Path,
) -> None:
    """Clerk review 19: 中共临江市委组织部 in the roster was told it had no tasks, the problem
    list's 市委组织部 said to be no roster unit's."""
    root = copy_workspace(tmp_path / "ws")
    (root / "inputs" / "roster.yaml").write_text(
        "- {单位名称: 中共临江市委组织部}\n- {单位名称: 临江市民政局}\n", encoding="utf-8"
    )
    keep_only_notice(root, "inputs/roster.yaml")
    (batch,) = build(open_workspace(root)).batches
    assert not [n for n in batch.report.notes if "「市委组织部」" in n or "「市民政局」" in n]
    # The same unit written both ways is one unit listed twice (code review 27).
    notes = notice.roster_notes(
        _notice_input(root),
        [_row(2, "中共临江市委组织部"), _row(3, "市委组织部")],
        tables={"problems": []},
    )
    assert any("出现了 2 次（第2、3行）" in n for n in notes), notes
    folder = root / "outputs" / "通知"
    body = "\n".join(_texts(folder / "中共临江市委组织部.docx"))
    assert "中共临江市委组织部：" in body and "共3个方面5项，另需配合落实1项" in body
    assert "配合单位：市医疗保障局、市民政局" in "\n".join(_texts(folder / "临江市民政局.docx"))


def test_a_roster_column_of_copy_numbers_keeps_each_units_number(tmp_path: Path) -> None:
    """Taken off the roster, a unit leaves the others' 份号 as they were issued."""
    root = copy_workspace(tmp_path / "ws")
    (root / "inputs" / "roster.yaml").write_text(
        "- {单位名称: 市委组织部, 份号: 12}\n"
        "- {单位名称: 市教育局, 份号: '000007'}\n"
        "- {单位名称: 市民政局}\n"
        "- {单位名称: 市财政局, 份号: 第8份}\n"
        "- {单位名称: 市商务局, 份号: 3}\n",
        encoding="utf-8",
    )
    keep_only_notice(root, "inputs/roster.yaml")
    (batch,) = build(open_workspace(root)).batches
    assert "份号 000003 出现了 2 次（第3、5行），每个份号应只给一份" in batch.report.notes
    (failure,) = batch.report.failures
    assert "第 4 条" in str(failure)
    assert "「份号」是「第8份」：份号应为 1 至 999999 的数字" in str(failure)
    folder = root / "outputs" / "通知"
    assert _texts(folder / "市委组织部.docx")[0] == "000012"
    assert _texts(folder / "市教育局.docx")[0] == "000007"
    assert _texts(folder / "市民政局.docx")[0] == "000003"  # copy_number, in row order
    assert not [note for note in batch.report.notes if "没有填写" in note]
    # Without copy_number, the rows left blank go without a 份号: said.
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("\ncopy_number: 1", "\n"), encoding="utf-8")
    (batch,) = build(open_workspace(root)).batches
    assert "名单的「份号」列有 1 行没有填写（第3行），这些通知没有份号" in "\n".join(
        batch.report.notes
    )


def test_copies_renumbered_since_the_last_build_are_said(tmp_path: Path) -> None:
    """Clerk review 19: a unit taken out of the roster moved every later unit's 份号, and
    the notices already registered as sent under the old numbers were not mentioned."""
    root = copy_workspace(tmp_path / "ws")
    roster = root / "inputs" / "roster.yaml"
    units = ["市委组织部", "市委宣传部", "市教育局", "市民政局"]
    roster.write_text("".join(f"- {{单位名称: {u}}}\n" for u in units), encoding="utf-8")
    keep_only_notice(root, "inputs/roster.yaml")
    (batch,) = build(open_workspace(root)).batches
    assert not [n for n in batch.report.notes if "份号变了" in n]
    roster.write_text("".join(f"- {{单位名称: {u}}}\n" for u in units[1:]), encoding="utf-8")
    (batch,) = build(open_workspace(root)).batches
    (said,) = [n for n in batch.report.notes if "份号变了" in n]
    assert said.startswith(
        "与上次生成相比，3 个单位的份号变了（市委宣传部 000002→000001、市教育局 000003→000002、"
        "市民政局 000004→000003）"
    )


def test_the_roster_deadline_reaches_the_notice(notices: Path) -> None:
    body = "\n".join(_texts(notices / "通知" / "市委组织部.docx"))
    assert "于12月31日前报送" in body


def test_the_manifest_records_each_notice_with_its_row_and_sha256(notices: Path) -> None:
    manifest = json.loads((notices / "manifest.json").read_text(encoding="utf-8"))
    records = {r["output"]: r for r in manifest["outputs"]}
    record = records["outputs/通知/市委组织部.docx"]
    assert record["extra"]["row"] == 5
    assert "第5行" in record["extra"]["source"]
    data = (notices / "通知" / "市委组织部.docx").read_bytes()
    assert record["sha256"] == hashlib.sha256(data).hexdigest()
    assert "inputs/units.xlsx" in {i["path"] for i in record["inputs"]}
    assert len(records) == 34


def test_docgen_check_finds_no_error_in_a_notice(notices: Path) -> None:
    for name in ("市委组织部.docx", "市教育局.docx", "市委办公室／市政府办公室.docx"):
        findings = check_document(
            (notices / "通知" / name).read_bytes(), name, PROFILE, kind="formal"
        )
        assert [f for f in findings if f.severity == "error"] == [], name


def test_a_failing_row_is_named_by_row_number_while_the_others_are_written(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    write_unit_roster(
        root / "inputs" / "roster.xlsx",
        [("市委组织部", "2026年12月15日"), (None, "2026年12月15日"), ("市委组织部", None)],
    )
    keep_only_notice(root, "inputs/roster.xlsx")
    result = run_docgen(root, "build")
    assert result.returncode == 1
    assert "第3行" in result.stderr and "单位名称" in result.stderr
    # Not told to make the 主送 optional in the file name (clerk review 19): the row fails.
    assert "{% if 单位名称 %}" not in result.stderr
    assert "共 3 行：已生成 2 个文件，1 行失败" in result.stdout
    written = sorted(p.name for p in (root / "outputs" / "通知").iterdir())
    assert written == ["市委组织部-2.docx", "市委组织部.docx"]
    manifest = json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(r["extra"]["row"] for r in manifest["outputs"]) == [2, 4]


def test_a_deadline_that_is_not_a_date_fails_its_row_quoting_the_cell(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    write_unit_roster(
        root / "inputs" / "roster.xlsx",
        [("市委组织部", "2026年12月15日"), ("市教育局", "12月中旬")],
    )
    keep_only_notice(root, "inputs/roster.xlsx")
    (failure,) = build(open_workspace(root)).batches[0].report.failures
    said = str(failure)
    assert "第3行：「报送截止日期」是「12月中旬」，不是日期" in said


def test_a_unit_name_cannot_point_outside_the_output_folder(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    write_unit_roster(root / "inputs" / "roster.xlsx", [("../../市委组织部", "2026年12月15日")])
    keep_only_notice(root, "inputs/roster.xlsx")
    result = build(open_workspace(root))
    assert len(result.batches[0].done) == 1
    (written,) = (p for p in root.rglob("*.docx") if "市委组织部" in p.name)
    assert written.parent == root / "outputs" / "通知"
    assert "/" not in written.name and not written.name.startswith(".")


def test_a_title_that_is_not_a_notice_is_refused() -> None:
    with pytest.raises(ValueError, match="通知"):
        notice.Input._is_notice("关于交办整改任务的方案")  # type: ignore[operator]


def _single_notice(tmp_path: Path, extra: str = "", deadline: str = "2026-12-15") -> Path:
    """The example workspace building one notice to 市纪委监委机关 (no roster)."""
    root = copy_workspace(tmp_path / "ws")
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8").replace("copy_number: 1", "unit: 市纪委监委机关")
    text = text.replace("deadline: 2026-12-15", f"deadline: {deadline}")
    settings.write_text(text + extra, encoding="utf-8")
    config = (root / "docgen.yaml").read_text(encoding="utf-8")
    head, _, _ = config.partition("documents:")
    (root / "docgen.yaml").write_text(
        head + "documents:\n  - name: notice\n    kind: notice\n    input: inputs/notice.yaml\n"
        "    output: 通知.docx\n",
        encoding="utf-8",
    )
    return root


def _edited_notice(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """The single notice's workspace with ``edit`` applied to its notice.yaml."""
    root = _single_notice(tmp_path)
    settings = root / "inputs" / "notice.yaml"
    settings.write_text(edit(settings.read_text(encoding="utf-8")), encoding="utf-8")
    return root


def test_a_single_notice_names_its_unit_and_can_attach_its_task_table(tmp_path: Path) -> None:
    root = _single_notice(tmp_path, "task_table:\n  title: 整改任务清单\n")
    build(open_workspace(root))
    document = docx.Document(str(root / "outputs" / "通知.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "中共临江市委办公室文件"  # no 份号 asked for
    assert "市纪委监委机关：" in texts
    assert any(t.startswith("附件：") for t in texts)
    (table,) = [t for t in document.tables if "责任单位" in [c.text for c in t.rows[0].cells]]
    header = [c.text for c in table.rows[0].cells]
    lead, support = header.index("责任单位"), header.index("配合单位")
    for row in table.rows[1:]:  # those it leads, then those it supports
        assert "市纪委监委机关" in row.cells[lead].text + row.cells[support].text


@pytest.mark.parametrize(
    "deadline", ["2026年12月31日前", "2026年12月底", "2026年12月底前", "12月31日前", "12月底"]
)
def test_a_deadline_written_with_its_before_is_read_as_the_roster_reads_it(
    tmp_path: Path, deadline: str
) -> None:
    """A month's end too (clerk review 16: notice.yaml refused what the roster column took)."""
    root = _single_notice(tmp_path, deadline=deadline)
    build(open_workspace(root))
    assert "于12月31日前报送" in "\n".join(_texts(root / "outputs" / "通知.docx"))


def test_a_roster_deadline_without_its_year_is_the_next_one_after_signing(
    tmp_path: Path,
) -> None:
    """Clerk review 19: 12月15日前 and 1月15日前 were refused as no dates."""
    root = copy_workspace(tmp_path / "ws")
    (root / "inputs" / "roster.yaml").write_text(
        "- {单位名称: 市委组织部, 报送截止日期: 12月15日前}\n"
        "- {单位名称: 市教育局, 报送截止日期: 1月15日}\n",
        encoding="utf-8",
    )
    keep_only_notice(root, "inputs/roster.yaml")
    (batch,) = build(open_workspace(root)).batches
    assert not batch.report.failures
    folder = root / "outputs" / "通知"
    assert "于12月15日前报送" in "".join(_texts(folder / "市委组织部.docx"))
    assert "于2027年1月15日前报送" in "".join(_texts(folder / "市教育局.docx"))
    # And the units without any task are counted, to be checked (clerk review 19).
    (said,) = [n for n in batch.report.notes if "没有牵头或配合的任务" in n]
    assert said.startswith("名单中 1 个单位在问题清单中没有牵头或配合的任务（市教育局）")


def test_a_single_notices_deadline_before_its_signing_date_is_refused(tmp_path: Path) -> None:
    from docgen.errors import DocgenError

    root = _single_notice(tmp_path, deadline="2026-01-15")
    with pytest.raises(DocgenError, match="早于发文日期") as raised:
        build(open_workspace(root))
    assert "inputs/notice.yaml" in str(raised.value)


def test_roster_notes_see_units_by_every_name_they_are_written_with() -> None:
    from docgen.errors import Location
    from docgen.load.roster import Row

    def row(position: int, unit: str) -> Row:
        return Row(position - 1, {"单位名称": unit}, Location(row=position))

    class Problem:
        def __init__(self, unit: str) -> None:
            self.unit = unit
            self.partners = ""

    data = notice.Input.model_construct(
        columns=notice.Input.model_fields["columns"].default_factory(), organ="中共临江市委办公室"
    )
    rows = [
        row(2, "市委办公室/市政府办公室"),
        row(3, "市委办公室／市政府办公室"),
        row(4, "市委办公室"),
    ]
    tables = {
        "problems": [Problem("市委办公室"), Problem("市委组织部、市外单位"), Problem("市外单位")]
    }
    notes = notice.roster_notes(data, rows, tables=tables)  # type: ignore[arg-type]
    assert "名单中「市委办公室/市政府办公室」出现了 2 次（第2、3行），每次各生成一份" in notes
    assert any(n.startswith("「市委办公室」同时在名单的") for n in notes)
    assert (
        "问题清单中责任单位「市外单位」的 2 项任务，名单中没有这个单位，不会写进任何通知" in notes
    )
    assert (
        "问题清单中责任单位「市委组织部」的 1 项任务，名单中没有这个单位，不会写进任何通知" in notes
    )
    # A task names a lost unit twice: one task (security review 24); a long name shortened.
    tables = {"problems": [Problem("市甲局、市甲局（牵头）"), Problem("市" + "乙" * 100 + "局")]}
    notes = notice.roster_notes(data, rows, tables=tables)  # type: ignore[arg-type]
    lost = [note for note in notes if "不会写进任何通知" in note]
    assert lost[0].startswith("问题清单中责任单位「市甲局」的 1 项任务")
    assert lost[1].startswith(f"问题清单中责任单位「市{'乙' * 38}…」的 1 项任务")
    # A unit named with its other name in brackets is the roster's unit: not said as lost.
    tables = {"problems": [Problem("市委办公室（市政府办公室）")]}
    notes = notice.roster_notes(data, rows, tables=tables)  # type: ignore[arg-type]
    assert not [note for note in notes if "不会写进任何通知" in note]


def test_units_of_the_problem_list_no_notice_gets_are_said_with_the_one_probably_meant() -> None:
    from docgen.errors import Location
    from docgen.load.roster import Row

    class Problem:
        def __init__(self, unit: str, partners: str = "") -> None:
            self.unit = unit
            self.partners = partners

    data = notice.Input.model_construct(
        columns=notice.Input.model_fields["columns"].default_factory(), organ="中共临江市委办公室"
    )
    units = ["市发展和改革委员会", "市人力资源和社会保障局", "市纪委监委机关", "市卫健委"]
    rows = [Row(n, {"单位名称": unit}, Location(row=n + 1)) for n, unit in enumerate(units, 1)]
    problems = [
        Problem("市发展改革委"),
        Problem("市卫生健康委员会"),  # clerk review 15: the roster's name is the short one
        Problem("市人社局"),  # a short form no spelling distance finds
        Problem("市人力资源和\n社会保障局"),
        Problem("市纪委监委机关（牵头单位）"),
        Problem("市委、市纪委监委机关"),  # 市委 is in no roster unit, though in a longer name
        Problem("市纪委监委机关", partners="市住建局"),  # 配合单位 are looked up too
    ]
    notes = notice.roster_notes(data, rows, tables={"problems": problems})  # type: ignore[arg-type]
    assert [note for note in notes if note.startswith("问题清单")] == [
        "问题清单中责任单位「市发展改革委」的 1 项任务，名单中没有这个单位，不会写进任何通知："
        "是不是名单中的「市发展和改革委员会」？若是，请把两处写成同一个名称，"
        "否则「市发展和改革委员会」的通知中没有这些任务",
        "问题清单中责任单位「市卫生健康委员会」的 1 项任务，名单中没有这个单位，不会写进任何通知："
        "是不是名单中的「市卫健委」？若是，请把两处写成同一个名称，"
        "否则「市卫健委」的通知中没有这些任务",
        "问题清单中责任单位「市人社局」的 1 项任务，名单中没有这个单位，不会写进任何通知："
        "是不是名单中的「市人力资源和社会保障局」？若是，请把两处写成同一个名称，"
        "否则「市人力资源和社会保障局」的通知中没有这些任务",
        "问题清单中责任单位「市委」的 1 项任务，名单中没有这个单位，不会写进任何通知",
        "问题清单中配合单位「市住建局」的 1 项任务，名单中没有这个单位，不会写进任何通知",
    ]


def test_a_role_mark_in_the_responsible_unit_cell_does_not_hide_the_unit() -> None:
    def role(cell: str, unit: str, partners: str = "") -> str | None:
        task = Task("类别", "问题", "措施", "领导", cell, None, partners)  # type: ignore[arg-type]
        return notice._role_of(task, unit)

    # The problem list writes "市委办公室（牵头）、市商务局"; each unit still gets its task.
    assert role("市委办公室（牵头）、市商务局", "市委办公室") == "lead"
    assert role("市委办公室（牵头）、市商务局", "市商务局") == "lead"
    assert role("市政府办公室", "市委办公室/市政府办公室") == "lead"
    assert role("市委办公室（牵头）", "市商务局") is None
    # Other marks people write, and a unit marked as supporting, or named as 配合单位.
    assert role("市纪委监委机关（牵头单位）", "市纪委监委机关") == "lead"
    assert role("市教育局牵头，市财政局配合", "市教育局") == "lead"
    assert role("市教育局牵头，市财政局配合", "市财政局") == "support"
    assert role("市教育局（牵头）、市科学技术局（协办）", "市科学技术局") == "support"
    assert role("市教育局", "市财政局", partners="市财政局、市审计局") == "support"
    # Brackets of either width, and a name wrapped in its cell (Alt+Enter), are one unit.
    assert role("临江经济开发区（高新区）管委会", "临江经济开发区(高新区)管委会") == "lead"
    assert role("市人力资源和\n社会保障局", "市人力资源和社会保障局") == "lead"
    assert role("市委办公室\n市财政局", "市财政局") == "lead"
    # Clerk review 16: a 、 inside brackets parts no units, and a unit's other name in
    # brackets after its own is either of them.
    assert role("各县（市、区）", "各县（市、区）") == "lead"
    assert role("各县（市、区）", "区）") is None
    assert (
        role("临江高新区（开发区、综保区）管委会", "临江高新区（开发区、综保区）管委会") == "lead"
    )
    assert role("市委组织部（市公务员局）", "市委组织部") == "lead"
    assert role("市公务员局", "市委组织部（市公务员局）") == "lead"
    assert role("市民政局（市老龄办）（配合）", "市民政局") == "support"
    # Code review 24: a bracket never closed holds no separator; a place in brackets is no
    # second name; a full stop after a role mark leaves the mark read.
    assert role("市民政局（市老龄办、市财政局", "市财政局") == "lead"
    assert role("市住建局（临江区）", "临江区") is None
    assert role("市财政局（牵头）。", "市财政局") == "lead"
    assert role("市教育局牵头，市人社局配合。", "市人社局") == "support"


def test_a_space_or_line_break_typed_inside_a_units_name_is_no_second_unit(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    write_unit_roster(
        root / "inputs" / "roster.xlsx",
        [("市委 组织部", None), ("市人力资源和\n社会保障局", None), ("市　商务局", None)],
    )
    keep_only_notice(root, "inputs/roster.xlsx")
    (batch,) = build(open_workspace(root)).batches
    notes = "\n".join(batch.report.notes)
    assert "「市委 组织部」中的空格或换行已去掉，按一个单位「市委组织部」处理" in notes
    assert "「市人力资源和⏎社会保障局」中的空格或换行已去掉" in notes
    assert "「市委组织部」的" not in notes  # its tasks are found
    folder = root / "outputs" / "通知"
    texts = {p.name: "\n".join(_texts(p)) for p in folder.glob("*.docx")}
    assert [t for t in texts.values() if "市委组织部：" in t]
    assert [t for t in texts.values() if "市人力资源和社会保障局：" in t]
    assert [t for t in texts.values() if "市商务局：" in t]
    assert not [t for t in texts.values() if "市委、组织部" in t or "市、商务局" in t]


def test_a_units_own_notice_is_not_copied_to_it(notices: Path) -> None:
    def copied_to(unit: str) -> list[str]:
        document = docx.Document(str(notices / "通知" / f"{unit}.docx"))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return [text for text in cells if text.startswith("抄送")]

    assert copied_to("市委组织部") == ["抄送：市纪委监委。"]
    assert copied_to("市教育局") == ["抄送：市纪委监委，市委组织部。"]
    assert copied_to("市纪委监委机关") == ["抄送：市委组织部。"]  # 市纪委监委 is its organ


def test_a_name_wrapped_in_a_problem_list_cell_is_printed_whole_as_the_roster_has_it() -> None:
    from docgen.errors import Location
    from docgen.kinds.problems import ProblemRow
    from docgen.load.roster import Row

    data = notice.Input.model_construct(
        columns=notice.Input.model_fields["columns"].default_factory(), organ="中共临江市委办公室"
    )
    rows = [Row(1, {"单位名称": "市市场监督管理局"}, Location(row=2))]
    cell = ProblemRow.model_construct(
        unit="市市场\n监督管理局（牵头）", partners="市财政局\n市商务局"
    )
    extra = notice.for_roster(data, rows, {"tables": {"problems": [cell]}, "other": 1})
    (problem,) = extra["tables"]["problems"]
    assert problem.unit == "市市场监督管理局（牵头）"
    assert problem.partners == "市财政局\n市商务局"  # two units the roster does not join
    assert extra["other"] == 1 and cell.unit == "市市场\n监督管理局（牵头）"  # a copy


def _wrap_g18(root: Path) -> None:
    """G18 names 市市场监督管理局 as 配合单位: wrapped after 市场 (Alt+Enter)."""
    import openpyxl

    path = root / "inputs" / "problems.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.active["G18"].value == "市市场监督管理局"
    book.active["G18"].value = "市市场\n监督管理局"
    book.save(path)


def test_a_build_prints_a_wrapped_name_of_the_roster_whole(tmp_path: Path) -> None:
    """A wrapped name is still one unit in every notice that lists the task."""
    root = copy_workspace(tmp_path / "ws")
    _wrap_g18(root)
    keep_only_notice(root)
    (batch,) = build(open_workspace(root)).batches
    text = "\n".join(_texts(root / "outputs" / "通知" / "市市场监督管理局.docx"))
    assert "配合单位：市市场监督管理局" in text and "市市场、监督管理局" not in text
    assert not [note for note in batch.report.notes if "监督管理局」的" in note]


def test_a_single_notice_prints_its_own_wrapped_name_whole(tmp_path: Path) -> None:
    root = _single_notice(tmp_path)
    settings = root / "inputs" / "notice.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "unit: 市纪委监委机关", "unit: 市市场监督管理局"
    )
    settings.write_text(text, encoding="utf-8")
    _wrap_g18(root)
    build(open_workspace(root))
    text = "\n".join(_texts(root / "outputs" / "通知.docx"))
    assert "配合单位：市市场监督管理局" in text and "市市场、监督管理局" not in text


def test_a_unit_column_blank_in_every_row_is_said_so_not_missing() -> None:
    from docgen.errors import InputError, Location
    from docgen.load.roster import Row

    data = notice.Input.model_construct(
        columns=notice.Input.model_fields["columns"].default_factory(), organ="中共临江市委办公室"
    )
    rows = [Row(n, {"序号": str(n), "联系人": "王芳"}, Location(row=n + 1)) for n in (1, 2)]
    header = ("序号", "单位名称", "联系人", "联系电话")
    with pytest.raises(InputError, match="「单位名称」列每一行都是空的"):
        notice.roster_notes(data, rows, tables={"problems": []}, columns=header)
    with pytest.raises(InputError, match="名单的列：序号、联系人、联系电话"):
        notice.roster_notes(data, rows, tables={"problems": []}, columns=header[:1] + header[2:])


def test_a_unit_differing_by_more_than_a_character_gets_no_suggestion() -> None:
    from docgen.errors import Location
    from docgen.load.roster import Row

    class Problem:
        def __init__(self, unit: str) -> None:
            self.unit, self.partners = unit, ""

    data = notice.Input.model_construct(
        columns=notice.Input.model_fields["columns"].default_factory(), organ="中共临江市委办公室"
    )
    units = ["市委组织部", "市财政局", "市卫生健康委员会"]
    rows = [Row(n, {"单位名称": unit}, Location(row=n + 1)) for n, unit in enumerate(units, 1)]
    problems = [Problem("市民政局"), Problem("市卫生建康委员会")]  # another unit; a typo
    notes = notice.roster_notes(data, rows, tables={"problems": problems})  # type: ignore[arg-type]
    said = [note for note in notes if note.startswith("问题清单")]
    assert said[0].endswith("不会写进任何通知")  # 市民政局 is not 市财政局
    assert "是不是名单中的「市卫生健康委员会」？" in said[1]


def test_a_joint_units_duty_names_each_offices_part_when_they_differ() -> None:
    """Security review 25: an office that supports a task its partner leads lost its part."""

    class Problem:
        def __init__(self, unit: str, partners: str = "") -> None:
            self.unit, self.partners = unit, partners

    joint = "市委办公室/市政府办公室"
    duty = notice._duty  # the form's 职责 cell
    assert duty(Problem("市委办公室", "市政府办公室"), joint, "临江市") == (  # type: ignore[arg-type]
        "市委办公室牵头、市政府办公室配合"
    )
    assert duty(Problem("市委办公室、市政府办公室"), joint, "临江市") == "牵头"  # type: ignore[arg-type]
    assert duty(Problem("市委办公室"), joint, "临江市") == "市委办公室牵头"  # type: ignore[arg-type]
    assert duty(Problem("市民政局", "市委组织部"), "市委组织部", "临江市") == "配合"  # type: ignore[arg-type]

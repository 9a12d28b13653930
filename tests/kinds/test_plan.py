"""Specs for the rectification plan (整改方案), composed from inputs/plan.yaml and problems.xlsx."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from docgen.compose.numbering import number
from docgen.compose.outline import (
    AttachmentNote,
    HeaderBlock,
    Imprint,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from docgen.compose.tasklist import task_table
from docgen.errors import DocgenError, ErrorGroup, InputError
from docgen.kinds import plan
from docgen.kinds.base import Composition
from docgen.kinds.problems import PROBLEM_LIST, ProblemRow
from docgen.layout.profile import load_profile
from docgen.library import FragmentStore, load_store
from docgen.load import Located, load_yaml
from docgen.load.table import load_table
from docgen.validate import validate_model
from docgen.validate.table import validate_rows

ROOT = Path(__file__).resolve().parents[2]
PROFILE = load_profile("gbt9704")


@pytest.fixture(scope="module")
def store() -> FragmentStore:
    return load_store([ROOT / "fragments"], base=ROOT)


@pytest.fixture(scope="module")
def rows() -> list[ProblemRow]:
    table = load_table(
        ROOT / "inputs" / "problems.xlsx",
        "inputs/problems.xlsx",
        headers=PROBLEM_LIST.headers,
        required=PROBLEM_LIST.required,
    )
    return validate_rows(ProblemRow, table)


@pytest.fixture(scope="module")
def example() -> Located:
    return load_yaml(ROOT / "inputs" / "plan.yaml", "inputs/plan.yaml")


Compose = Callable[..., Composition]


@pytest.fixture
def compose(example: Located, store: FragmentStore, rows: list[ProblemRow]) -> Compose:
    """Compose the example after ``edit`` has changed a private copy of its settings."""

    def run(
        edit: Callable[[dict[str, Any]], None] | None = None, profile: Any = PROFILE
    ) -> Composition:
        source = Located(
            copy.deepcopy(example.data), example.source, example.positions, example.origin
        )
        if edit is not None:
            edit(source.data)
        data = validate_model(plan.Input, source, context={"profile": profile})
        return plan.compose(data, store, source, tables={"problems": rows})

    return run


def texts(composition: Composition, element: str | None = None) -> list[str]:
    items = number(composition.outline)
    return [p.text for p in items if isinstance(p, Paragraph) and element in (None, p.element)]


# The body ---------------------------------------------------------------------------------------


def test_sections_are_numbered_from_their_order(compose: Compose) -> None:
    assert texts(compose(), "heading1") == [
        "一、指导思想",
        "二、工作目标",
        "三、整改任务",
        "四、方法步骤",
        "五、工作要求",
    ]


def test_removing_a_section_renumbers_the_rest(compose: Compose) -> None:
    headings = texts(compose(lambda d: d["sections"].pop(0)), "heading1")
    assert headings[:2] == ["一、工作目标", "二、整改任务"]


def test_task_section_counts_problems_categories_and_kinds_of_deadline(compose: Compose) -> None:
    intro = next(t for t in texts(compose()) if t.startswith("对照"))
    assert "共梳理出5个方面27个问题" in intro
    assert "立行立改的4个，限期整改的19个，需长期坚持的4个" in intro


def test_tasks_are_grouped_by_category_in_sheet_order_and_numbered_within_each(
    compose: Compose,
) -> None:
    body = texts(compose())
    assert texts(compose(), "heading2")[:5] == [
        "（一）思想认识方面",
        "（二）工作作风方面",
        "（三）纪律规矩方面",
        "（四）服务效能方面",
        "（五）制度建设方面",
    ]
    first = body.index("（二）工作作风方面")
    assert body[first + 1].startswith("1.部分窗口单位服务意识不强")
    assert "整改措施：全面推行首问负责" in body[first + 1]
    assert body[first + 1].endswith(
        "（责任领导：许文静；责任单位：市政务服务数据管理局；完成时限：立行立改）"
    )


def test_multi_line_measures_join_into_one_sentence(compose: Compose) -> None:
    item = next(t for t in texts(compose()) if "宗旨意识淡薄" in t)
    assert "实践活动；新入职干部到服务窗口轮岗锻炼不少于1个月。" in item


def test_phases_show_their_dates_and_the_steps_their_whole_duration(compose: Compose) -> None:
    body = texts(compose())
    assert "（一）动员部署阶段（11月23日—11月30日）" in body
    assert "（三）集中整改阶段（2026年12月16日—2027年3月15日）" in body
    assert any("时间为2026年11月23日至2027年3月31日" in t for t in body)
    assert any("力争2027年3月底前实现以下目标" in t for t in body)


def test_phases_must_follow_one_another(compose: Compose) -> None:
    def overlap(data: dict[str, Any]) -> None:
        data["sections"][3]["phases"][1]["start"] = datetime.date(2026, 11, 30)

    with pytest.raises(InputError, match="不晚于上一阶段的结束日期") as caught:
        compose(overlap)
    assert caught.value.location.file == "inputs/plan.yaml"
    assert caught.value.location.line is not None


def test_a_phase_ending_before_it_starts_is_refused(compose: Compose) -> None:
    def backwards(data: dict[str, Any]) -> None:
        data["sections"][3]["phases"][0]["end"] = datetime.date(2026, 11, 1)

    with pytest.raises(InputError, match="早于开始日期"):
        compose(backwards)


def test_a_section_is_either_a_fragment_or_the_tasks(compose: Compose) -> None:
    def both(data: dict[str, Any]) -> None:
        data["sections"][2]["fragment"] = "plan.scope"

    with pytest.raises(InputError, match="二者取一"):
        compose(both)


# Around the body --------------------------------------------------------------------------------


def test_header_slot_holds_the_issuer_mark_and_doc_number(compose: Compose) -> None:
    (header,) = compose().slots["header"].blocks
    assert header == HeaderBlock("中共临江市委办公室文件", "临委办发〔2026〕23号", None)


def test_issuer_mark_defaults_to_the_organ_and_the_word_wenjian(compose: Compose) -> None:
    (header,) = compose(lambda d: d.pop("issuer_mark")).slots["header"].blocks
    assert isinstance(header, HeaderBlock) and header.issuer_mark == "中共临江市委办公室文件"


def test_attachment_note_signature_note_attachment_and_imprint_follow_the_body(
    compose: Compose,
) -> None:
    items = number(compose().outline)
    kinds = [type(i).__name__ for i in items if not isinstance(i, Paragraph)]
    assert kinds == ["AttachmentNote", "Signature", "PageBreak", "Table", "Imprint"]
    note = next(i for i in items if isinstance(i, AttachmentNote))
    assert note.titles == ("临江市作风纪律专项整治问题整改任务清单",)
    assert next(i for i in items if isinstance(i, Signature)) == Signature(
        "中共临江市委办公室", "2026年11月22日"
    )
    after = items.index(next(i for i in items if isinstance(i, Signature)))
    assert items[after + 1] == Paragraph.of("（此件发至县级党委）")
    assert next(i for i in items if isinstance(i, PageBreak)).landscape
    assert items[-1] == Imprint(
        "中共临江市委办公室",
        "2026年11月22日",
        "市纪委监委，市人大常委会办公室，市政府办公室，市政协办公室",
    )


def test_a_single_attachment_is_labelled_without_a_number(compose: Compose) -> None:
    labels = texts(compose(), "attachment_label")
    assert labels == ["附件"]


def test_task_table_lists_every_task_numbered_with_categories_merged(compose: Compose) -> None:
    table = next(i for i in number(compose().outline) if isinstance(i, Table))
    assert [c.title for c in table.columns] == [
        "序号", "问题类别", "问题表现", "整改措施", "责任领导", "责任单位", "配合单位", "完成时限",
    ]  # fmt: skip
    assert [row[0].text for row in table.rows] == [str(n) for n in range(1, 28)]
    categories = [row[1] for row in table.rows[:6]]
    assert [c.merged for c in categories] == [False, True, True, True, True, False]
    assert table.rows[2][7].text == "2027年3月31日前"


def test_the_partners_column_is_left_out_when_no_task_has_partners(
    rows: list[ProblemRow],
) -> None:
    tasks = [row.task() for row in rows]
    bare = [t.__class__(**{**t.__dict__, "partners": ""}) for t in tasks]
    assert "配合单位" not in [c.title for c in task_table(bare).columns]


def test_the_ledger_is_an_extra_output_with_the_tasks_in_plan_order(compose: Compose) -> None:
    (output,) = compose().outputs
    assert output.name == "临江市作风纪律专项整治问题整改台账.xlsx"
    assert output.writer == "ledger"
    ledger = output.data
    assert [t.number for t in ledger.tasks] == [str(n) for n in range(1, 28)]
    assert ledger.created == datetime.date(2026, 11, 22)


def test_context_fills_the_templates_title_and_recipients(compose: Compose) -> None:
    context = compose().context
    assert context["title"] == "临江市作风纪律专项整治问题整改方案"
    assert (
        context["recipients"]
        == "各县（市、区）委，市委各部委，市级国家机关各部门党组（党委），各人民团体党组"
    )


# Validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc_number", "hint"),
    [
        ("临委办发[2026]23号", "六角括号"),
        ("临委办发（2026）23号", "六角括号"),
        ("临委办发〔2026〕第23号", "不加“第”"),
        ("临委办发〔2026〕023号", "不编虚位"),
        ("临委办发2026年23号", "机关代字〔年份〕序号号"),
    ],
)
def test_a_malformed_doc_number_is_refused_with_a_hint(
    compose: Compose, doc_number: str, hint: str
) -> None:
    with pytest.raises(InputError, match=hint) as caught:
        compose(lambda d: d.update(doc_number=doc_number))
    assert caught.value.location.field == "doc_number"
    assert caught.value.location.line == 6


def test_the_doc_number_pattern_comes_from_the_profile(compose: Compose) -> None:
    strict = PROFILE.model_copy(update={"doc_number_pattern": r"^临委办发〔\d{4}〕[1-9]\d*号$"})
    with pytest.raises(InputError, match="格式不正确"):
        compose(lambda d: d.update(doc_number="市委发〔2026〕1号"), profile=strict)
    compose(lambda d: d.update(doc_number="市委发〔2026〕1号"))  # the national pattern allows it


@pytest.mark.parametrize("signed_on", ["2026年11月22日", "2026-11-22"])
def test_signed_on_may_be_written_as_text(compose: Compose, signed_on: str) -> None:
    composition = compose(lambda d: d.update(signed_on=signed_on))
    assert composition.date == datetime.date(2026, 11, 22)


def test_a_zero_padded_signed_on_is_refused(compose: Compose) -> None:
    with pytest.raises(InputError, match="不应补零") as caught:
        compose(lambda d: d.update(signed_on="2026年09月09日"))
    assert caught.value.location.field == "signed_on"


def test_every_settings_error_is_reported_at_once(compose: Compose) -> None:
    def broken(data: dict[str, Any]) -> None:
        data["doc_number"] = "临委办发[2026]23号"
        data["signed_on"] = "二〇二六年十一月二十二日"
        data.pop("title")

    with pytest.raises(ErrorGroup) as caught:
        compose(broken)
    fields = sorted(str(e.location.field) for e in caught.value.errors)
    assert fields == ["doc_number", "signed_on", "title"]


def test_an_unknown_fragment_is_located_at_its_section(compose: Compose) -> None:
    def unknown(data: dict[str, Any]) -> None:
        data["sections"][0]["fragment"] = "plan.guiding-idea"

    with pytest.raises(DocgenError, match=r"plan\.guiding-ideology") as caught:
        compose(unknown)
    assert caught.value.location.field == "sections[1].fragment"


def test_task_details_can_be_left_to_the_attachment(compose: Compose) -> None:
    def brief(data: dict[str, Any]) -> None:
        data["sections"][2]["tasks"]["details"] = False

    item = next(t for t in texts(compose(brief)) if t.startswith("1.部分窗口单位"))
    assert item.endswith("在办事大厅公开监督电话。")

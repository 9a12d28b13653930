"""The bulletin: late and missing units exactly, rates equal the ledger's, period and weekdays."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import copy_workspace

from docgen.compose.numbering import number
from docgen.compose.outline import BulletinTail, Chart, Masthead, Paragraph, Table
from docgen.compose.stats import by_unit, tally
from docgen.errors import DocgenError, ErrorGroup
from docgen.kinds import get_kind
from docgen.kinds.problems import HEADERS, REQUIRED, ProblemRow
from docgen.kinds.progress import COLUMNS
from docgen.layout.profile import load_profile
from docgen.load import load_yaml
from docgen.load.reports import load_roster
from docgen.load.table import load_table
from docgen.pipeline import compose_document, load_fragments
from docgen.validate.table import validate_rows
from docgen.workspace import Workspace, open_workspace

MISSING = ("市机关事务管理局", "市信访局")  # roster order
LATE = "市司法局"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return open_workspace(copy_workspace(tmp_path / "ws"))


def _compose(workspace: Workspace):  # type: ignore[no-untyped-def]
    path = workspace.path("inputs/bulletin.yaml")
    source = load_yaml(path, "inputs/bulletin.yaml")
    kind = get_kind("bulletin")
    profile = load_profile("gbt9704")
    composition, _ = compose_document(workspace, kind, source, load_fragments(workspace), profile)
    return composition


def _edit(workspace: Workspace, old: str, new: str) -> None:
    path = workspace.path("inputs/bulletin.yaml")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _texts(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.text for item in items if isinstance(item, Paragraph)]


def _section_text(items, title: str) -> str:  # type: ignore[no-untyped-def]
    texts = _texts(items)
    start = next(i for i, t in enumerate(texts) if t.endswith(title))
    end = next((i for i in range(start + 1, len(texts)) if texts[i][1:2] == "、"), len(texts))
    return "".join(texts[start + 1 : end])


def test_lateness_section_names_exactly_the_missing_and_the_late_units(
    workspace: Workspace,
) -> None:
    items = number(_compose(workspace).outline)
    text = _section_text(items, "未按时报送单位")
    units, _ = load_roster(workspace.path("inputs/roster.xlsx"), str)
    roster = [unit.name for unit in units]
    named = [unit for unit in roster if unit in text]
    assert sorted(named) == sorted([*MISSING, LATE])
    assert "、".join(MISSING) + "2个单位未报送" in text
    assert f"{LATE}于11月20日（星期五）16:25报送，晚于规定时间" in text
    assert "截至11月20日（星期五）12:00" in text


def test_every_reporting_unit_appears_in_roster_order_and_no_missing_one(
    workspace: Workspace,
) -> None:
    items = number(_compose(workspace).outline)
    activity = _section_text(items, "本周工作动态")
    assert not any(unit in activity.split("从各单位报送情况看")[0] for unit in MISSING)
    heads = [t.split("：")[0] for t in _texts(items) if "：" in t and t.startswith("市")]
    assert heads[:3] == ["市委办公室", "市政府办公室", "市纪委监委机关"]


def test_completion_rates_equal_the_stats_computed_from_the_ledger(workspace: Workspace) -> None:
    ledger = load_table(workspace.path("inputs/ledger.xlsx"), headers=HEADERS, required=REQUIRED)
    tasks = [row.task() for row in validate_rows(ProblemRow, ledger)]
    expected = {unit: t.percent() for unit, t in by_unit(tasks).items()}
    items = number(_compose(workspace).outline)
    table = next(item for item in items if isinstance(item, Table))
    rate = [c.title for c in COLUMNS].index("完成率")
    shown = {row[1].text: row[rate].text for row in table.rows}
    assert shown.pop("合计") == tally(tasks).percent()
    assert shown == expected
    chart = next(item for item in items if isinstance(item, Chart))
    assert list(chart.categories) == list(shown)
    assert [f"{v:.1%}" for v in chart.series[0][1]] == list(shown.values())
    summary = _section_text(items, "整改进展")
    assert f"总体完成率{tally(tasks).percent()}" in summary


def test_masthead_tail_and_period_text(workspace: Workspace) -> None:
    composition = _compose(workspace)
    blocks = composition.outline.blocks
    masthead = blocks[0]
    assert isinstance(masthead, Masthead)
    assert (masthead.name, masthead.issue, masthead.date) == (
        "作风纪律整治工作简报",
        "第1期",
        "2026年11月23日",
    )
    assert "11月16日—11月22日" in _texts(number(composition.outline))[0]
    tail = blocks[-1]
    assert isinstance(tail, BulletinTail)
    assert [label for label, _ in tail.entries] == ["报", "送", "发"]
    assert tail.copies == "（共印60份）"


def test_a_weekday_that_does_not_match_its_date_is_an_error_with_its_line(
    workspace: Workspace,
) -> None:
    _edit(workspace, "11月24日（星期二）召开", "11月24日（星期三）召开")
    _edit(workspace, "2026年11月20日（星期五）12:00", "2026年11月20日（星期四）12:00")
    with pytest.raises(DocgenError) as caught:
        _compose(workspace)
    messages = [str(e) for e in getattr(caught.value, "errors", [caught.value])]
    assert any("deadline" in m and "2026年11月20日是星期五" in m for m in messages), messages
    # Validation stops before composition, so fix the deadline to see the arrangement's error.
    _edit(workspace, "2026年11月20日（星期四）12:00", "2026年11月20日（星期五）12:00")
    with pytest.raises(DocgenError) as caught:
        _compose(workspace)
    assert "2026年11月24日是星期二" in str(caught.value)
    assert "next_week[1]" in str(caught.value)


def test_an_explicit_issue_number_overrides_and_is_recorded(workspace: Workspace) -> None:
    _edit(workspace, "# issue_number: 12", "issue_number: 12")
    composition = _compose(workspace)
    assert composition.outline.blocks[0].issue == "第12期"  # type: ignore[union-attr]
    assert composition.state == {
        "bulletins": {"作风纪律整治工作简报": {"2026-11-16/2026-11-22": 12}}
    }


def test_all_input_problems_are_reported_together(workspace: Workspace) -> None:
    _edit(workspace, "roster: inputs/roster.xlsx", "roster: inputs/nowhere.xlsx")
    _edit(workspace, "ledger: inputs/ledger.xlsx", "ledger: inputs/none.xlsx")
    with pytest.raises(ErrorGroup) as caught:
        _compose(workspace)
    text = str(caught.value)
    assert "nowhere.xlsx" in text and "none.xlsx" in text

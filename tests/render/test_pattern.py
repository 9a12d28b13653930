"""Specs for output-name patterns over a roster row (docgen merge --name, docgen.yaml output)."""

from __future__ import annotations

import pytest

from docgen.errors import InputError, Location
from docgen.load.roster import Roster, Row
from docgen.render.pattern import row_namer


def _roster(sheets: tuple[str, ...] = (), sheet_named: bool = False) -> Roster:
    row = Row(1, {"项目": "单位名称"}, Location(file="u.xlsx", sheet="填表说明", row=2))
    return Roster("u.xlsx", ("项目", "填写要求"), [row], sheets=sheets, sheet_named=sheet_named)


def test_a_column_missing_from_the_first_of_several_sheets_points_to_the_others() -> None:
    """An instructions sheet (填表说明) before the roster: the column is on the next sheet."""
    with pytest.raises(InputError) as caught:
        row_namer("{{ 单位名称 }}", _roster(("填表说明", "单位名单")))
    said = str(caught.value)
    assert "用到「单位名称」，但名单 u.xlsx 中没有这一列" in said
    assert "读取的是工作表「填表说明」，另有 「单位名单」" in said
    assert "docgen.yaml 写 each: {file: 名单.xlsx, sheet: 工作表名}" in said
    for roster in (_roster(("填表说明",)), _roster(("填表说明", "单位名单"), sheet_named=True)):
        with pytest.raises(InputError) as caught:
            row_namer("{{ 单位名称 }}", roster)
        assert "另有" not in str(caught.value)
    assert row_namer("{{ 项目 }}", _roster())(_roster().rows[0]) == "单位名称"

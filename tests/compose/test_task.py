"""Specs for reading the units a 责任单位 cell names, as clerks type them in Excel."""

from __future__ import annotations

import pytest

from docgen.compose.task import (
    issuing_place,
    shown_units,
    unit_aliases,
    unit_key,
    unit_readings,
    unit_roles,
    unwrapped,
)


@pytest.mark.parametrize(
    ("cell", "roles"),
    [
        ("市商务局、市发展改革委", [("市商务局", False), ("市发展改革委", False)]),
        ("市委办（牵头）；市财政局(配合单位)", [("市委办", False), ("市财政局", True)]),
        ("市教育局牵头，市财政局协办", [("市教育局", False), ("市财政局", True)]),
        ("市人力资源和\n社会保障局", [("市人力资源和社会保障局", False)]),  # Alt+Enter in a name
        ("市委办公室\n市财政局", [("市委办公室", False), ("市财政局", False)]),  # one a line
        ("市委办 市政府办", [("市委办", False), ("市政府办", False)]),
        ("市妇联 市残联", [("市妇联", False), ("市残联", False)]),  # a new name starts with 市
        ("临江大学\n临江日报社", [("临江大学", False), ("临江日报社", False)]),
        ("临江经济开发区（高新区）管委会", [("临江经济开发区（高新区）管委会", False)]),
        # A bare mark ending a clause covers its units; labels mark the units after them.
        (
            "市委组织部牵头，市直机关工委、市人社局配合",
            [("市委组织部", False), ("市直机关工委", True), ("市人社局", True)],
        ),
        ("牵头：市商务局；配合：市公安局", [("市商务局", False), ("市公安局", True)]),
        ("市委办公室\n配合单位：市财政局", [("市委办公室", False), ("市财政局", True)]),
        ("市政协办", [("市政协办", False)]),  # 协办 only after a name's ending
        # A backslash typed for the slash, a full stop after a name (clerk review 16).
        ("市委办公室\\市政府办公室", [("市委办公室", False), ("市政府办公室", False)]),
        ("市财政局。", [("市财政局", False)]),
        # A separator inside brackets parts no units (clerk review 16).
        ("各县（市、区）", [("各县（市、区）", False)]),
        (
            "临江高新区（开发区、综保区）管委会、市财政局",
            [("临江高新区（开发区、综保区）管委会", False), ("市财政局", False)],
        ),
    ],
)
def test_the_units_of_a_cell_with_their_roles(cell: str, roles: list[tuple[str, bool]]) -> None:
    assert list(unit_roles(cell)) == roles


def test_a_cell_is_written_in_a_sentence_with_its_units_apart_and_its_names_whole() -> None:
    assert shown_units("市委办公室\n市财政局") == "市委办公室、市财政局"
    assert shown_units("市人力资源和\n社会保障局（牵头）") == "市人力资源和社会保障局（牵头）"
    assert shown_units("市委办公室、\n市财政局") == "市委办公室、市财政局"
    assert shown_units("市委办公室/市政府办公室") == "市委办公室/市政府办公室"
    assert shown_units("市民政局(市老龄办)") == "市民政局（市老龄办）"
    assert shown_units("各县(市、区)\n市财政局") == "各县（市、区）、市财政局"


def test_a_break_that_may_wrap_a_name_or_part_two_units_is_read_both_ways() -> None:
    """The roster decides: a unit 市委 组织部 typed with a space is still found."""
    readings = unit_readings("市委\n组织部")
    assert {"市委", "组织部", "市委组织部"} <= readings.keys()
    assert unit_key("临江经济开发区（高新区） 管委会") == "临江经济开发区(高新区)管委会"


def test_a_name_the_roster_has_is_unwrapped_even_after_a_possible_ending() -> None:
    """场 may end a name (市农场), so 市市场⏎监督管理局 alone reads as two units; the
    roster's 市市场监督管理局 says it is one, and the sentence prints it whole."""
    known = {"市市场监督管理局", "市财政局"}
    assert shown_units("市市场\n监督管理局") == "市市场、监督管理局"
    assert unwrapped("市市场\n监督管理局（牵头）", known) == "市市场监督管理局（牵头）"
    cell = unwrapped("市财政局\n市市场\n监督管理局、市商务局", known)
    assert shown_units(cell) == "市财政局、市市场监督管理局、市商务局"
    assert unwrapped("市市场\n监督管理局", set()) == "市市场\n监督管理局"  # nothing known


@pytest.mark.parametrize(
    "cell", ["市商务局\n配合：市公安局", "市商务局 协办 市公安局", "市委办公室 市商务局"]
)
def test_unwrapping_keeps_role_words_and_other_gaps_as_written(cell: str) -> None:
    """Code review 18: a role word joined to the unit before it swapped 牵头 and 配合, and
    every gap left became a line break."""
    known = {"市商务局", "市公安局", "市委办公室"}
    assert unwrapped(cell, known) == cell


@pytest.mark.parametrize(
    ("organ", "place"),
    [
        ("中共临江市委办公室", "临江市"),
        ("临江市人民政府办公室", "临江市"),
        ("临江市市场监督管理局", "临江市"),
        ("中共平阳县委办公室", "平阳县"),
        ("中共中央办公厅", ""),
        ("国家市场监督管理总局", ""),
    ],
)
def test_the_place_an_organ_is_of_is_read_from_its_name(organ: str, place: str) -> None:
    assert issuing_place(organ) == place


def test_a_unit_of_the_issuing_place_is_also_its_short_local_name() -> None:
    """Clerk review 19: a roster's 中共临江市委组织部 got none of 市委组织部's tasks."""
    assert "市委组织部" in unit_aliases("中共临江市委组织部", "临江市")
    assert "市财政局" in unit_aliases("临江市财政局", "临江市")
    assert "县委组织部" in unit_aliases("中共平阳县委组织部", "平阳县")
    assert unit_aliases("江北市财政局", "临江市") == ("江北市财政局",)  # another place's
    assert unit_aliases("临江市", "临江市") == ("临江市",)
    assert unit_aliases("中共临江市委组织部") == ("中共临江市委组织部",)  # no place given
    # A second name in brackets is the place's own too (code review 27).
    assert "市公务员局" in unit_aliases("临江市委组织部（临江市公务员局）", "临江市")
    assert unit_aliases("中共临江市委", "临江市") == ("中共临江市委",)  # not 市委 alone
    # A district of the place in brackets is where the unit is, not its other name
    # (security review 26: 市委组织部（临江市江北区） got 市委组织部's tasks).
    assert "市委组织部" not in unit_aliases("市委组织部（临江市江北区）", "临江市")
    # And the problem list's cells, when it is they that write the full name.
    assert "市委组织部" in unit_readings("中共临江市委组织部（牵头）、市委宣传部", "临江市")

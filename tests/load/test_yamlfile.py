"""Specs for YAML loading: plain data, the line of every key and item, located errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from docgen.errors import InputError, Location
from docgen.load import Located, load_yaml, load_yaml_text
from docgen.load.located import format_path

MEETING = """\
meeting:
  name: 推进会
  date: 2026-11-20
problems:
  - title: 甲
    deadline: 2026-12-31
  - title: 乙
    deadline: 2026-12-15
  - title: 丙
"""


def lines(located: Located) -> dict[tuple[str | int, ...], int | None]:
    return {path: where.line for path, where in located.positions.items()}


# Positions ------------------------------------------------------------------------------------


def test_keys_and_list_items_have_one_based_lines() -> None:
    located = load_yaml_text(MEETING, "inputs/meeting.yaml")
    assert lines(located) == {
        ("meeting",): 1,
        ("meeting", "name"): 2,
        ("meeting", "date"): 3,
        ("problems",): 4,
        ("problems", 0): 5,
        ("problems", 0, "title"): 5,
        ("problems", 0, "deadline"): 6,
        ("problems", 1): 7,
        ("problems", 1, "title"): 7,
        ("problems", 1, "deadline"): 8,
        ("problems", 2): 9,
        ("problems", 2, "title"): 9,
    }


def test_positions_name_the_source() -> None:
    located = load_yaml_text(MEETING, "inputs/meeting.yaml")
    assert {where.file for where in located.positions.values()} == {"inputs/meeting.yaml"}


def test_first_line_offsets_every_position() -> None:
    located = load_yaml_text("id: a.b\nvariables:\n  - name: x\n", "f.md", first_line=2)
    assert lines(located) == {
        ("id",): 2,
        ("variables",): 3,
        ("variables", 0): 4,
        ("variables", 0, "name"): 4,
    }


def test_flow_sequence_items_share_their_line() -> None:
    located = load_yaml_text("a: 1\nunits: [甲, 乙]\n", "x.yaml")
    assert located.data == {"a": 1, "units": ["甲", "乙"]}
    assert located.positions[("units", 1)].line == 2


# Locating -------------------------------------------------------------------------------------


def test_locate_names_the_line_and_the_field_path() -> None:
    located = load_yaml_text(MEETING, "inputs/meeting.yaml")
    assert located.locate(("problems", 1, "deadline")) == Location(
        file="inputs/meeting.yaml", line=8, field="problems[2].deadline"
    )


def test_locate_falls_back_to_the_nearest_parent() -> None:
    located = load_yaml_text(MEETING, "inputs/meeting.yaml")
    where = located.locate(("problems", 2, "deadline"))
    assert where == Location(file="inputs/meeting.yaml", line=9, field="problems[3].deadline")
    assert str(where) == "inputs/meeting.yaml:9：字段 problems[3].deadline"


def test_locate_of_a_missing_top_level_key_names_the_file_only() -> None:
    located = load_yaml_text(MEETING, "inputs/meeting.yaml")
    assert located.locate(("closing",)) == Location(file="inputs/meeting.yaml", field="closing")


def test_locate_of_the_root_is_the_file() -> None:
    located = load_yaml_text(MEETING, "inputs/meeting.yaml")
    assert located.locate(()) == Location(file="inputs/meeting.yaml")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("meeting",), "meeting"),
        (("meeting", "date"), "meeting.date"),
        (("problems", 0), "problems[1]"),
        (("problems", 2, "deadline"), "problems[3].deadline"),
        (("sections", 0, "params", "campaign"), "sections[1].params.campaign"),
    ],
)
def test_field_paths_count_items_from_one(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


# Values ---------------------------------------------------------------------------------------


def test_dates_come_back_as_datetime_date() -> None:
    data = load_yaml_text(MEETING, "x.yaml").data
    assert data["meeting"]["date"] == datetime.date(2026, 11, 20)
    assert type(data["meeting"]["date"]) is datetime.date
    assert type(data["problems"][0]["deadline"]) is datetime.date


def test_scalars_come_back_as_plain_python_types() -> None:
    data = load_yaml_text(
        "n: 3\nx: 1.5\nyes: true\nnothing:\ntext: 讲话\nlist: [1]\n", "x.yaml"
    ).data
    assert data == {"n": 3, "x": 1.5, "yes": True, "nothing": None, "text": "讲话", "list": [1]}
    assert [type(data[k]) for k in ("n", "x", "yes", "text", "list")] == [
        int,
        float,
        bool,
        str,
        list,
    ]
    assert type(data) is dict


# Files and errors -----------------------------------------------------------------------------


def test_load_yaml_reads_a_file_under_its_display_name(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_text(MEETING, encoding="utf-8")
    located = load_yaml(path, "inputs/meeting.yaml")
    assert located.source == "inputs/meeting.yaml"
    assert located.locate(("meeting", "name")).file == "inputs/meeting.yaml"


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: 推进会\n".encode())
    assert load_yaml(path).data == {"name": "推进会"}


def test_syntax_error_names_the_file_and_line_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "meeting.yaml"
    path.write_text("meeting:\n  name: 推进会\n  host: 市委: 扩大会议\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path, "inputs/meeting.yaml")
    assert caught.value.location == Location(file="inputs/meeting.yaml", line=3)
    assert str(caught.value).startswith("inputs/meeting.yaml:3：YAML 语法错误：")
    assert "冒号" in caught.value.message


def test_syntax_error_line_counts_from_first_line() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text("id: a.b\ntitle: 甲: 乙\n", "fragments/x.md", first_line=2)
    assert caught.value.location == Location(file="fragments/x.md", line=3)


def test_tab_indentation_is_explained_in_chinese() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text("meeting:\n\tname: 推进会\n", "x.yaml")
    assert "Tab" in caught.value.message
    assert caught.value.location is not None and caught.value.location.line == 2


def test_duplicate_key_is_an_error_on_its_second_line() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_text("title: 甲\nspeaker: 乙\ntitle: 丙\n", "x.yaml")
    assert "键重复" in caught.value.message
    assert caught.value.location == Location(file="x.yaml", line=3)


def test_non_utf8_file_is_an_input_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("title: 讲话\nspeaker: 陈启航\n".encode("gbk"))
    with pytest.raises(InputError) as caught:
        load_yaml(path, "inputs/gbk.yaml")
    assert "UTF-8" in caught.value.message
    assert caught.value.location == Location(file="inputs/gbk.yaml", line=1)


def test_non_utf8_byte_on_a_later_line_is_located(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(b"a: 1\nb: 2\n" + "c: 讲话\n".encode("gbk"))
    with pytest.raises(InputError) as caught:
        load_yaml(path, "x.yaml")
    assert caught.value.location == Location(file="x.yaml", line=3)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(tmp_path / "absent.yaml", "inputs/absent.yaml")
    assert str(caught.value) == "inputs/absent.yaml：找不到文件"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: 通知\ncontact:\n  name：李晓东\n  phone: 0576-88126035\n", 3),
        ("title: 通知\ndeadline：2026-12-15\ncontact:\n  name: 李晓东\n", 2),
    ],
    ids=["in-a-mapping", "at-the-top"],
)
def test_a_key_typed_with_a_full_width_colon_is_said_on_its_own_line(text: str, line: int) -> None:
    """YAML notices it a line late, as a colon missing; the clerk sees a colon on that line."""
    with pytest.raises(InputError) as raised:
        load_yaml_text(text, "inputs/notice.yaml")
    assert raised.value.location == Location(file="inputs/notice.yaml", line=line)
    assert "全角的「：」" in str(raised.value)


def test_a_full_width_colon_inside_a_value_is_no_mistake() -> None:
    located = load_yaml_text("title: 通知：关于整改\nitems:\n  - 要求：按期完成\n", "x.yaml")
    assert located.data == {"title": "通知：关于整改", "items": ["要求：按期完成"]}

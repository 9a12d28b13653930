"""Specs for located validation: every problem found, in Chinese, with file:line and field."""

from __future__ import annotations

import datetime
from typing import Literal

import pytest
from pydantic import Field, ValidationError

from docgen.errors import ErrorGroup, InputError, Location
from docgen.load import Located, load_yaml_text
from docgen.validate import StrictModel, validate_model


class Problem(StrictModel):
    title: str = Field(min_length=1)
    deadline: datetime.date


class Plan(StrictModel):
    name: str
    rounds: int = Field(default=1, ge=1, le=30)
    owners: list[str] = Field(default_factory=list, max_length=2)
    share: int = Field(default=2, gt=0, lt=10, multiple_of=2)
    code: str = Field(default="临江市", min_length=3, max_length=4)
    style: Literal["yishi", "yiyao"] = "yishi"
    problems: list[Problem] = Field(default_factory=list)


def located(text: str) -> Located:
    return load_yaml_text(text, "inputs/plan.yaml")


def only_error(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        validate_model(Plan, located(text))
    assert not isinstance(caught.value, ErrorGroup)
    return caught.value


def test_valid_data_gives_the_model() -> None:
    plan = validate_model(
        Plan, located("name: 方案\nproblems:\n  - title: 甲\n    deadline: 2026-12-31\n")
    )
    assert plan == Plan(
        name="方案", problems=[Problem(title="甲", deadline=datetime.date(2026, 12, 31))]
    )


def test_text_is_stripped_of_surrounding_whitespace() -> None:
    plan = validate_model(Plan, located("name: '  方案  '\n"))
    assert plan.name == "方案"


def test_missing_field_is_located_at_its_parent() -> None:
    error = only_error("name: 方案\nproblems:\n  - title: 甲\n")
    assert error.message == "缺少必填字段"
    assert error.location == Location(file="inputs/plan.yaml", line=3, field="problems[1].deadline")


def test_missing_top_level_field_names_the_file_and_field() -> None:
    error = only_error("rounds: 2\n")
    assert str(error) == "inputs/plan.yaml：字段 name：缺少必填字段"


def test_misspelt_key_is_an_unknown_field_on_its_own_line() -> None:
    error = only_error("name: 方案\nrouds: 2\n")
    assert error.message == "未知字段（是否拼写错误？）"
    assert error.location == Location(file="inputs/plan.yaml", line=2, field="rouds")


def test_wrong_type_says_what_was_expected_and_what_was_given() -> None:
    error = only_error("name: 方案\nrounds: 三轮\n")
    assert error.message == "应为整数（现为 '三轮'）"
    assert str(error) == "inputs/plan.yaml:2：字段 rounds：应为整数（现为 '三轮'）"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("rounds: 50", "数值太大，不能超过 30（现为 50）"),
        ("rounds: 0", "数值太小，不能小于 1（现为 0）"),
        ("owners: [a, b, c]", "项数太多，至多 2 项"),
        ("rounds: 2.5", "应为整数（现为 2.5）"),
        ("share: 0", "数值太小，应大于 0（现为 0）"),
        ("share: 10", "数值太大，应小于 10（现为 10）"),
        ("share: 3", "数值不符合要求，应为 2 的倍数（现为 3）"),
        ("code: 临江", "文字太短，至少 3 个字（现为 '临江'）"),
        ("code: 临江市委办", "文字太长，至多 4 个字（现为 '临江市委办'）"),
    ],
)
def test_a_bounded_field_out_of_bounds_says_its_bound(line: str, said: str) -> None:
    error = only_error(f"name: x\n{line}\n")
    assert error.message.endswith(said)


def test_wrong_date_says_how_to_write_one() -> None:
    error = only_error("name: 方案\nproblems:\n  - title: 甲\n    deadline: 年底\n")
    assert error.message.startswith("应为日期，如 2026-11-20")
    assert error.location is not None and error.location.line == 4


def test_wrong_choice_lists_the_accepted_values() -> None:
    error = only_error("name: 方案\nstyle: yier\n")
    assert error.message.startswith("取值不正确，应为其中之一：")
    assert "'yishi'" in error.message and "'yiyao'" in error.message
    assert " or " not in error.message  # pydantic's English between the last two


def test_list_given_as_text_asks_for_a_list() -> None:
    error = only_error("name: 方案\nproblems: 甲\n")
    assert error.message.startswith("应为列表")


def test_empty_text_where_required_says_it_cannot_be_empty() -> None:
    error = only_error("name: 方案\nproblems:\n  - title: ''\n    deadline: 2026-12-31\n")
    assert error.message.startswith("不能为空")
    assert error.location is not None and error.location.field == "problems[1].title"


def test_all_problems_are_reported_at_once() -> None:
    text = (
        "rouds: 2\n"  # 1: unknown key; name missing
        "style: yier\n"  # 2: wrong choice
        "problems:\n"
        "  - title: 甲\n"  # 4: deadline missing
        "  - title: 乙\n"
        "    deadline: 年底\n"  # 6: wrong date
    )
    with pytest.raises(ErrorGroup) as caught:
        validate_model(Plan, located(text))
    found = {(e.location.line, e.location.field) for e in caught.value.errors if e.location}
    assert found == {
        (None, "name"),
        (1, "rouds"),
        (2, "style"),
        (4, "problems[1].deadline"),
        (6, "problems[2].deadline"),
    }
    assert len(caught.value.errors) == 5
    assert all(isinstance(e, InputError) for e in caught.value.errors)
    assert all(e.location and e.location.file == "inputs/plan.yaml" for e in caught.value.errors)
    assert len(str(caught.value).splitlines()) == 5


def test_validating_a_sub_tree_keeps_the_full_field_path() -> None:
    source = located("plan:\n  name: 方案\n  problems:\n    - title: 甲\n")
    with pytest.raises(InputError) as caught:
        validate_model(Plan, source, ("plan",))
    assert caught.value.location == Location(
        file="inputs/plan.yaml", line=4, field="plan.problems[1].deadline"
    )


def test_strict_models_forbid_unknown_keys_and_are_frozen() -> None:
    with pytest.raises(ValidationError):
        Plan.model_validate({"name": "方案", "extra": 1})
    plan = Plan(name="方案")
    with pytest.raises(ValidationError):
        plan.name = "改"  # type: ignore[misc]

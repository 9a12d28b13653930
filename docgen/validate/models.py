"""Validate located data against a pydantic model, turning each error into a Chinese one."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from docgen.errors import DocgenError, InputError, raise_collected
from docgen.load.located import Located, Path

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Input models forbid unknown keys, so a misspelt YAML key is an error, not a silent blank."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def validate_model(
    model: type[M], located: Located, path: Path = (), context: dict[str, Any] | None = None
) -> M:
    """The model built from ``located.data`` at ``path``; raise every problem at once.

    ``context`` reaches the model's validators (the layout profile, for the 发文字号 pattern).
    """
    data: Any = located.data
    for part in path:
        data = data[part]
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        errors: list[DocgenError] = []
        for error in exc.errors():
            where = (*path, *error["loc"])
            errors.append(InputError(describe(error), located.locate(where)))
        raise_collected(errors)
        raise AssertionError("unreachable") from None


_EXPECTED = {
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表（每项以 - 开头）",
    "dict_type": "应为键值映射",
    "model_type": "应为键值映射",
    "date_type": "应为日期，如 2026-11-20",
    "date_parsing": "应为日期，如 2026-11-20",
    "date_from_datetime_parsing": "应为日期，如 2026-11-20",
    "datetime_parsing": "应为日期时间，如 2026-11-20 09:30",
    "string_too_short": "不能为空",
    "too_short": "项数太少",
    "too_long": "项数太多",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "greater_than": "数值太小",
    "less_than": "数值太大",
    "multiple_of": "数值不符合要求",
    "int_from_float": "应为整数",
    "finite_number": "应为有限的数字",
    "string_too_long": "文字太长",
    "string_pattern_mismatch": "格式不正确",
}


# The limit a bounded field names, said after the complaint: "数值太大，不能超过 30".
_BOUNDS = {
    "greater_than_equal": ("ge", "，不能小于 {}"),
    "less_than_equal": ("le", "，不能超过 {}"),
    "greater_than": ("gt", "，应大于 {}"),
    "less_than": ("lt", "，应小于 {}"),
    "multiple_of": ("multiple_of", "，应为 {} 的倍数"),
    "string_too_long": ("max_length", "，至多 {} 个字"),
    "too_short": ("min_length", "，至少 {} 项"),
    "too_long": ("max_length", "，至多 {} 项"),
}


def describe(error: dict[str, Any]) -> str:
    """A Chinese sentence for one pydantic error, saying what was expected."""
    kind = error["type"]
    if kind in ("too_short", "too_long") and isinstance(error.get("input"), str):
        kind = "string_" + kind  # a text's length checked after a validator of its own
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        return "未知字段（是否拼写错误？）"
    if kind in ("literal_error", "enum"):
        expected = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
        return f"取值不正确，应为其中之一：{expected}"
    if kind == "value_error":
        # Our own validators raise ValueError with a Chinese message already.
        return str(error.get("ctx", {}).get("error", error["msg"]))
    expected = _EXPECTED.get(kind)
    if kind == "string_too_short" and error.get("ctx", {}).get("min_length", 1) > 1:
        expected = f"文字太短，至少 {error['ctx']['min_length']} 个字"
    if expected is not None:
        bound = _BOUNDS.get(kind)
        if bound is not None and bound[0] in error.get("ctx", {}):
            expected += bound[1].format(error["ctx"][bound[0]])
        got = error.get("input")
        shown = "" if isinstance(got, (dict, list)) or got is None else f"（现为 {got!r}）"
        return expected + shown
    return str(error["msg"])

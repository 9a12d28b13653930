"""A fragment with its parameters: variables checked, Jinja rendered, Markdown made blocks."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from docgen.compose.markdown import MarkdownStructureError, to_blocks
from docgen.compose.outline import Block
from docgen.errors import DocgenError, InputError, Location, TemplateError, raise_collected
from docgen.library.fragment import Fragment, Variable
from docgen.templating import render_text

_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "date": (datetime.date, str),
    "list": (list, tuple),
}
_TYPE_NAMES = {"str": "文本", "int": "整数", "date": "日期", "list": "列表"}


def instantiate(
    fragment: Fragment,
    params: Mapping[str, Any],
    *,
    enumeration_style: str,
    shared: Mapping[str, Any] | None = None,
    where: Location | None = None,
) -> tuple[Block, ...]:
    """The fragment's blocks with ``params`` (over ``shared`` values, over declared defaults).

    ``params`` are meant for this fragment: one it does not declare is an error. ``shared``
    values (a document's common parameters) are offered to every fragment and used when declared.
    """
    call_site = where or fragment.location()
    values = bind(fragment, params, shared or {}, call_site)
    text = render_text(
        fragment.body, values, where=fragment.location(), kind=f"片段 {fragment.id} "
    )
    try:
        return to_blocks(text, enumeration_style)
    except MarkdownStructureError as exc:
        raise TemplateError(str(exc), fragment.location(_source_line(fragment.body, exc))) from None


def _source_line(body: str, error: MarkdownStructureError) -> int | None:
    """The error's line in the fragment as written: Jinja loops may have shifted the rendered one."""
    blanked = _JINJA.sub(lambda m: "\n" * m.group().count("\n") + "中", body)
    try:
        to_blocks(blanked)
    except MarkdownStructureError as raw:
        return raw.line
    return None


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def bind(
    fragment: Fragment, params: Mapping[str, Any], shared: Mapping[str, Any], where: Location
) -> dict[str, Any]:
    """Each declared variable's value, checked for presence and type; all problems at once."""
    errors: list[DocgenError] = []
    for name in params:
        if fragment.meta.variable(name) is None:
            declared = "、".join(v.name for v in fragment.meta.variables) or "无"
            errors.append(
                InputError(f"片段 {fragment.id} 没有声明变量 {name}（已声明：{declared}）", where)
            )
    values: dict[str, Any] = {}
    for variable in fragment.meta.variables:
        value = _value_for(variable, params, shared)
        if value is None:
            errors.append(
                InputError(
                    f"片段 {fragment.id} 需要变量 {variable.name}{_described(variable)}，但没有给出",
                    where,
                )
            )
        elif not isinstance(value, _TYPES[variable.type]) or isinstance(value, bool):
            errors.append(
                InputError(
                    f"片段 {fragment.id} 的变量 {variable.name} 应为{_TYPE_NAMES[variable.type]}，现为 {value!r}",
                    where,
                )
            )
        else:
            values[variable.name] = value
    raise_collected(errors)
    return values


def _value_for(variable: Variable, params: Mapping[str, Any], shared: Mapping[str, Any]) -> Any:
    for source in (params, shared):
        if variable.name in source:
            return source[variable.name]
    return variable.default


def _described(variable: Variable) -> str:
    return f"（{variable.description}）" if variable.description else ""

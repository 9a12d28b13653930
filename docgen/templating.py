"""The one Jinja environment: sandboxed, strict about undefined names, with Chinese filters."""

from __future__ import annotations

import re
import traceback
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import Location, TemplateError
from docgen.text.dates import as_date, cn_date, date_range, month_day, weekday_name, word_date
from docgen.text.numbers import word_number
from docgen.text.numerals import cn_numeral, count_phrase, ordinal
from docgen.text.tags import WORD_COMPARE, word_compare

# A template may loop, but not without end: range() and string repetition are capped.
MAX_RANGE = 10_000


def markdown_literal(value: Any) -> str:
    """A value printed into a fragment's Markdown as the text it is: line breaks joined (as a
    fragment's own lines are) and ASCII punctuation backslash-escaped (CommonMark's escapes,
    which compose.markdown reads back), so that a roster cell or a setting cannot open a
    heading, a list, a new paragraph or bold type in the fragment."""
    text = _LINE_BREAKS.sub("", str(value)).strip()  # leading spaces would make code
    return _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", text)


_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_MARKDOWN_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")


class DocgenSandbox(ImmutableSandboxedEnvironment):
    """No attribute tricks, no mutation of inputs, bounded ranges and string repetition."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*" and isinstance(right, int) and isinstance(left, (str, list, tuple)):
            _check_size(len(left) * right)
        if operator == "*" and isinstance(left, int) and isinstance(right, (str, list, tuple)):
            _check_size(len(right) * left)
        if operator == "**" and isinstance(right, int) and abs(right) > 1000:
            raise SecurityError("乘方的指数过大")
        return super().call_binop(context, operator, left, right)

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=StrictUndefined, keep_trailing_newline=True, **options)
        self.globals["range"] = _bounded_range
        self.globals[WORD_COMPARE] = _word_compare
        self.filters.update(FILTERS)


MAX_REPEAT = 1_000_000


def _check_size(size: int) -> None:
    if size > MAX_REPEAT:
        raise SecurityError(f"重复生成的内容过大（{size} 项，上限 {MAX_REPEAT}）")


def _word_compare(left: Any, comparison: str, right: Any) -> bool:
    """Word's IF comparison (for tags made from Word's IF fields); a name the row leaves
    blank compares as an empty text, as Word's empty merge result does."""
    left, right = ("" if isinstance(v, Undefined) else v for v in (left, right))
    return word_compare(left, comparison, right)


def _bounded_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise SecurityError(f"range() 过大（{len(result)} 项，上限 {MAX_RANGE}）")
    return result


FILTERS = {
    "cn_number": cn_numeral,
    "cn_date": lambda d, style="arabic": cn_date(as_date(d), style),
    "weekday": lambda d: weekday_name(as_date(d)),
    "month_day": lambda d: month_day(as_date(d)),
    "date_range": lambda start, end: date_range(as_date(start), as_date(end)),
    "ordinal": ordinal,
    "count_phrase": count_phrase,
    "word_date": word_date,  # a Word merge field's \\@ "yyyy年M月d日"
    "word_number": word_number,  # and its \\# "#,##0.00"
}

_ENV: DocgenSandbox | None = None


def environment() -> DocgenSandbox:
    """The shared sandbox of fragments (templates compile once per process): what they print
    is Markdown text (``markdown_literal``)."""
    global _ENV
    if _ENV is None:
        _ENV = DocgenSandbox(finalize=markdown_literal)
    return _ENV


def render_text(
    source: str, context: dict[str, Any], *, where: Location, kind: str = "模板"
) -> str:
    """Render a small text template; errors name the variable and the source line."""
    env = environment()
    name = where.file or "<text>"
    try:
        template = env.from_string(source)
        template.name = name
        template.filename = name
        return template.render(context)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{kind}语法错误：{exc.message}", _at_line(where, exc.lineno)) from None
    except UndefinedError as exc:
        raise TemplateError(
            f"{kind}中使用了未定义的变量：{_undefined_name(exc)}",
            _at_line(where, _error_line(exc, name)),
        ) from None
    except SecurityError as exc:
        raise TemplateError(f"{kind}触犯了安全限制：{exc}", where) from None
    except (JinjaTemplateError, TypeError, ValueError) as exc:
        raise TemplateError(
            f"{kind}渲染失败：{exc}", _at_line(where, _error_line(exc, name))
        ) from None


def _undefined_name(exc: UndefinedError) -> str:
    message = exc.message or ""
    # Jinja says "'campaign' is undefined"; keep just the name.
    if message.startswith("'") and "' is undefined" in message:
        return message[1 : message.index("' is undefined")]
    return message


def _error_line(exc: BaseException, name: str) -> int | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == name:
            return frame.lineno
    return None


def _at_line(where: Location, line: int | None) -> Location:
    if line is None:
        return where
    base = where.line or 1
    return Location(file=where.file, line=base + line - 1, field=where.field)

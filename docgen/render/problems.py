"""What went wrong while filling a template, said in Chinese with the template place."""

from __future__ import annotations

import re
import traceback
from dataclasses import replace

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError

from docgen.errors import DocgenError, Location, TemplateError
from docgen.render.limits import LimitExceeded

_UNSAFE = re.compile(r"access to attribute '([^']+)'")


class MissingValueError(TemplateError):
    """The template uses a name the data does not give (``field`` names it)."""

    def __init__(self, name: str, location: Location) -> None:
        super().__init__(f"模板用到「{name}」，但数据中没有这个值", replace(location, field=name))
        self.name = name


def render_problem(exc: BaseException, where: Location) -> DocgenError:
    """A user-facing error for an exception raised while rendering at ``where``."""
    if isinstance(exc, DocgenError):
        return exc
    if isinstance(exc, UndefinedError):
        return MissingValueError(undefined_name(exc), where)
    if isinstance(exc, LimitExceeded):
        return TemplateError(f"超出安全限制：{exc}", where)
    if isinstance(exc, SecurityError):
        found = _UNSAFE.search(str(exc))
        detail = f"不允许访问「{found.group(1)}」" if found else str(exc)
        return TemplateError(f"模板触犯了安全限制：{detail}", where)
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(f"模板标签有语法错误：{exc.message}", where)
    if isinstance(exc, RecursionError):
        return TemplateError("模板递归过深", where)
    if isinstance(exc, MemoryError):
        return TemplateError("渲染所需内存过多", where)
    if isinstance(exc, (JinjaTemplateError, TypeError, ValueError, ArithmeticError, LookupError)):
        return TemplateError(f"模板渲染失败：{exc}", where)
    return TemplateError(f"模板渲染失败：{type(exc).__name__}：{exc}", where)


def template_line(exc: BaseException) -> int | None:
    """The template line an error happened on (Jinja rewrites tracebacks to point there)."""
    line = getattr(exc, "lineno", None)
    if line:
        return int(line)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


def undefined_name(exc: UndefinedError) -> str:
    """Jinja says "'unit' is undefined" or "'dict object' has no attribute 'x'"; keep the name."""
    message = exc.message or ""
    if message.startswith("'") and "' is undefined" in message:
        return message[1 : message.index("' is undefined")]
    if "has no attribute '" in message:
        return message.rsplit("has no attribute '", 1)[1].rstrip("'")
    return message

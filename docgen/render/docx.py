"""Render a template with docxtpl in the sandbox, insert the composed body, zip deterministically."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from docgen.compose.outline import Paragraph
from docgen.errors import Location, TemplateError
from docgen.ooxml.package import read_zip, write_zip
from docgen.ooxml.paragraph import paragraph_xml
from docgen.ooxml.styles import STYLE_IDS


@dataclass(frozen=True)
class CoreProperties:
    """docProps/core.xml, from the inputs rather than the clock, so builds are reproducible."""

    title: str
    author: str
    created: datetime.date
    subject: str = ""
    keywords: str = ""


def body_xml(paragraphs: Sequence[Paragraph]) -> str:
    """The composed body as paragraphs referencing the template's named styles."""
    lead = STYLE_IDS["lead"]
    return "".join(
        paragraph_xml(STYLE_IDS[p.element], ((r.text, lead if r.lead else None) for r in p.runs))
        for p in paragraphs
    )


def render_docx(
    template: bytes,
    template_name: str,
    context: dict[str, Any],
    body: Sequence[Paragraph],
    core: CoreProperties,
) -> bytes:
    """Fill the template's tags from ``context``; ``{{p body }}`` receives the composed body."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    from docgen.templating import DocgenSandbox

    read_zip(template, template_name)  # bounds first: a hostile template stops here
    document = DocxTemplate(io.BytesIO(template))
    full_context = {**context, "body": Markup(body_xml(body))}
    try:
        document.render(full_context, jinja_env=DocgenSandbox(autoescape=True), autoescape=True)
    except JinjaError as exc:
        # docxtpl puts each <w:p> on its own line, so the error's line is the paragraph number.
        line = getattr(exc, "lineno", None)
        where = Location(file=template_name, paragraph=line - 1 if line and line > 1 else None)
        raise TemplateError(f"模板渲染失败：{_message(exc)}", where) from None
    _set_core(document.docx.core_properties, core)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), template_name)


def normalize_zip(data: bytes, source: str) -> bytes:
    """Re-zip with fixed timestamps; python-docx stamps the current time on every entry."""
    return write_zip(read_zip(data, source))


def _set_core(props: Any, core: CoreProperties) -> None:
    moment = datetime.datetime.combine(core.created, datetime.time())
    props.title = core.title
    props.author = core.author
    props.subject = core.subject
    props.keywords = core.keywords
    props.last_modified_by = "docgen"
    props.revision = 1
    props.created = moment
    props.modified = moment


def _message(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    if "' is undefined" in message and message.startswith("'"):
        return f"模板中使用了未定义的变量：{message[1 : message.index(chr(39), 1)]}"
    return message

"""Render a template with docxtpl in the sandbox, insert the composed body, zip deterministically."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from docgen.compose.outline import (
    AttachmentNote,
    BulletinTail,
    Chart,
    HeaderBlock,
    Imprint,
    Item,
    Masthead,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from docgen.layout.profile import Profile
from docgen.ooxml import formal
from docgen.ooxml.chart import EmbeddedChart, embed
from docgen.ooxml.flow import Flow, Reference, section_references
from docgen.ooxml.package import read_zip
from docgen.ooxml.paragraph import paragraph_xml
from docgen.ooxml.section import text_width
from docgen.ooxml.styles import STYLE_IDS
from docgen.ooxml.table import table_xml
from docgen.render.fastpath import PreparedTemplate, render_one


@dataclass(frozen=True)
class CoreProperties:
    """docProps/core.xml, from the inputs rather than the clock, so builds are reproducible."""

    title: str
    author: str
    created: datetime.date
    subject: str = ""
    keywords: str = ""


@dataclass(frozen=True)
class Layout:
    """What a body beyond plain paragraphs needs: the profile, the template's header/footer refs."""

    profile: Profile
    references: tuple[Reference, ...] = ()
    # Charts met while laying out the body, packaged after the render (chart parts, workbooks).
    charts: list[EmbeddedChart] = field(default_factory=list)


def body_xml(items: Sequence[Item], layout: Layout | None = None) -> str:
    """The composed body as paragraphs referencing the template's named styles.

    Tables, page breaks (landscape ones open a section) and the parts of an issued document need
    ``layout``; a body of paragraphs only does not.
    """
    lead = STYLE_IDS["lead"]
    if layout is None:
        if not all(isinstance(item, Paragraph) for item in items):
            raise ValueError("a body with tables or page breaks needs a layout (the profile)")
        return "".join(
            paragraph_xml(
                STYLE_IDS[p.element], ((r.text, lead if r.lead else None) for r in p.runs)
            )
            for p in items  # type: ignore[union-attr]
        )
    flow = Flow(layout.profile, layout.references)
    for item in items:
        if isinstance(item, Paragraph):
            runs = ((r.text, lead if r.lead else None) for r in item.runs)
            flow.paragraph(STYLE_IDS[item.element], runs)
        elif isinstance(item, PageBreak):
            flow.page_break(item.landscape)
        elif isinstance(item, (Masthead, BulletinTail, Chart)):
            from docgen.render.bulletin import bulletin_xml

            flow.block(bulletin_xml(item, layout.profile, layout.charts))
        else:
            _formal(flow, item, layout.profile)
    return flow.finish()


def _formal(flow: Flow, item: Item, profile: Profile) -> None:
    """The pieces ooxml.formal and ooxml.table lay out from the profile."""
    if isinstance(item, Table):
        width = text_width(profile, landscape=flow.landscape)
        flow.block(
            table_xml(
                profile,
                width=width,
                weights=[c.width for c in item.columns],
                aligns=[c.align for c in item.columns],
                header=[c.title for c in item.columns],
                rows=item.rows,
                chars=[c.chars for c in item.columns],
                page_height=text_width(profile, landscape=not flow.landscape),  # turned
            )
        )
    elif isinstance(item, HeaderBlock):
        star = profile.header_block.separator_star if item.star is None else item.star
        flow.block(
            formal.header_block_xml(
                profile, item.issuer_mark, item.doc_number, star=star, copy_number=item.copy_number
            )
        )
    elif isinstance(item, AttachmentNote):
        if item.titles:
            flow.keep_with_next()
            flow.block(formal.attachment_note_xml(profile, item.titles))
    elif isinstance(item, Signature):
        flow.keep_with_next()
        flow.block(formal.signature_xml(profile, item.organ, item.signed_on))
    elif isinstance(item, Imprint):
        if flow.landscape:  # the 版记 belongs on a portrait page
            flow.page_break(False)
        xml = formal.imprint_xml(
            profile, item.printer, item.printed_on, item.cc, floating=not flow.fresh
        )
        flow.block(xml)


def render_docx(
    template: bytes,
    template_name: str,
    context: dict[str, Any],
    body: Sequence[Item],
    core: CoreProperties,
    *,
    slots: dict[str, Sequence[Item]] | None = None,
    profile: Profile | None = None,
    prepared: PreparedTemplate | None = None,
) -> bytes:
    """Fill the template's tags from ``context``; ``{{p body }}`` receives the composed body.

    Each of ``slots`` fills the ``{{p name }}`` tag of its name the same way (the formal
    header block …); tables and the parts of an issued document are laid out from ``profile``.
    ``prepared`` — the template prepared once (``render.fastpath.prepare``) — gives the bytes
    docxtpl's own path gives without it, without reading and compiling the template again (a
    body with a chart is packaged afterwards).
    """
    if prepared is not None:  # read, bounded and sanitised once for the whole batch
        document_xml = prepared.part("word/document.xml")
    else:  # bounds first: a hostile template stops here
        document_xml = read_zip(template, template_name)["word/document.xml"]
    layout = None
    if profile is not None:
        layout = Layout(profile, _references(document_xml))
    full_context = {**context, "body": Markup(body_xml(body, layout))}
    for name, items in (slots or {}).items():
        full_context[name] = Markup(body_xml(items, layout))

    def set_core(props: Any) -> None:
        _set_core(props, core)

    if prepared is not None:
        data = prepared.render(full_context, core=set_core)
    else:  # docxtpl's own load, render and save: the path the prepared one must equal
        data = render_one(template, template_name, full_context, core=set_core, blank_cells=False)
    if layout is not None and layout.charts:
        return embed(data, template_name, layout.charts)  # re-zips, normalized
    return data


@functools.lru_cache(maxsize=16)
def _references(document_xml: bytes) -> tuple[Reference, ...]:
    """The template's section references, parsed once for every row of a batch (a prepared
    template hands out the same bytes each time, whose hash Python keeps)."""
    return tuple(section_references(document_xml))


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

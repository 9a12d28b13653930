"""Numbering computed from the tree: heading ordinals by depth, enumeration prefixes by position."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docgen.compose.outline import (
    Attachment,
    AttachmentNote,
    Block,
    Enumeration,
    Item,
    Outline,
    PageBreak,
    Paragraph,
    Run,
    Section,
)
from docgen.text.numerals import ordinal

# GB/T 9704 7.3.3: 一、 / （一） / 1. / （1）; two-level documents use 一、 then 1.
HEADING_STYLES = ("heading1", "heading2", "heading3", "heading4")
TWO_LEVEL_STYLES = ("heading1", "heading3")


def number(outline: Outline, heading_styles: Sequence[str] = HEADING_STYLES) -> list[Item]:
    """Flatten the outline into paragraphs, writing every computed number into the text.

    Tables, page breaks and the parts of an issued document pass through; attachments become
    a new page, their label (附件, or 附件1 附件2 … when there are several) and title, then their
    own blocks numbered afresh; the 附件说明 lists them in the same order.
    """
    attachments = list(_attachments(outline.blocks))
    several = len(attachments) > 1
    labels = iter(attachment_labels(len(attachments)))
    note = AttachmentNote(
        tuple(f"{n}.{a.title}" if several else a.title for n, a in enumerate(attachments, 1))
    )
    return list(_blocks(outline.blocks, 0, heading_styles, _Context(labels, note)))


def attachment_labels(count: int) -> list[str]:
    """附件, or 附件1 附件2 … when a document has several (GB/T 9704 8.2)."""
    return [f"附件{n}" if count > 1 else "附件" for n in range(1, count + 1)]


def heading_levels_used(outline: Outline) -> int:
    """How deep the sections go (a document with only 一、 sections has depth 1)."""

    def depth(blocks: Sequence[Block]) -> int:
        return max((1 + depth(b.children) for b in blocks if isinstance(b, Section)), default=0)

    return depth(outline.blocks)


@dataclass
class _Context:
    """What numbering a body needs beyond the tree it walks: attachment labels and the note."""

    labels: Iterator[str]
    note: AttachmentNote


def _attachments(blocks: Sequence[Block]) -> Iterator[Attachment]:
    for block in blocks:
        if isinstance(block, Attachment):
            yield block
        elif isinstance(block, Section):
            yield from _attachments(block.children)


def _blocks(
    blocks: Sequence[Block], depth: int, styles: Sequence[str], context: _Context
) -> Iterator[Item]:
    position = 0
    for block in blocks:
        if isinstance(block, Section):
            position += 1
            yield _heading(block, depth, position, styles)
            yield from _blocks(block.children, depth + 1, styles, context)
        elif isinstance(block, Enumeration):
            yield from enumerate_items(block)
        elif isinstance(block, Attachment):
            yield from _attachment(block, next(context.labels), styles, context)
        elif isinstance(block, AttachmentNote):
            yield context.note
        else:
            yield block


def _attachment(
    attachment: Attachment, label: str, styles: Sequence[str], context: _Context
) -> Iterator[Item]:
    """GB/T 9704: on a new page, the label on line 1, the title centred on line 3."""
    yield PageBreak(attachment.landscape)
    yield Paragraph.of(label, "attachment_label")
    yield Paragraph((), "body")
    yield Paragraph.of(attachment.title, "title")
    yield Paragraph((), "body")
    yield from _blocks(attachment.blocks, 0, styles, context)


def _heading(section: Section, depth: int, position: int, styles: Sequence[str]) -> Paragraph:
    if depth >= len(styles):
        # A fifth level has no heading style; GB/T 9704 numbers it ①②③ in running text.
        return Paragraph((Run(ordinal(position, "circled") + section.title),), "body")
    style = styles[depth]
    return Paragraph((Run(ordinal(position, style) + section.title),), style)


def enumerate_items(enumeration: Enumeration) -> list[Paragraph]:
    """One paragraph per item, or a single paragraph when the enumeration is inline."""
    total = len(enumeration.items)
    numbered = [
        _prefix(runs, ordinal(n, enumeration.style, total))
        for n, runs in enumerate(enumeration.items, start=1)
    ]
    if enumeration.inline:
        runs = [*enumeration.intro, *(r for item in numbered for r in item), *enumeration.outro]
        return [Paragraph(tuple(runs))]
    paragraphs = [Paragraph(item) for item in numbered]
    if enumeration.intro:
        paragraphs.insert(0, Paragraph(enumeration.intro))
    if enumeration.outro:
        paragraphs.append(Paragraph(enumeration.outro))
    return paragraphs


def _prefix(runs: tuple[Run, ...], prefix: str) -> tuple[Run, ...]:
    """Put the ordinal into the first run, so a lead sentence carries its own number."""
    if not runs:
        return (Run(prefix),)
    first = runs[0]
    return (Run(prefix + first.text, first.lead), *runs[1:])

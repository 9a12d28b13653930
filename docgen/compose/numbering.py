"""Numbering computed from the tree: heading ordinals by depth, enumeration prefixes by position."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from docgen.compose.outline import Block, Enumeration, Outline, Paragraph, Run, Section
from docgen.text.numerals import ordinal

# GB/T 9704 7.3.3: 一、 / （一） / 1. / （1）; two-level documents use 一、 then 1.
HEADING_STYLES = ("heading1", "heading2", "heading3", "heading4")
TWO_LEVEL_STYLES = ("heading1", "heading3")


def number(outline: Outline, heading_styles: Sequence[str] = HEADING_STYLES) -> list[Paragraph]:
    """Flatten the outline into paragraphs, writing every computed number into the text."""
    return list(_blocks(outline.blocks, depth=0, styles=heading_styles))


def heading_levels_used(outline: Outline) -> int:
    """How deep the sections go (a document with only 一、 sections has depth 1)."""

    def depth(blocks: Sequence[Block]) -> int:
        return max((1 + depth(b.children) for b in blocks if isinstance(b, Section)), default=0)

    return depth(outline.blocks)


def _blocks(blocks: Sequence[Block], depth: int, styles: Sequence[str]) -> Iterator[Paragraph]:
    position = 0
    for block in blocks:
        if isinstance(block, Section):
            position += 1
            yield _heading(block, depth, position, styles)
            yield from _blocks(block.children, depth + 1, styles)
        elif isinstance(block, Enumeration):
            yield from enumerate_items(block)
        else:
            yield block


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

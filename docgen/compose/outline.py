"""The outline: sections, paragraphs and enumerations, before any numbering or XML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Run:
    """A stretch of text; ``lead`` marks a lead sentence (一是各级高度重视。) set in its own style."""

    text: str
    lead: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph in a profile element's style (body, salutation, signature …)."""

    runs: tuple[Run, ...]
    element: str = "body"

    @classmethod
    def of(cls, text: str, element: str = "body") -> Paragraph:
        return cls((Run(text),), element)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Enumeration:
    """Items numbered in running text (一是…二是…); each item its own paragraph unless inline.

    ``style`` is an ordinal style of :mod:`docgen.text.numerals` (yishi, yiyao, diyi, shouxian,
    heading2 …). Inline enumerations share one paragraph that starts with ``intro``.
    """

    items: tuple[tuple[Run, ...], ...]
    style: str = "yishi"
    inline: bool = False
    intro: tuple[Run, ...] = ()
    outro: tuple[Run, ...] = ()


@dataclass(frozen=True)
class Section:
    """A headed section; its number (一、（一）1.（1）) comes from its depth and position."""

    title: str
    children: tuple[Block, ...] = field(default_factory=tuple)


Block = Union[Paragraph, Enumeration, Section]  # noqa: UP007 - a runtime alias on 3.10


@dataclass(frozen=True)
class Outline:
    """A document's body as a tree of blocks."""

    blocks: tuple[Block, ...]

    def sections(self) -> tuple[Section, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Section))

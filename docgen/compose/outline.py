"""The outline: sections, paragraphs, tables and the parts of an issued document, before XML."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union


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


@dataclass(frozen=True)
class Column:
    """A table column: its header, its share of the table's width, how its cells align;
    ``chars`` fixes its width to hold that many characters of the table's text instead (the
    shares divide what such columns leave)."""

    title: str
    width: int = 1
    align: Literal["center", "left", "both"] = "center"
    chars: int = 0


@dataclass(frozen=True)
class Cell:
    """A table cell; ``merged`` continues the cell above it (a vertical merge)."""

    text: str = ""
    merged: bool = False


@dataclass(frozen=True)
class Table:
    """A table as wide as the text block; its header row repeats on every page."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class PageBreak:
    """A new page; ``landscape`` sets the orientation of the pages from here on."""

    landscape: bool = False


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件): new pages, "附件N" and its title; N comes from its position."""

    title: str
    blocks: tuple[Block, ...] = ()
    landscape: bool = False


@dataclass(frozen=True)
class AttachmentNote:
    """The 附件说明 ("附件：1.…"); numbering fills ``titles`` from the outline's attachments."""

    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeaderBlock:
    """The 版头 of an issued document: 发文机关标志 (issuer mark), 发文字号, the red line."""

    issuer_mark: str
    doc_number: str
    star: bool | None = None  # None: as the layout profile says
    copy_number: str = ""  # 份号 (six digits) on the first line, when copies are numbered


@dataclass(frozen=True)
class Signature:
    """The issuing organ's name and the 成文日期 below the text (no seal is drawn)."""

    organ: str
    signed_on: str


@dataclass(frozen=True)
class Imprint:
    """The 版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期."""

    printer: str
    printed_on: str
    cc: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar chart (a native, editable chart in Word): named series of values over categories.

    ``title`` is its alternative text; ``value_max`` fixes the value axis (1.0 for rates).
    """

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    number_format: str = "0.0%"
    value_max: float | None = None


@dataclass(frozen=True)
class Masthead:
    """A bulletin's 报头: its name in red, 第N期, editing unit and date above the red line."""

    name: str
    issue: str
    editor: str
    date: str


@dataclass(frozen=True)
class BulletinTail:
    """A bulletin's 报尾 between lines: (报|送|发, organs) entries, then 共印N份."""

    entries: tuple[tuple[str, str], ...]
    copies: str


Block = Union[  # noqa: UP007 - a runtime alias on 3.10
    Paragraph,
    Enumeration,
    Section,
    Table,
    PageBreak,
    Attachment,
    AttachmentNote,
    HeaderBlock,
    Signature,
    Imprint,
    Chart,
    Masthead,
    BulletinTail,
]
# What numbering hands to render: the tree flattened, every number written in.
Item = Union[  # noqa: UP007
    Paragraph,
    Table,
    PageBreak,
    AttachmentNote,
    HeaderBlock,
    Signature,
    Imprint,
    Chart,
    Masthead,
    BulletinTail,
]


@dataclass(frozen=True)
class Outline:
    """A document's body as a tree of blocks."""

    blocks: tuple[Block, ...]

    def sections(self) -> tuple[Section, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Section))

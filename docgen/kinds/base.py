"""What every document kind provides, and what composing one yields."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from docgen.compose.outline import Outline
from docgen.library import Fragment, FragmentStore
from docgen.load import Located
from docgen.ooxml.template import TemplateLine


@dataclass(frozen=True)
class TableSpec:
    """A table file an input names (a ``TableFile`` field): how the pipeline reads its rows.

    ``headers`` maps each field to the header names accepted for it, the canonical one first;
    ``row`` validates one row (its fields plus ``extra``, the sheet's other columns).
    """

    label: str
    headers: Mapping[str, Sequence[str]]
    required: tuple[str, ...]
    row: type[BaseModel]


@dataclass(frozen=True)
class ExtraOutput:
    """A file written beside the document (the plan's ledger): its file name and its writer."""

    name: str
    writer: str
    data: Any


@dataclass
class Composition:
    """A composed document: the template's tag values, the body outline and its provenance."""

    context: dict[str, Any]
    outline: Outline
    title: str
    author: str
    date: datetime.date
    fragments: list[Fragment] = field(default_factory=list)
    heading_styles: Sequence[str] = ("heading1", "heading2", "heading3", "heading4")
    # Outlines for the template's other {{p name }} tags (the formal header block …).
    slots: dict[str, Outline] = field(default_factory=dict)
    outputs: list[ExtraOutput] = field(default_factory=list)
    # Workspace state this document records (the bulletin's issue register), merged and kept.
    state: dict[str, Any] = field(default_factory=dict)
    # What the manifest says of this document beyond its files (a notice's 主送 and 份号: the
    # record of which copy went to whom).
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Gathered:
    """What a kind's ``gather`` read beyond its input (roster, reports): a value for compose
    (passed as ``gathered=``) and the files read with the sha256 of the bytes read, for the
    manifest."""

    value: Any
    files: Sequence[tuple[Path, str]] = ()


class Kind(Protocol):
    """A document kind: an input model, a template skeleton and a compose function.

    A kind whose input names table files also sets ``tables`` (input field -> TableSpec); the
    pipeline loads and validates those tables and passes them to compose as ``tables=``.
    A kind that reads more of the workspace defines ``gather(data, workspace, source)``
    returning :class:`Gathered`; compose then receives ``gathered=`` its value. A kind built
    once per roster row (``each:``) may define ``roster_notes(data, rows, **tables)``: what it
    sees across the rows (a unit named twice, tasks no unit receives), said before the rows;
    and ``fragments_named(data, source)``: the fragment ids its settings name, with their
    places, looked up once before the rows (a misspelt one would fail every row alike).
    """

    name: str
    label: str
    page_numbers: str
    Input: type[BaseModel]

    def template_lines(self) -> list[TemplateLine]: ...

    def compose(self, data: Any, fragments: FragmentStore, source: Located) -> Composition: ...

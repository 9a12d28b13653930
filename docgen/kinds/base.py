"""What every document kind provides, and what composing one yields."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel

from docgen.compose.outline import Outline
from docgen.library import Fragment, FragmentStore
from docgen.load import Located
from docgen.ooxml.template import TemplateLine


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


class Kind(Protocol):
    """A document kind: an input model, a template skeleton and a compose function."""

    name: str
    label: str
    page_numbers: str
    Input: type[BaseModel]

    def template_lines(self) -> list[TemplateLine]: ...

    def compose(self, data: Any, fragments: FragmentStore, source: Located) -> Composition: ...

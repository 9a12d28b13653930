"""Run every rule family on one document."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.check import (
    attachments,
    elements,
    header,
    imprint,
    layout,
    numbering,
    pagenumbers,
    text,
)
from docgen.check.document import Document, read_document
from docgen.check.findings import Finding, sort_findings
from docgen.check.structure import KINDS, Structure, analyse
from docgen.errors import InputError
from docgen.layout.profile import Profile

KIND_CHOICES = ("auto", *KINDS)


@dataclass
class Report:
    """One checked document: what it was taken for, and what was found."""

    source: str
    kind: str
    findings: list[Finding]
    document: Document
    structure: Structure


def inspect(data: bytes, source: str, profile: Profile, kind: str = "auto") -> Report:
    """Read and check one .docx; UnreadableDocumentError when it cannot be read."""
    if kind not in KIND_CHOICES:
        raise InputError(f"未知的文档类型 {kind!r}，可用：{'、'.join(KIND_CHOICES)}")
    document = read_document(data, source)
    structure = analyse(document, kind)
    findings = [
        *layout.check(document, structure, profile),
        *elements.check(document, structure, profile),
        *pagenumbers.check(document, structure, profile),
        *header.check(document, structure, profile),
        *imprint.check(document, structure),
        *numbering.check(document, structure),
        *attachments.check(document, structure),
        *text.check(document, structure),
    ]
    return Report(source, structure.kind, sort_findings(findings), document, structure)


def check_document(data: bytes, source: str, profile: Profile, kind: str = "auto") -> list[Finding]:
    """The findings of one .docx against ``profile``, in document order.

    ``kind`` is "speech", "formal", "bulletin", or "auto" to recognise it from the text.
    Raises ``UnreadableDocumentError`` (exit code 2) for what is not a readable .docx.
    """
    return inspect(data, source, profile, kind).findings

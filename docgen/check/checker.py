"""Run every rule family on one document."""

from __future__ import annotations

from dataclasses import dataclass, replace

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
from docgen.check.document import Document, Part, documents_in, read_document
from docgen.check.findings import Finding, excerpt, sort_findings
from docgen.check.structure import KINDS, Structure, analyse
from docgen.errors import InputError
from docgen.layout.profile import Profile

KIND_CHOICES = ("auto", *KINDS)


@dataclass
class Report:
    """One checked package: what it was taken for, how many documents it holds (more than one
    for a combined package), and what was found, placed by the package's own paragraph and
    section numbers."""

    source: str
    kind: str
    findings: list[Finding]
    documents: int = 1


def inspect(data: bytes, source: str, profile: Profile, kind: str = "auto") -> Report:
    """Read and check one .docx; UnreadableDocumentError when it cannot be read.

    A combined package is checked document by document (``documents_in``).
    """
    if kind not in KIND_CHOICES:
        raise InputError(f"未知的文档类型 {kind!r}，可用：{'、'.join(KIND_CHOICES)}")
    parts = documents_in(read_document(data, source))
    structures = [analyse(part.document, kind) for part in parts]
    findings: list[Finding] = []
    for number, (part, structure) in enumerate(zip(parts, structures, strict=True), start=1):
        found = _rules(part.document, structure, profile)
        if len(parts) == 1:
            findings += found
            continue
        recipient = _recipient(part.document, structure)
        findings += [_placed(f, part, number, recipient) for f in found]
    return Report(source, structures[0].kind, sort_findings(findings), len(parts))


def _rules(document: Document, structure: Structure, profile: Profile) -> list[Finding]:
    return [
        *layout.check(document, structure, profile),
        *elements.check(document, structure, profile),
        *pagenumbers.check(document, structure, profile),
        *header.check(document, structure, profile),
        *imprint.check(document, structure),
        *numbering.check(document, structure),
        *attachments.check(document, structure),
        *text.check(document, structure),
    ]


def _recipient(document: Document, structure: Structure) -> str | None:
    """A document's 主送 line without its colon: a package's notices differ by it."""
    for number, role in sorted(structure.roles.items()):
        if role == "recipients":
            return excerpt(document.paragraph(number).stripped.rstrip("：:"), 24)
    return None


def _placed(finding: Finding, part: Part, number: int, recipient: str | None) -> Finding:
    """A finding of the ``number``th document of a package, placed by the package's numbers."""
    where = finding.where
    return replace(
        finding,
        where=replace(
            where,
            document=number,
            recipient=recipient,
            paragraph=None if where.paragraph is None else where.paragraph + part.paragraphs_before,
            section=None if where.section is None else where.section + part.sections_before,
        ),
    )


def check_document(data: bytes, source: str, profile: Profile, kind: str = "auto") -> list[Finding]:
    """The findings of one .docx against ``profile``, in document order.

    ``kind`` is "speech", "formal", "bulletin", or "auto" to recognise it from the text.
    Raises ``UnreadableDocumentError`` (exit code 2) for what is not a readable .docx.
    """
    return inspect(data, source, profile, kind).findings

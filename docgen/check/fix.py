"""``--fix``: rewrite the safe text rules (punctuation, date padding, 发文字号 brackets) in place.

Only ``w:t`` text changes: every run keeps its formatting. A replacement that spans several runs
goes into the run where it starts and the rest of the replaced text is removed from the runs
after it. A span that touches a tab, a break or a list label Word draws is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from docgen.check.document import Paragraph, Segment, documents_in, read_document
from docgen.check.structure import analyse
from docgen.check.text import iter_issues
from docgen.ooxml.package import write_zip
from docgen.ooxml.xml import serialize
from docgen.text.rules import RULES_BY_ID, TextIssue

_SPACE_ATTR = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True)
class Change:
    """One paragraph rewritten: its text before and after, and the rules that changed it."""

    paragraph: int
    before: str
    after: str
    rules: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "paragraph": self.paragraph,
            "before": self.before,
            "after": self.after,
            "rules": list(self.rules),
        }


@dataclass(frozen=True)
class FixResult:
    data: bytes
    changes: list[Change]


def fix_document(data: bytes, source: str, kind: str = "auto") -> FixResult:
    """The document with every safe text fix applied (the same bytes when there is none)."""
    doc = read_document(data, source)
    pending: dict[int, list[TextIssue]] = defaultdict(list)
    paragraphs: dict[int, Paragraph] = {}
    for part in documents_in(doc):
        for paragraph, issue in iter_issues(part.document, analyse(part.document, kind)):
            rule = RULES_BY_ID.get(issue.rule)
            if rule is not None and rule.fixable and issue.replacement is not None:
                number = paragraph.number + part.paragraphs_before
                pending[number].append(issue)
                paragraphs[number] = paragraph
    changes = []
    for number, issues in sorted(pending.items()):
        paragraph = paragraphs[number]
        before = paragraph.text
        applied = _apply(paragraph, issues)
        if applied:
            after = "".join(_current(paragraph))
            rules = tuple(dict.fromkeys(i.rule for i in applied))
            changes.append(Change(number, before, after, rules))
    if not changes:
        return FixResult(data, [])
    parts = dict(doc.parts)
    parts[doc.document_part] = serialize(doc.root)
    return FixResult(write_zip(parts), changes)


def _apply(paragraph: Paragraph, issues: list[TextIssue]) -> list[TextIssue]:
    """Apply non-overlapping fixes right to left, so earlier offsets stay valid."""
    applied: list[TextIssue] = []
    limit = len(paragraph.text) + 1
    for issue in sorted(issues, key=lambda i: (-i.start, -i.end)):
        if issue.end > limit or not paragraph.editable(issue.start, issue.end):
            continue
        _replace(paragraph.segments, issue)
        applied.append(issue)
        limit = issue.start
    return applied


def _replace(segments: list[Segment], issue: TextIssue) -> None:
    touched = [s for s in segments if s.start < issue.end and issue.start < s.end]
    for index, segment in enumerate(touched):
        node = segment.node
        assert node is not None
        text = node.text or ""
        left = max(issue.start, segment.start) - segment.start
        right = min(issue.end, segment.end) - segment.start
        insert = (issue.replacement or "") if index == 0 else ""
        node.text = text[:left] + insert + text[right:]
        if node.text != node.text.strip():
            node.set(_SPACE_ATTR, "preserve")


def _current(paragraph: Paragraph) -> list[str]:
    """The paragraph's text as it now reads (tabs, breaks and labels as before)."""
    return [
        (s.node.text or "") if s.node is not None else paragraph.text[s.start : s.end]
        for s in paragraph.segments
    ]

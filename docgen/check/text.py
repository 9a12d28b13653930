"""Text rules on every paragraph: the rules of ``docgen.text.rules``, plus the ones for one element
(成文日期 format on the date line, punctuation in the title)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.document import Document, Paragraph
from docgen.check.findings import PRACTICE, Finding, Where, clause
from docgen.check.structure import Structure
from docgen.text.rules import DATE_FORM_RULE, RULES, RULES_BY_ID, TITLE_RULE, TextIssue, TextRule

CLAUSES = {
    "TEXT-PLACEHOLDER": PRACTICE,
    "TEXT-PUNCT": clause("9"),
    "TEXT-DATE-PAD": clause("7.3.5.4"),
    "TEXT-DATE-FORM": clause("7.3.5.4"),
    "TEXT-DATE-INVALID": PRACTICE,
    "TEXT-WEEKDAY": PRACTICE,
    "TEXT-ORDINAL-MARK": clause("7.3.3"),
    "TEXT-DOCNUM-BRACKET": clause("7.2.5"),
    "TEXT-TITLE-PUNCT": PRACTICE,
}
# Roles whose text is the organ's own layout, not prose (the page number, a bulletin masthead).
_SKIPPED_ROLES = {"empty"}


def paragraph_issues(paragraph: Paragraph, role: str, kind: str) -> list[TextIssue]:
    """Every text issue of one paragraph, with the element rules that apply to its role."""
    rules: list[TextRule] = list(RULES)
    if role == "title":
        rules.append(TITLE_RULE)
    if role == "date" or (role == "imprint" and kind == "formal"):
        rules.append(DATE_FORM_RULE)
    issues = _whole_tags(paragraph.text, [i for rule in rules for i in rule.find(paragraph.text)])
    brackets = [i for i in issues if i.rule == "TEXT-DOCNUM-BRACKET"]
    # "【2026】" in a 发文字号 is a bracket problem, not a leftover placeholder.
    issues = [
        i
        for i in issues
        if not (
            i.rule == "TEXT-PLACEHOLDER"
            and any(b.start <= i.start and i.end <= b.end for b in brackets)
        )
    ]
    kept: list[TextIssue] = []
    for issue in sorted(issues, key=lambda i: (i.start, i.rule)):
        # Two rules may report one date (an invalid date with a weekday): say it once.
        if not any(
            k.rule == issue.rule and k.start < issue.end and issue.start < k.end for k in kept
        ):
            kept.append(issue)
    return kept


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _whole_tags(text: str, issues: list[TextIssue]) -> list[TextIssue]:
    """An unrendered "{{ title }}" is one leftover, not an opening and a closing one."""
    for m in _TAG.finditer(text):
        inside = [
            i for i in issues if i.rule == "TEXT-PLACEHOLDER" and m.start() <= i.start < m.end()
        ]
        if len(inside) > 1:
            issues = [i for i in issues if i not in inside]
            message = f"未渲染的模板标签“{m.group()}”，请填写实际内容"
            issues.append(TextIssue("TEXT-PLACEHOLDER", m.start(), m.end(), message))
    return issues


def iter_issues(doc: Document, structure: Structure) -> Iterator[tuple[Paragraph, TextIssue]]:
    for paragraph in doc.paragraphs:
        role = structure.role(paragraph.number)
        if role in _SKIPPED_ROLES or not paragraph.stripped:
            continue
        for issue in paragraph_issues(paragraph, role, structure.kind):
            yield paragraph, issue


def check(doc: Document, structure: Structure) -> list[Finding]:
    findings = []
    for paragraph, issue in iter_issues(doc, structure):
        rule = RULES_BY_ID.get(issue.rule)
        severity = rule.severity if rule is not None else "error"
        fixable = (
            issue.replacement is not None
            and rule is not None
            and rule.fixable
            and paragraph.editable(issue.start, issue.end)
        )
        findings.append(
            Finding(
                issue.rule,
                CLAUSES.get(issue.rule, PRACTICE),
                severity,  # type: ignore[arg-type]
                issue.message,
                Where(paragraph=paragraph.number, excerpt=_flat(issue.excerpt(paragraph.text))),
                doc.source,
                fixable,
            )
        )
    return findings


def _flat(text: str) -> str:
    return " ".join(text.split())

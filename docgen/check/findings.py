"""Findings: what a check rule reports, where, how serious, and under which clause."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}

STANDARD = "GB/T 9704-2012"
PRACTICE = "实践"


def clause(number: str) -> str:
    """A clause of the standard: clause("5.2.1") -> "GB/T 9704-2012 5.2.1"."""
    return f"{STANDARD} {number}"


@dataclass(frozen=True)
class Where:
    """A place in a .docx: a paragraph (1-based, in document order) with an excerpt, a section
    (page settings), or a part such as a style or a footer."""

    paragraph: int | None = None
    excerpt: str | None = None
    section: int | None = None
    part: str | None = None
    document: int | None = None  # which document of a combined package (1-based)
    recipient: str | None = None  # that document's 主送, so a reader finds it by its unit

    def __str__(self) -> str:
        parts: list[str] = []
        if self.document is not None:
            parts.append(
                f"第{self.document}份" + (f"（{self.recipient}）" if self.recipient else "")
            )
        if self.section is not None:
            parts.append(f"第{self.section}节（页面设置）")
        if self.part:
            parts.append(self.part)
        if self.paragraph is not None:
            text = f"第{self.paragraph}段"
            if self.excerpt:
                text += f"「{self.excerpt}」"
            parts.append(text)
        return "，".join(parts) or "全文"


@dataclass(frozen=True)
class Finding:
    """One problem: a stable rule id, the clause it rests on, a severity, a place, a message."""

    rule: str
    clause: str
    severity: Severity
    message: str
    where: Where
    file: str = ""
    fixable: bool = False

    @property
    def sort_key(self) -> tuple[Any, ...]:
        w = self.where
        # Document-wide findings (sections, styles) come before paragraph ones.
        return (
            self.file,
            w.document or 0,
            w.paragraph if w.paragraph is not None else -1,
            w.section if w.section is not None else 0,
            SEVERITIES.index(self.severity),
            self.rule,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented in docs/check.schema.json."""
        location: dict[str, Any] = {"file": self.file}
        for key in ("document", "recipient", "paragraph", "excerpt", "section", "part"):
            value = getattr(self.where, key)
            if value is not None:
                location[key] = value
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fixable,
            "location": location,
        }

    def __str__(self) -> str:
        head = f"{self.file}：" if self.file else ""
        return (
            f"{head}{self.where}：{SEVERITY_NAMES[self.severity]} {self.rule} "
            f"{self.message}（{self.clause}）"
        )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Document order: file, then paragraph (document-wide first), then severity and rule."""
    return sorted(findings, key=lambda f: f.sort_key)


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def excerpt(text: str, limit: int = 16) -> str:
    """The start of a paragraph, short enough for one line of a report."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"

"""What ``docgen check`` prints: a text report, the JSON document (docs/check.schema.json), the diff
of ``--fix``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from docgen.check.findings import SEVERITY_NAMES, Finding, summary
from docgen.check.fix import Change
from docgen.text.listing import few

SCHEMA_VERSION = 1
KIND_NAMES = {"speech": "讲话稿", "formal": "正式公文", "bulletin": "简报", "generic": "一般文稿"}


@dataclass
class FileResult:
    """One file's outcome: its findings, or why it could not be read; the fix, if asked for."""

    file: str
    kind: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    fixed_to: str | None = None
    changes: list[Change] = field(default_factory=list)
    documents: int = 1

    @property
    def readable(self) -> bool:
        return self.error is None


def exit_code(results: list[FileResult]) -> int:
    """2 when a file could not be read, 1 when any error was found, else 0."""
    if any(not r.readable for r in results):
        return 2
    return 1 if any(f.severity == "error" for r in results for f in r.findings) else 0


def diff_lines(result: FileResult) -> list[str]:
    """The changes of ``--fix`` as a unified-diff-like listing, one hunk per paragraph."""
    if not result.changes:
        return []
    lines = [f"--- {result.file}", f"+++ {result.fixed_to}"]
    for change in result.changes:
        lines.append(f"@@ 第{change.paragraph}段（{'、'.join(change.rules)}） @@")
        lines.append(f"-{change.before}")
        lines.append(f"+{change.after}")
    return lines


def text_lines(result: FileResult, profile: str) -> list[str]:
    if not result.readable:
        return [f"{result.file}：无法读取：{result.error}"]
    kind = KIND_NAMES.get(result.kind or "", result.kind)
    checked = result.fixed_to or result.file
    combined = f"，合并文档共 {result.documents} 份，逐份检查" if result.documents > 1 else ""
    lines = [f"{checked}（{kind}{combined}，版式 {profile}）"]
    for where, finding in _grouped(result.findings):
        fix = "［可用 --fix 修正］" if finding.fixable else ""
        lines.append(
            f"  {where}：{SEVERITY_NAMES[finding.severity]} {finding.rule} "
            f"{finding.message}（{finding.clause}）{fix}"
        )
    counts = summary(result.findings)
    if result.findings:
        lines.append(
            f"  共 {len(result.findings)} 处：错误 {counts['error']}，警告 {counts['warning']}，"
            f"提示 {counts['info']}"
        )
    else:
        lines.append("  未发现问题")
    return lines


def _grouped(findings: list[Finding]) -> list[tuple[str, Finding]]:
    """Each finding with its place; in a combined package, a finding of the page settings, a
    style or a footer that several documents share is said once, with them."""
    shared: dict[tuple[object, ...], list[Finding]] = {}
    for finding in findings:
        key = _shared_key(finding)
        if key is not None:
            shared.setdefault(key, []).append(finding)
    said: set[int] = set()
    lines: list[tuple[str, Finding]] = []
    for finding in findings:
        w = finding.where
        group = shared.get(_shared_key(finding), [])
        if len(group) < 2:
            lines.append((str(w), finding))
        elif id(group[0]) not in said:
            said.add(id(group[0]))
            place = replace(
                w, document=None, recipient=None, section=None, paragraph=None, excerpt=None
            )
            section = "各自的页面设置" if w.section is not None else str(place)
            lines.append((f"第{_documents(group)}份（共 {len(group)} 份），{section}", finding))
    return lines


def _shared_key(finding: Finding) -> tuple[object, ...] | None:
    """What a finding of one document of a package shares with the same finding of another:
    its rule and message, and the style or footer part, or the page settings. None for a
    finding of a paragraph's own text or formatting, which is each document's own."""
    w = finding.where
    if w.document is None or (w.paragraph is not None and w.part is None):
        return None
    return (finding.rule, finding.severity, finding.message, w.part, w.section is None)


def _documents(group: list[Finding]) -> str:
    numbers = sorted({f.where.document for f in group if f.where.document is not None})
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return few(numbers, 5)


def json_document(results: list[FileResult], profile: str) -> dict[str, Any]:
    files = []
    for result in results:
        entry: dict[str, Any] = {"file": result.file}
        if not result.readable:
            entry.update(status="unreadable", error=result.error)
        else:
            entry.update(
                status="checked",
                kind=result.kind,
                summary=summary(result.findings),
                findings=[f.to_dict() for f in result.findings],
            )
            if result.documents > 1:
                entry["documents"] = result.documents
            if result.fixed_to is not None:
                entry["fix"] = {
                    "output": result.fixed_to,
                    "changes": [c.to_dict() for c in result.changes],
                }
        files.append(entry)
    totals = summary(f for r in results for f in r.findings)
    return {
        "version": SCHEMA_VERSION,
        "profile": profile,
        "summary": {
            **totals,
            "files": len(results),
            "unreadable": sum(not r.readable for r in results),
        },
        "exit_code": exit_code(results),
        "files": files,
    }

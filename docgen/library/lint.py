"""Fragment lint: front-matter schema, variables, text rules, expiry and near-duplicates.

Each finding has a stable rule id, a Chinese message and file:line. The text rules are those of
``docgen.text.rules``, the same module the document checker uses.
"""

from __future__ import annotations

import datetime
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from docgen.compose.markdown import MarkdownStructureError, to_blocks
from docgen.errors import DocgenError, ErrorGroup
from docgen.library.fragment import Fragment, parse_fragment
from docgen.text.rules import halfwidth_punctuation, placeholders, typed_ordinal

# Two fragments whose bodies share at least this share of their character 5-grams (Jaccard
# similarity over distinct shingles) say the same thing: one of them should go.
NEAR_DUPLICATE_THRESHOLD = 0.6
_SHINGLE = 5

_JINJA_EXPR = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|\d+[.)]\s+)?(?:\*\*)?")


@dataclass(frozen=True)
class LintFinding:
    rule: str
    file: str
    line: int | None
    message: str
    fragment: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.rule} {self.message}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def lint_paths(paths: Iterable[Path], base: Path, today: datetime.date) -> list[LintFinding]:
    """Lint every fragment file; files that do not parse give schema findings."""
    fragments: list[Fragment] = []
    findings: list[LintFinding] = []
    for path in sorted(paths):
        display = _display(path, base)
        try:
            fragments.append(parse_fragment(path, display))
        except DocgenError as exc:
            findings.extend(_schema_findings(exc, display))
    findings.extend(lint_fragments(fragments, today))
    return sorted(findings, key=lambda f: (f.file, f.line or 0, f.rule))


def lint_fragments(fragments: Sequence[Fragment], today: datetime.date) -> list[LintFinding]:
    findings: list[LintFinding] = []
    findings.extend(_duplicate_ids(fragments))
    for fragment in fragments:
        findings.extend(lint_fragment(fragment, today))
    findings.extend(near_duplicates(fragments))
    return findings


def lint_fragment(fragment: Fragment, today: datetime.date) -> list[LintFinding]:
    """The findings of one parsed fragment."""
    findings = [*_variables(fragment), *_text(fragment), *_structure(fragment)]
    valid_until = fragment.meta.valid_until
    if valid_until is not None and valid_until < today and fragment.meta.status != "retired":
        findings.append(
            _finding(
                fragment,
                "FRAG-EXPIRED",
                None,
                f"已过有效期（valid_until: {valid_until}），请复核更新或退役",
            )
        )
    return findings


def _finding(fragment: Fragment, rule: str, line: int | None, message: str) -> LintFinding:
    return LintFinding(rule, fragment.display, line, message, fragment.id)


def _schema_findings(exc: DocgenError, display: str) -> list[LintFinding]:
    errors = exc.errors if isinstance(exc, ErrorGroup) else [exc]
    findings = []
    for error in errors:
        location = error.location
        field = f"字段 {location.field}：" if location and location.field else ""
        findings.append(
            LintFinding(
                "FRAG-SCHEMA", display, location.line if location else None, field + error.message
            )
        )
    return findings


def _duplicate_ids(fragments: Sequence[Fragment]) -> list[LintFinding]:
    by_id: dict[str, list[Fragment]] = defaultdict(list)
    for fragment in fragments:
        by_id[fragment.id].append(fragment)
    findings = []
    for same in by_id.values():
        for fragment in same[1:]:
            findings.append(
                _finding(fragment, "FRAG-DUP-ID", 2, f"id {fragment.id} 与 {same[0].display} 重复")
            )
    return findings


def _variables(fragment: Fragment) -> list[LintFinding]:
    from jinja2 import TemplateSyntaxError, meta

    from docgen.templating import environment

    try:
        used = _simple_names(fragment.body)
        if used is None:
            used = meta.find_undeclared_variables(environment().parse(fragment.body))
    except TemplateSyntaxError as exc:
        return [
            _finding(
                fragment,
                "FRAG-JINJA",
                fragment.body_line + (exc.lineno or 1) - 1,
                f"模板语法错误：{exc.message}",
            )
        ]
    declared = {v.name for v in fragment.meta.variables}
    findings = []
    for name in sorted(used - declared):
        findings.append(
            _finding(
                fragment,
                "FRAG-VAR-UNDECLARED",
                _body_line_of(fragment, name),
                f"使用了未声明的变量 {name}",
            )
        )
    for name in sorted(declared - used):
        findings.append(
            _finding(
                fragment,
                "FRAG-VAR-UNUSED",
                _front_line_of(fragment, name),
                f"声明了变量 {name} 但正文没有使用",
            )
        )
    return findings


_SIMPLE_EXPR = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*(?:\|\s*[A-Za-z_]\w*\s*)*\}\}")


def _simple_names(body: str) -> set[str] | None:
    """Names of a body whose Jinja is only {{ name }} / {{ name | filter }}; None otherwise.

    Most fragments are that simple, and this saves a Jinja parse per fragment on big libraries.
    """
    if "{%" in body or "{#" in body:
        return None
    names = {m.group(1) for m in _SIMPLE_EXPR.finditer(body)}
    return names if body.count("{{") == len(_SIMPLE_EXPR.findall(body)) else None


def _body_line_of(fragment: Fragment, name: str) -> int:
    pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(name) + r"\b")
    for offset, line in enumerate(fragment.body.splitlines()):
        if pattern.search(line):
            return fragment.body_line + offset
    return fragment.body_line


def _front_line_of(fragment: Fragment, name: str) -> int | None:
    text = fragment.path.read_text(encoding="utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(r"name:\s*['\"]?" + re.escape(name) + r"['\"]?\s*$", line):
            return number
    return None


def _text(fragment: Fragment) -> list[LintFinding]:
    findings = []
    for offset, raw in enumerate(fragment.body.splitlines()):
        # Jinja expressions stand in for Chinese text; blank them with a CJK letter so the rules
        # neither flag their braces nor miss a half-width comma right after them.
        line = _JINJA_EXPR.sub(lambda m: "中" * len(m.group()), raw)
        prefix = _MARKDOWN_PREFIX.match(line)
        content_start = prefix.end() if prefix else 0
        number = fragment.body_line + offset
        for issue in placeholders(line) + halfwidth_punctuation(line):
            findings.append(_finding(fragment, issue.rule, number, issue.message))
        for issue in typed_ordinal(line[content_start:]):
            findings.append(_finding(fragment, issue.rule, number, issue.message))
    return findings


_MAYBE_UNSUPPORTED = re.compile(r"^(?:\s*[-*+>|]|\s*```|\s*~~~| {4}|\t)", re.M)


def _structure(fragment: Fragment) -> list[LintFinding]:
    if not _MAYBE_UNSUPPORTED.search(fragment.body):
        return []  # nothing the Markdown parser could refuse; skip the parse
    try:
        to_blocks(_JINJA_EXPR.sub("中", fragment.body))
    except MarkdownStructureError as exc:
        line = fragment.body_line + exc.line - 1 if exc.line else None
        return [_finding(fragment, "FRAG-MARKDOWN", line, str(exc))]
    return []


def _shingles(text: str) -> set[str]:
    plain = re.sub(r"\s+|[#*>\d.]|\{\{.*?\}\}", "", text)
    return {plain[i : i + _SHINGLE] for i in range(max(0, len(plain) - _SHINGLE + 1))}


def near_duplicates(
    fragments: Sequence[Fragment], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[LintFinding]:
    """Pairs whose bodies are mostly the same text.

    Candidates come from a sample of each body's shingles (those whose CRC falls in one bucket
    of ``_SAMPLE``, the same for every fragment, so similar texts keep similar samples); the exact
    Jaccard similarity is then computed for candidates only. Linear in the library's size.
    """
    live = [f for f in fragments if f.meta.status != "retired"]
    shingles = [_shingles(f.body) for f in live]
    postings: dict[str, list[int]] = defaultdict(list)
    samples: list[list[str]] = []
    for index, grams in enumerate(shingles):
        sample = [g for g in grams if zlib.crc32(g.encode("utf-8")) % _SAMPLE == 0]
        samples.append(sample)
        for gram in sample:
            postings[gram].append(index)
    findings = []
    for index, sample in enumerate(samples):
        shared: dict[int, int] = {}
        for gram in sample:
            ids = postings[gram]
            if len(ids) > _RARE:  # boilerplate every fragment shares says nothing
                continue
            for other in ids:
                if other > index:
                    shared[other] = shared.get(other, 0) + 1
        for other, count in shared.items():
            if count < _MIN_SHARED:
                continue
            similarity = len(shingles[index] & shingles[other]) / len(
                shingles[index] | shingles[other]
            )
            if similarity >= threshold:
                findings.append(
                    _finding(
                        live[other],
                        "FRAG-NEAR-DUP",
                        fragment_line(live[other]),
                        f"与 {live[index].id}（{live[index].display}）高度相似（{similarity:.0%}），请合并或删去其一",
                    )
                )
    return findings


_SAMPLE = 6
_RARE = 50
_MIN_SHARED = 2


def fragment_line(fragment: Fragment) -> int:
    return fragment.body_line


def _display(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)

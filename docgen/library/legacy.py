"""Import of legacy texts: old speeches (often scraped from web pages) into draft fragments.

Cleaning drops web junk (site names, share and scan prompts, view counts, paywall blocks, stray
numbers); recognition finds the title, the salutation, the 一、/（一） headings, the inline
enumerations (一是/一要/首先…) and the closing. Recognized ordinals are removed, so that the
structure numbers the text again once it is a fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.text.rules import apply_fixes, halfwidth_punctuation, heading_ordinal

_JUNK_LINE = re.compile(
    r"[A-Za-z0-9-]+\.(?:com|cn|net|org)\b|分享|扫码|收藏|领取福利|阅读时长|共计\d+个字|浏览(?:量|次数)?[:：]?\s*\d"
    r"|阅读(?:量|数)?[:：]\s*\d|点赞|网友为大家整理|整理分享|下载|上一篇|下一篇|版权|声明[:：]|来源[:：]"
    r"|^\s*(?:时间|作者|编辑)[:：]",
    re.I,
)
_PAYWALL_START = re.compile(r"隐藏内容|此处内容需要|需要权限查看|登录后查看|付费|开通会员")
_PAYWALL_LINE = re.compile(r"特权|积分|会员|免费查看|免费推荐|^\s*[•·]")
_NOISE = re.compile(r"^[\s\d\"'();,.:：，。；]*$")
_SALUTATION = re.compile(r"^(同志们|各位[^：:]{0,20}同志们|各位领导|同事们)[：:]$")
_ENUMERATION = re.compile(
    r"^(?:([一二三四五六七八九十]+)[是要]|第([一二三四五六七八九十]+)[，,]|(首先|其次|再次|最后)[，,])"
)
_TRAILING_PAGE_MARK = re.compile(r"(?<=[\u4e00-\u9fff》”])\d{1,2}$")
_ANNOUNCED = re.compile(r"(?:强调|讲|谈|提)([一二三四五六七八九十两]+)点")


@dataclass
class LegacySection:
    """A recognized top-level section: its title (ordinal removed) and paragraphs."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    enumerated: list[bool] = field(default_factory=list)
    subheadings: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class LegacyText:
    title: str
    salutation: str
    opening: list[str]
    sections: list[LegacySection]
    closing: list[str]
    removed: list[str]
    gaps: int = 0


def clean(lines: list[str]) -> tuple[list[str], list[str], int]:
    """(kept lines, removed lines, paywall gaps) — web junk and paywall blocks dropped."""
    kept: list[str] = []
    removed: list[str] = []
    gaps = 0
    in_paywall = False
    for raw in lines:
        line = raw.strip().replace("\u3000", "")
        if not line:
            continue
        if _PAYWALL_START.search(line):
            gaps += 0 if in_paywall else 1
            in_paywall = True
            removed.append(line)
            continue
        if in_paywall and (_PAYWALL_LINE.search(line) or len(line) < 16):
            removed.append(line)
            continue
        in_paywall = False
        if _JUNK_LINE.search(line) or _NOISE.match(line):
            removed.append(line)
            continue
        line = _TRAILING_PAGE_MARK.sub("", line)
        kept.append(apply_fixes(line, halfwidth_punctuation(line)))
    return _drop_repeated_title(kept), removed, gaps


def _drop_repeated_title(lines: list[str]) -> list[str]:
    # Scraped pages repeat the title under the site banner; keep its first appearance.
    seen: set[str] = set()
    result = []
    for line in lines:
        if len(line) < 60 and line in seen:
            continue
        seen.add(line)
        result.append(line)
    return result


def recognize(lines: list[str], removed: list[str] | None = None, gaps: int = 0) -> LegacyText:
    """Find title, salutation, opening, sections and closing in cleaned lines."""
    title = next(
        (line for line in lines if "讲话" in line and len(line) < 80), lines[0] if lines else ""
    )
    body = lines[lines.index(title) + 1 :] if title in lines else list(lines)
    salutation = ""
    if body and _SALUTATION.match(body[0]):
        salutation = body.pop(0).replace(":", "：")
    opening: list[str] = []
    sections: list[LegacySection] = []
    for line in body:
        found = heading_ordinal(line)
        if found and found[0] == 1 and len(line) < 80:
            sections.append(LegacySection(_strip_ordinal(line)))
        elif not sections:
            opening.append(line)
        elif found and found[0] == 2 and len(line) < 80 and "。" not in line.rstrip("。")[:-1]:
            sections[-1].subheadings.append((len(sections[-1].paragraphs), _strip_ordinal(line)))
        elif found:
            # （一）要……。 or 1. at the head of a running paragraph: an item of an enumeration.
            sections[-1].paragraphs.append(_strip_ordinal(line))
            sections[-1].enumerated.append(True)
        else:
            enumerated = bool(_ENUMERATION.match(line))
            sections[-1].paragraphs.append(_strip_enumeration(line) if enumerated else line)
            sections[-1].enumerated.append(enumerated)
    closing = _split_closing(sections)
    _infer_hidden_sections(opening, sections, gaps)
    return LegacyText(title, salutation, opening, sections, closing, removed or [], gaps)


def _split_closing(sections: list[LegacySection]) -> list[str]:
    """The closing: trailing paragraphs of the last section from the one starting 同志们，."""
    if not sections:
        return []
    last = sections[-1]
    for index, text in enumerate(last.paragraphs):
        if text.startswith(("同志们，", "同志们,")):
            closing = last.paragraphs[index:]
            del last.paragraphs[index:]
            del last.enumerated[index:]
            return closing
    return []


def _infer_hidden_sections(opening: list[str], sections: list[LegacySection], gaps: int) -> None:
    """A paywall can hide a heading: when the speech announces more points than were found,
    the first plain paragraph after an enumeration that ran across the gap starts the next one."""
    announced = next((m.group(1) for line in opening for m in [_ANNOUNCED.search(line)] if m), None)
    expected = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}.get(announced or "")
    if not gaps or expected is None or len(sections) >= expected or not sections:
        return
    last = sections[-1]
    for index in range(1, len(last.paragraphs)):
        if last.enumerated[index - 1] and not last.enumerated[index]:
            hidden = LegacySection("（原文此处标题被网页隐藏，请补写）")
            hidden.paragraphs = last.paragraphs[index:]
            hidden.enumerated = last.enumerated[index:]
            del last.paragraphs[index:], last.enumerated[index:]
            sections.append(hidden)
            return


def _strip_ordinal(line: str) -> str:
    return re.sub(
        r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])\s*", "", line
    ).strip()


def _strip_enumeration(line: str) -> str:
    return _ENUMERATION.sub("", line, count=1)


def outline_text(text: LegacyText) -> str:
    """The recognized outline, for --dry-run."""
    lines = [
        f"标题：{text.title}",
        f"称谓：{text.salutation or '（无）'}",
        f"开头：{len(text.opening)} 段",
    ]
    for number, section in enumerate(text.sections, start=1):
        from docgen.text.numerals import ordinal

        items = sum(section.enumerated)
        lines.append(
            f"{ordinal(number, 'heading1')}{section.title}（{len(section.paragraphs)} 段，其中列举 {items} 项）"
        )
        for sub_number, (_, sub) in enumerate(section.subheadings, start=1):
            lines.append(f"    {ordinal(sub_number, 'heading2')}{sub}")
    lines.append(f"结尾：{len(text.closing)} 段")
    lines.append(
        f"已删除网页杂项 {len(text.removed)} 行"
        + (f"（其中付费隐藏块 {text.gaps} 处）" if text.gaps else "")
    )
    return "\n".join(lines)


def to_fragments(text: LegacyText, source: str, stem: str) -> list[tuple[str, str]]:
    """Draft fragment files (relative path, text): the opening, one per section, the closing."""
    files: list[tuple[str, str]] = []
    if text.opening:
        files.append(
            _fragment(
                "opening", f"{stem}", f"{text.title}（开头）", "\n\n".join(text.opening), source
            )
        )
    for number, section in enumerate(text.sections, start=1):
        files.append(
            _fragment(
                "requirement", f"{stem}-{number}", section.title, _section_body(section), source
            )
        )
    if text.closing:
        files.append(
            _fragment("closing", stem, f"{text.title}（结尾）", "\n\n".join(text.closing), source)
        )
    return files


def _section_body(section: LegacySection) -> str:
    parts = [f"# {section.title}"]
    subheadings = dict(section.subheadings)
    item = 0
    for index, (paragraph, enumerated) in enumerate(
        zip(section.paragraphs, section.enumerated, strict=True)
    ):
        if index in subheadings:
            parts.append(f"## {subheadings[index]}")
            item = 0
        if enumerated:
            item += 1
            parts.append(f"{item}. {paragraph}")
        else:
            item = 0
            parts.append(paragraph)
    return _join_blocks(parts)


def _join_blocks(parts: list[str]) -> str:
    # Consecutive list items stay in one list; everything else is separated by a blank line.
    out: list[str] = []
    for part in parts:
        if out and re.match(r"^\d+\. ", part) and re.match(r"^\d+\. ", out[-1]):
            out.append(part)
        else:
            out.extend(["", part] if out else [part])
    return "\n".join(out)


def _fragment(category: str, name: str, title: str, body: str, source: str) -> tuple[str, str]:
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    front = {
        "id": f"{category}.{name}",
        "title": title,
        "kinds": ["speech"],
        "tags": ["导入"],
        "status": "draft",
        "version": 1,
        "variables": [],
        "source": source,
    }
    ordered = CommentedMap(front)
    for key in ("kinds", "tags", "variables"):
        ordered[key] = CommentedSeq(front[key])
        ordered[key].fa.set_flow_style()
    buffer = io.StringIO()
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.dump(ordered, buffer)
    return f"{category}/{name}.md", f"---\n{buffer.getvalue()}---\n{body}\n"


def slug(name: str) -> str:
    """A fragment-id-safe name for an imported file: lowercase ASCII, digits and hyphens."""
    import hashlib

    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:24].strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return f"imported-{ascii_part}-{digest}" if ascii_part else f"imported-{digest}"

"""Text rules shared by the fragment linter and the document checker.

Each rule looks at one string (a paragraph, a line) and returns ``TextIssue``s with the span it
found, a Chinese message and, for the safe rules, the replacement text. Rule ids are stable.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from docgen.text.dates import weekday_name
from docgen.text.numerals import cn_numeral

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_FULLWIDTH_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】——……·"


@dataclass(frozen=True)
class TextIssue:
    """One finding in a string: [start, end) and, when the rule can fix it, the replacement."""

    rule: str
    start: int
    end: int
    message: str
    replacement: str | None = None

    def excerpt(self, text: str, context: int = 8) -> str:
        left = max(0, self.start - context)
        right = min(len(text), self.end + context)
        return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


@dataclass(frozen=True)
class TextRule:
    id: str
    severity: str
    title: str
    fixable: bool
    find: Callable[[str], list[TextIssue]]


# --- placeholders ---------------------------------------------------------------------------

# A template tag's brackets, also as typed with a Chinese input method (｛｛ ｝｝, {％ ％}).
TAG_BRACKETS = r"[{｛][{｛%％]|[%％}｝][}｝]"
_PLACEHOLDER = re.compile(
    r"×{2,}|(?<![A-Za-z])[xX]{2,}(?![A-Za-z])|(?<![A-Za-z])[xX×](?=[年月日号])|某某|□+"
    r"|【[^】]{0,16}】|待定|TODO|" + TAG_BRACKETS
)


def placeholders(text: str) -> list[TextIssue]:
    """Leftovers of a draft: ××, XX, xx, x月, 某某, □, 【】, 待定, TODO, unrendered {{ {%."""
    return [
        TextIssue(
            "TEXT-PLACEHOLDER", m.start(), m.end(), f"残留占位符“{m.group()}”，请填写实际内容"
        )
        for m in _PLACEHOLDER.finditer(text)
    ]


# --- half-width punctuation -----------------------------------------------------------------

_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s，。；]+|www\.[^\s，。；]+"  # URLs
    r"|[A-Za-z0-9._%+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mails (an ASCII name: \w would rescan CJK)
    r"|\b[A-Z]{2,}(?:/[A-Z]+)?\s?[\d.]+(?:[-:]\d+)*"  # standard numbers: GB/T 9704-2012, ISO 9001:2015
    r"|\d+(?:[.:,]\d+)+"  # times 9:30, decimals 3.5, thousands 1,000, versions 1.2.3
    r"|[A-Za-z][A-Za-z0-9 ,.:;!?'\"()-]*[A-Za-z0-9.)]"  # runs of Latin text keep their own punctuation
)
_SIMPLE = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(text)]


def _inside(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _near_cjk(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip()[:1]
    return bool(_CJK_CHAR.match(before) or _CJK_CHAR.match(after)) or (
        (before in _FULLWIDTH_PUNCT and before != "") or (after in _FULLWIDTH_PUNCT and after != "")
    )


def halfwidth_punctuation(text: str) -> list[TextIssue]:
    """Half-width , : ; ? ! ( ) " ... -- in Chinese text, with their full-width forms."""
    spans = _protected_spans(text)
    issues: list[TextIssue] = []
    for m in re.finditer(r"\(([^()]*)\)", text):
        if _CJK_CHAR.search(m.group(1)) and not _inside(m.start(), spans):
            issues.append(_punct(m, f"（{m.group(1)}）", "半角括号应为全角（）"))
    for m in re.finditer(r'"([^"]*)"', text):
        if _CJK_CHAR.search(m.group(1)):
            issues.append(_punct(m, f"“{m.group(1)}”", "半角引号应为全角“”"))
    for m in re.finditer(r"\.{3,}|…(?!…)", text):
        if _near_cjk(text, m.start(), m.end()) and not _inside(m.start(), spans):
            issues.append(_punct(m, "……", "省略号应为“……”"))
    for m in re.finditer(r"(?<=[" + CJK + r"])\s*-{1,2}\s*(?=[" + CJK + r"])", text):
        issues.append(_punct(m, "——", "中文之间的连接号应为破折号“——”"))
    for m in re.finditer(r"[,:;?!]", text):
        if _inside(m.start(), spans) or not _near_cjk(text, m.start(), m.end()):
            continue
        full = _SIMPLE[m.group()]
        end = m.end() + (1 if text[m.end() : m.end() + 1] == " " else 0)
        issues.append(
            TextIssue(
                "TEXT-PUNCT", m.start(), end, f"中文中的半角“{m.group()}”应为全角“{full}”", full
            )
        )
    covered: list[TextIssue] = []
    for issue in sorted(issues, key=lambda i: (i.start, -i.end)):
        if not any(c.start <= issue.start < c.end for c in covered):
            covered.append(issue)
    return covered


def _punct(m: re.Match[str], replacement: str, message: str) -> TextIssue:
    return TextIssue("TEXT-PUNCT", m.start(), m.end(), message, replacement)


# --- dates ----------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_WEEKDAY_AFTER = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日\s*[（(]?\s*(星期[一二三四五六日天]|周[一二三四五六日天])"
)


def padded_dates(text: str) -> list[TextIssue]:
    """2026年09月09日 → 2026年9月9日 (GB/T 9704 7.3.5.3: no zero padding)."""
    issues = []
    for m in _DATE.finditer(text):
        year, month, day = m.groups()
        if month.startswith("0") or day.startswith("0"):
            fixed = f"{year}年{int(month)}月{int(day)}日"
            issues.append(
                TextIssue(
                    "TEXT-DATE-PAD",
                    m.start(),
                    m.end(),
                    f"日期“{m.group()}”不应补零，应为“{fixed}”",
                    fixed,
                )
            )
    return issues


def weekday_mismatches(text: str) -> list[TextIssue]:
    """A weekday that does not match its date: 2026年11月22日（星期一）."""
    issues = []
    for m in _WEEKDAY_AFTER.finditer(text):
        year, month, day, written = m.groups()
        try:
            actual = weekday_name(datetime.date(int(year), int(month), int(day)))
        except ValueError:
            issues.append(
                TextIssue("TEXT-DATE-INVALID", m.start(), m.end(), f"日期“{m.group()}”不存在")
            )
            continue
        normalized = written.replace("周", "星期").replace("天", "日")
        if normalized != actual:
            issues.append(
                TextIssue(
                    "TEXT-WEEKDAY",
                    m.start(4),
                    m.end(4),
                    f"{year}年{int(month)}月{int(day)}日是{actual}，不是{written}",
                )
            )
    return issues


def invalid_dates(text: str) -> list[TextIssue]:
    issues = []
    for m in _DATE.finditer(text):
        try:
            datetime.date(*(int(g) for g in m.groups()))
        except ValueError:
            issues.append(
                TextIssue("TEXT-DATE-INVALID", m.start(), m.end(), f"日期“{m.group()}”不存在")
            )
    return issues


_CN_YEAR_DATE = re.compile(
    r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)
_SHORT_YEAR_DATE = re.compile(r"(?<!\d)\d{2}年\d{1,2}月\d{1,2}日")


def signed_date_form(text: str) -> list[TextIssue]:
    """成文日期 in Arabic digits with the full year (GB/T 9704 7.3.5.4): not 二〇二六年, not 26年."""
    issues = [
        TextIssue(
            "TEXT-DATE-FORM",
            m.start(),
            m.end(),
            f"成文日期“{m.group()}”应使用阿拉伯数字，如“2026年9月9日”",
        )
        for m in _CN_YEAR_DATE.finditer(text)
    ]
    issues += [
        TextIssue(
            "TEXT-DATE-FORM", m.start(), m.end(), f"成文日期“{m.group()}”的年份应标全称（四位数字）"
        )
        for m in _SHORT_YEAR_DATE.finditer(text)
    ]
    return sorted(issues, key=lambda i: i.start)


# --- document numbers and titles ------------------------------------------------------------

_DOC_NUMBER_BRACKETS = re.compile(
    rf"(?<=[{CJK}])\s*([\[【［(（〔])\s*((?:19|20)\d{{2}})\s*([\]】］)）〕])(?=\s*第?\s*\d+\s*号)"
)


def doc_number_brackets(text: str) -> list[TextIssue]:
    """发文字号 years in 〔〕 (U+3014/U+3015), never [] () 【】: 临政[2026]5号 → 临政〔2026〕5号."""
    issues = []
    for m in _DOC_NUMBER_BRACKETS.finditer(text):
        fixed = f"〔{m.group(2)}〕"
        if m.group() == fixed:
            continue
        if m.group(1) == "〔" and m.group(3) == "〕":
            message = f"发文字号“{m.group()}”中不应有空格，应为“{fixed}”"
        else:
            message = f"发文字号中的年份应用六角括号“〔〕”括入：“{m.group().strip()}”应为“{fixed}”"
        issues.append(TextIssue("TEXT-DOCNUM-BRACKET", m.start(), m.end(), message, fixed))
    return issues


_TITLE_PUNCT = re.compile(r"[，。；：？！,.;:?!]")


def title_punctuation(text: str) -> list[TextIssue]:
    """Punctuation in a title: only 书名号, quotation marks (and 、 （） ——) belong there."""
    return [
        TextIssue("TEXT-TITLE-PUNCT", m.start(), m.end(), f"标题中不应使用标点“{m.group()}”")
        for m in _TITLE_PUNCT.finditer(text)
        if not (m.group() == "." and text[max(0, m.start() - 1) : m.start()].isdigit())
    ]


# --- ordinals -------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS = (
    (1, re.compile(rf"^\s*([{_CN_NUM}]+)、")),
    (2, re.compile(rf"^\s*[（(]([{_CN_NUM}]+)[）)]")),
    (3, re.compile(r"^\s*(\d+)[.．](?!\d)")),
    (4, re.compile(r"^\s*[（(](\d+)[）)]")),
)
_WRONG_ARABIC = re.compile(r"^\s*(\d+)、")


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十一 → 11, 二十 → 20 (up to 99, enough for ordinals)."""
    for n in range(1, 100):
        if cn_numeral(n) == text:
            return n
    return None


def heading_ordinal(text: str) -> tuple[int, int] | None:
    """(level, number) of a heading that starts with 一、 （一） 1. （1）, else None."""
    for level, pattern in _HEADING_PATTERNS:
        m = pattern.match(text)
        if m:
            number = int(m.group(1)) if level >= 3 else cn_to_int(m.group(1))
            if number is not None:
                return level, number
    return None


def wrong_list_marker(text: str) -> list[TextIssue]:
    """ "1、" where GB/T 9704 writes "1." for the third heading level."""
    m = _WRONG_ARABIC.match(text)
    if not m:
        return []
    fixed = f"{m.group(1)}."
    return [
        TextIssue(
            "TEXT-ORDINAL-MARK",
            m.start(1),
            m.end(),
            f"序号“{m.group().strip()}”应写作“{fixed}”",
            fixed,
        )
    ]


def typed_ordinal(line: str) -> list[TextIssue]:
    """A line that numbers itself (一、 （一）) where the structure should number it."""
    found = heading_ordinal(line)
    if found is None or found[0] > 2:
        return []
    m = _HEADING_PATTERNS[found[0] - 1][1].match(line)
    assert m is not None
    return [
        TextIssue(
            "TEXT-TYPED-ORDINAL",
            m.start(),
            m.end(),
            f"手写的序号“{m.group().strip()}”：序号应由结构生成（用 # 标题或有序列表），删除它",
        )
    ]


# --- registry and fixing --------------------------------------------------------------------

RULES: tuple[TextRule, ...] = (
    TextRule("TEXT-PLACEHOLDER", "error", "残留占位符", False, placeholders),
    TextRule("TEXT-PUNCT", "error", "中文中的半角标点", True, halfwidth_punctuation),
    TextRule("TEXT-DATE-PAD", "error", "日期补零", True, padded_dates),
    TextRule("TEXT-DATE-INVALID", "error", "不存在的日期", False, invalid_dates),
    TextRule("TEXT-WEEKDAY", "error", "星期与日期不符", False, weekday_mismatches),
    TextRule("TEXT-ORDINAL-MARK", "error", "“1、”应为“1.”", True, wrong_list_marker),
    TextRule("TEXT-DOCNUM-BRACKET", "error", "发文字号括号", True, doc_number_brackets),
)
# Rules for one element only (the document checker applies them where they belong).
DATE_FORM_RULE = TextRule("TEXT-DATE-FORM", "error", "成文日期格式", False, signed_date_form)
TITLE_RULE = TextRule("TEXT-TITLE-PUNCT", "warning", "标题中的标点", False, title_punctuation)
RULES_BY_ID = {rule.id: rule for rule in (*RULES, DATE_FORM_RULE, TITLE_RULE)}


def apply_fixes(text: str, issues: Iterable[TextIssue]) -> str:
    """Apply the replacements of non-overlapping fixable issues, right to left."""
    result = text
    last_start = len(text) + 1
    for issue in sorted((i for i in issues if i.replacement is not None), key=lambda i: -i.start):
        if issue.end > last_start:
            continue
        result = result[: issue.start] + issue.replacement + result[issue.end :]
        last_start = issue.start
    return result

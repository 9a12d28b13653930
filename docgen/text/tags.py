"""How a tag spells a roster column and a text: one rule for the tags docgen writes (Word's
mail-merge fields made tags) and the tags its messages tell a user to write."""

from __future__ import annotations

import keyword
import operator
import re
import unicodedata
from typing import Any

# The whole row as a mapping, for a column whose name is no tag name: {{ 列["完成率（%）"] }}.
COLUMNS = "列"
# Jinja's words, which cannot be a name in a tag however much they look like one.
_JINJA_WORDS = frozenset(
    ["true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is"]
)
# Marks a literal may not hold as they are: XML's, the quote and backslash, the quotes docxtpl
# turns straight inside a tag (which would end the literal), and the braces and % of tags
# (docxtpl's patterns look for {%p and the like in all of a part's text).
_ESCAPED = frozenset('<>&"\\\u2018\u2019\u201c\u201d{}%')


def column_reference(column: str, readable: bool = False) -> str:
    """How a tag reads ``column``: by its name, or through 列 when that is no tag name —
    its name a literal safe inside a docxtpl part, or ``readable`` as a user types it."""
    if _bare(column):
        return column
    if readable:
        return f'{COLUMNS}["' + column.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return f"{COLUMNS}[{string_literal(column)}]"


def _bare(column: str) -> bool:
    """Whether a tag may name ``column`` bare: an identifier, not a Python or Jinja word, and
    as Python keeps it (it folds "Ａ级" to "A级": two columns would be one name)."""
    return (
        column.isidentifier()
        and not keyword.iskeyword(column)
        and column not in _JINJA_WORDS
        and unicodedata.normalize("NFKC", column) == column
    )


def string_literal(text: str) -> str:
    """A Jinja string literal for ``text`` that survives being XML text in a w:t and docxtpl's
    cleaning of tags: the marks of ``_ESCAPED`` written as \\u escapes."""
    return '"' + "".join(f"\\u{ord(c):04x}" if c in _ESCAPED else c for c in text) + '"'


# The global a tag made from Word's IF field calls: IF's comparison, as Word makes it.
WORD_COMPARE = "word_compare"
# Word's comparisons, as an IF field writes them.
WORD_COMPARISONS = {
    "=": operator.eq,
    "<>": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_NUMBER_TEXT = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def word_compare(left: Any, comparison: str, right: Any) -> bool:
    """``left comparison right`` as Word's IF field tests it: as numbers when both sides are
    numbers (a cell shown as 95.6% is 0.956, as Word reads it), else as texts, a blank as
    an empty text; with = and <>, * and ? in the right side's text match any run of letters
    and any one letter."""
    left, right = _merged(left), _merged(right)
    numbers = _number(left), _number(right)
    if numbers[0] is not None and numbers[1] is not None:
        return WORD_COMPARISONS[comparison](*numbers)
    if comparison in ("=", "<>") and isinstance(right, str) and ("*" in right or "?" in right):
        return _matches(str(left), right) == (comparison == "=")
    return WORD_COMPARISONS[comparison](str(left), str(right))


def _matches(text: str, pattern: str) -> bool:
    """Whether ``text`` fits Word's ``pattern`` (* any letters, ? one), in time proportional to
    their lengths' product however many * a hostile template writes (a regex could take
    exponential time)."""
    t = p = 0
    star, resume = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] in ("?", text[t]) and pattern[p] != "*":
            t, p = t + 1, p + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, resume, p = p, t, p + 1
        elif star >= 0:
            resume += 1
            t, p = resume, star + 1
        else:
            return False
    return pattern[p:].strip("*") == ""


def _merged(value: Any) -> Any:
    """What a merge field gives an IF: a YAML ~ is an empty text (as a blank cell is, which
    the template environment passes as "")."""
    return "" if value is None else value


def _number(value: Any) -> float | None:
    """A value as Word reads a number: a number cell, or a text written as one (1,200)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        return float(value.replace(",", ""))
    return None

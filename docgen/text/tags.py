"""How a tag spells a roster column and a text: one rule for the tags docgen writes (Word's
mail-merge fields made tags) and the tags its messages tell a user to write."""

from __future__ import annotations

import keyword

# The whole row as a mapping, for a column whose name is no tag name: {{ 列["完成率（%）"] }}.
COLUMNS = "列"
# Jinja's words, which cannot be a name in a tag however much they look like one.
_JINJA_WORDS = frozenset(
    ["true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is"]
)
# Marks a literal may not hold as they are: XML's, the quote and backslash, and the quotes
# docxtpl turns straight inside a tag (which would end the literal).
_ESCAPED = frozenset('<>&"\\\u2018\u2019\u201c\u201d')


def column_reference(column: str) -> str:
    """How a tag reads ``column``: by its name, or through 列 when that is no tag name."""
    if column.isidentifier() and not keyword.iskeyword(column) and column not in _JINJA_WORDS:
        return column
    return f"{COLUMNS}[{string_literal(column)}]"


def string_literal(text: str) -> str:
    """A Jinja string literal for ``text`` that survives being XML text in a w:t and docxtpl's
    cleaning of tags: the marks of ``_ESCAPED`` written as \\u escapes."""
    return '"' + "".join(f"\\u{ord(c):04x}" if c in _ESCAPED else c for c in text) + '"'

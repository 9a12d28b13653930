from __future__ import annotations

import sys
import unicodedata

from docgen.text.invisible import _FORMAT_CHARACTERS, without_invisible


def test_every_format_character_of_this_python_is_dropped_and_nothing_assigned_else() -> None:
    dropped = {c for c in range(sys.maxunicode + 1) if _FORMAT_CHARACTERS.match(chr(c))}
    format_characters = {
        c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
    }
    assert format_characters <= dropped
    # Beyond them only characters later versions of Unicode made Cf (unassigned here).
    assert {unicodedata.category(chr(c)) for c in dropped - format_characters} <= {"Cn"}


def test_text_keeps_what_shows_and_loses_what_does_not() -> None:
    assert without_invisible("\ufeff市纪委监委机关\u200b") == "市纪委监委机关"
    assert without_invisible("甲\u202e乙\u2066") == "甲乙"  # direction marks
    kept = "第一行\n第二行\u3000（全角空格）\t\ue000"  # breaks, spaces, a private-use 生僻字
    assert without_invisible(kept) == kept

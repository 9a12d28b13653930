"""Invisible format characters (Unicode category Cf): a zero-width space or a byte-order mark
pasted from a web page or WeChat, a direction mark. No 公文 needs one, and a unit name holding
one matches no task and no name a person types."""

from __future__ import annotations

import re

# Every Cf character of Unicode 15 (tests compare it with unicodedata), as ranges.
_FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def without_invisible(text: str) -> str:
    """``text`` without its invisible format characters."""
    if text.isprintable():  # the common case: none (a format character is not printable)
        return text
    return _FORMAT_CHARACTERS.sub("", text)

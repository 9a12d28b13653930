"""Chinese numerals, ordinals and counting phrases as written in official documents."""

_DIGITS = "零一二三四五六七八九"
_SECTION_UNITS = ("千", "百", "十", "")
_LIMIT = 10**8

ORDINAL_STYLES: tuple[str, ...] = (
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "circled",
    "yishi",
    "yiyao",
    "diyi",
    "arabic_paren",
    "shouxian",
)
"""Style names accepted by :func:`ordinal`."""

_CIRCLED_MAX = 20


def _check_int(n: object, name: str = "数字") -> None:
    # bool is an int subclass, but True/False as a count is always a caller bug.
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"{name}必须是整数：{n!r}")


def _section(s: int) -> str:
    """Write 1 <= s < 10000 with 千/百/十 units, inserting 零 for inner gaps."""
    parts: list[str] = []
    zero_pending = False
    for i, unit in enumerate(_SECTION_UNITS):
        d = s // 10 ** (3 - i) % 10
        if d == 0:
            # Only a zero between two non-zero digits is spoken; trailing ones are not.
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(_DIGITS[d] + unit)
    return "".join(parts)


def cn_numeral(n: int) -> str:
    """Return the Chinese numeral for 0 <= n < 10**8, e.g. 101 → 一百零一.

    A leading 一十 of the whole number is shortened to 十 (10 → 十,
    100000 → 十万), while inner ones keep their 一 (110 → 一百一十).
    """
    _check_int(n)
    if n < 0 or n >= _LIMIT:
        raise ValueError(f"数字超出范围：{n}（须为 0 至 {_LIMIT - 1} 之间的整数）")
    if n == 0:
        return _DIGITS[0]
    high, low = divmod(n, 10000)
    text = ""
    if high:
        text = _section(high) + "万"
        if 0 < low < 1000:
            text += "零"
    if low:
        text += _section(low)
    if text.startswith("一十"):
        text = text[1:]
    return text


def ordinal(n: int, style: str, total: int | None = None) -> str:
    """Return the 1-based ordinal marker for item n in the given style.

    Styles: heading1 一、, heading2 （一）, heading3 1., heading4 and
    arabic_paren （1）, circled ①..⑳, yishi 一是, yiyao 一要, diyi 第一，
    and shouxian 首先，/其次，/再次，/最后， (which needs ``total``; a lone
    item gets "").
    """
    _check_int(n, "序号")
    if style not in ORDINAL_STYLES:
        valid = "、".join(ORDINAL_STYLES)
        raise ValueError(f"未知的序号样式：{style!r}（可用样式：{valid}）")
    if n < 1:
        raise ValueError(f"序号必须从 1 开始：{n}")
    if total is not None:
        _check_int(total, "总数")
        if n > total:
            raise ValueError(f"序号 {n} 超过总数 {total}")

    if style == "heading1":
        return f"{cn_numeral(n)}、"
    if style == "heading2":
        return f"（{cn_numeral(n)}）"
    if style == "heading3":
        return f"{n}."
    if style in ("heading4", "arabic_paren"):
        return f"（{n}）"
    if style == "circled":
        if n > _CIRCLED_MAX:
            raise ValueError(f"带圈数字只支持 1 至 {_CIRCLED_MAX}：{n}")
        return chr(ord("①") + n - 1)
    if style == "yishi":
        return f"{cn_numeral(n)}是"
    if style == "yiyao":
        return f"{cn_numeral(n)}要"
    if style == "diyi":
        return f"第{cn_numeral(n)}，"
    # shouxian
    if total is None:
        raise ValueError("“首先/其次/再次/最后”样式需要提供总数 total")
    if total == 1:
        return ""
    if n == total:
        return "最后，"
    if n == 1:
        return "首先，"
    if n == 2:
        return "其次，"
    return "再次，"


def count_phrase(n: int, measure: str = "点") -> str:
    """Return a counted phrase such as 三点 for (3, "点").

    A bare 2 before a measure word is written 两 (两点意见), as standard usage
    requires; every other number uses :func:`cn_numeral`.
    """
    numeral = "两" if n == 2 else cn_numeral(n)
    return numeral + measure

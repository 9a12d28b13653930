"""Font faces by family and sizes by name: 仿宋_GB2312, 仿宋 and FangSong are all 仿宋体; 16 pt is 三号."""

from __future__ import annotations

from docgen.layout.units import SIZE_NAMES

FAMILY_NAMES = {
    "fangsong": "仿宋",
    "heiti": "黑体",
    "kaiti": "楷体",
    "xiaobiaosong": "小标宋",
    "songti": "宋体",
}
_SIZE_NAME = {round(pt * 2): name for name, pt in SIZE_NAMES.items()}
# Checked in order: 仿宋 and 小标宋 contain 宋; 雅黑 and 等线 are sans faces, not the standard's 黑体.
_KEYWORDS = (
    ("fangsong", ("仿宋", "fangsong", "fang song")),
    ("kaiti", ("楷", "kaiti", "kai ti", "stkaiti")),
    ("other", ("雅黑", "yahei", "等线", "dengxian")),
    ("heiti", ("黑", "heiti", "simhei", "hei ti")),
    ("xiaobiaosong", ("小标宋", "标宋", "biaosong", "xbs")),
    ("songti", ("宋", "simsun", "song")),
)


def face_family(name: str | None) -> str | None:
    """The family of a face name (fangsong, heiti, kaiti, xiaobiaosong, songti), or None."""
    if not name:
        return None
    lowered = name.lower()
    for family, keywords in _KEYWORDS:
        if any(k in lowered for k in keywords):
            return None if family == "other" else family
    return None


def matches(name: str | None, family: str, *exact: str | None) -> bool:
    """Whether ``name`` is a face of ``family`` or one of the ``exact`` names."""
    return bool(name) and (name in exact or face_family(name) == family)


def size_name(half_points: int) -> str:
    """A size as the standard names it: 32 → "三号（16 磅）"; other sizes in points."""
    pt = f"{half_points / 2:g} 磅"
    return f"{_SIZE_NAME[half_points]}（{pt}）" if half_points in _SIZE_NAME else pt

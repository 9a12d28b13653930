"""Import of legacy texts: web junk removed, structure recognized, ordinals stripped."""

from __future__ import annotations

from pathlib import Path

from docgen.library.fragment import parse_fragment
from docgen.library.legacy import clean, outline_text, recognize, slug, to_fragments

# Written for these tests in the style of scraped speeches, with the same kinds of noise.
SCRAPED = """WENMI888.COM —— 机关公文范文分享平台

在全县安全生产工作会议上的讲话2

小编 分享 时间: 加入收藏 共计3120个字,预计阅读时长10分钟。

在全县安全生产工作会议上的讲话

同志们:

今天召开全县安全生产工作会议,主要任务是总结前段工作,部署下一阶段任务。这里,我讲三点意见。

一、提高认识,绷紧安全生产这根弦

安全生产事关群众生命财产安全,任何时候都不能放松。各乡镇、各部门要把安全生产摆在突出位置。

二、突出重点,扎实开展隐患排查

一要抓好道路交通安全。要加强重点路段巡查,严查超速超载等违法行为。

隐藏内容

此处内容需要权限查看

  • 普通用户特权:5积分
  • 会员用户特权:免费
会员免费查看

二要抓好建筑施工安全。要督促施工单位落实安全措施,防止高处坠落事故。

各乡镇党委、政府要切实履行属地责任,主要负责同志亲自抓,分管同志具体抓,形成齐抓共管的工作格局。

同志们,安全生产责任重于泰山,让我们以更加务实的作风,确保全县安全生产形势持续稳定!

3315
扫码领取福利
微信扫码分享
"""


def _recognized(text: str):  # type: ignore[no-untyped-def]
    kept, removed, gaps = clean(text.splitlines())
    return recognize(kept, removed, gaps)


def test_web_junk_is_removed() -> None:
    legacy = _recognized(SCRAPED)
    everything = " ".join(
        [legacy.title, *legacy.opening, *legacy.closing]
        + [p for s in legacy.sections for p in s.paragraphs]
    )
    for junk in (
        "WENMI888",
        "分享",
        "阅读时长",
        "隐藏内容",
        "特权",
        "会员免费查看",
        "3315",
        "扫码",
    ):
        assert junk not in everything
    assert legacy.gaps == 1


def test_title_salutation_and_page_mark_are_recognized() -> None:
    legacy = _recognized(SCRAPED)
    assert legacy.title == "在全县安全生产工作会议上的讲话"
    assert legacy.salutation == "同志们："


def test_top_level_headings_lose_their_ordinals_and_a_hidden_one_is_inferred() -> None:
    legacy = _recognized(SCRAPED)
    titles = [s.title for s in legacy.sections]
    assert titles[:2] == ["提高认识，绷紧安全生产这根弦", "突出重点，扎实开展隐患排查"]
    # "我讲三点意见" announces three; the paywall hid the third heading.
    assert len(titles) == 3
    assert legacy.sections[1].paragraphs == [
        "抓好道路交通安全。要加强重点路段巡查，严查超速超载等违法行为。",
        "抓好建筑施工安全。要督促施工单位落实安全措施，防止高处坠落事故。",
    ]
    assert legacy.closing[0].startswith("同志们，安全生产责任重于泰山")


def test_halfwidth_punctuation_is_made_fullwidth() -> None:
    legacy = _recognized(SCRAPED)
    assert legacy.opening[0].startswith("今天召开全县安全生产工作会议，主要任务是")


def test_outline_lists_the_sections_in_order() -> None:
    outline = outline_text(_recognized(SCRAPED))
    assert "一、提高认识，绷紧安全生产这根弦" in outline
    assert "二、突出重点，扎实开展隐患排查" in outline
    assert "三、" in outline


def test_fragments_written_are_drafts_with_source_that_parse(tmp_path: Path) -> None:
    legacy = _recognized(SCRAPED)
    files = to_fragments(legacy, "safety.txt", slug("safety"))
    assert [name.split("/")[0] for name, _ in files] == [
        "opening",
        "requirement",
        "requirement",
        "requirement",
        "closing",
    ]
    for name, text in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        fragment = parse_fragment(path)
        assert fragment.meta.status == "draft"
        assert fragment.meta.source == "safety.txt"
    second = (tmp_path / files[2][0]).read_text(encoding="utf-8")
    assert "1. 抓好道路交通安全" in second and "2. 抓好建筑施工安全" in second
    assert "一要" not in second and "二、" not in second


def test_slug_is_a_valid_id_part() -> None:
    assert slug("000_034c53c97615409c").startswith("imported-000-034c53c97615409c-")
    assert slug("讲话稿").startswith("imported-")

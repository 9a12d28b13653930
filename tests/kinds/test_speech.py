"""Specs for the speech (讲话稿) kind, composed from the example inputs/meeting.yaml."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from docgen.compose.numbering import enumerate_items, number
from docgen.compose.outline import Enumeration, Paragraph, Section
from docgen.errors import InputError
from docgen.kinds import speech
from docgen.kinds.base import Composition
from docgen.library import FragmentStore, load_store
from docgen.load import Located, load_yaml
from docgen.validate import validate_model

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store() -> FragmentStore:
    return load_store([ROOT / "fragments"], base=ROOT)


@pytest.fixture(scope="module")
def example() -> Located:
    return load_yaml(ROOT / "inputs" / "meeting.yaml", "inputs/meeting.yaml")


Compose = Callable[..., Composition]


@pytest.fixture
def compose(example: Located, store: FragmentStore) -> Compose:
    """Compose the example, after ``edit`` has changed a private copy of its data."""

    def run(edit: Callable[[dict[str, Any]], None] | None = None) -> Composition:
        source = copy.deepcopy(example)
        if edit is not None:
            edit(source.data)
        return speech.compose(validate_model(speech.Input, source), store, source)

    return run


def body(composition: Composition) -> list[Paragraph]:
    return [b for b in composition.outline.blocks if isinstance(b, Paragraph)]


def opening_blocks(composition: Composition) -> list[Any]:
    """The blocks before the first numbered section."""
    blocks = list(composition.outline.blocks)
    first = next(i for i, b in enumerate(blocks) if isinstance(b, Section))
    return blocks[:first]


def problems_paragraph(composition: Composition) -> Paragraph:
    return next(p for p in body(composition) if p.text.startswith("同时，"))


def headings(composition: Composition) -> list[str]:
    paragraphs = number(composition.outline, composition.heading_styles)
    return [p.text for p in paragraphs if p.element == "heading1"]


# The framing paragraphs -----------------------------------------------------------------------


def test_opening_paragraph_states_the_meetings_tasks(compose: Compose) -> None:
    opening = opening_blocks(compose())[0]
    assert isinstance(opening, Paragraph)
    assert opening.text.startswith("今天召开全市作风纪律整治工作推进会，主要任务是：")
    assert opening.text.endswith("确保整治工作不松劲、不走样、见实效。")


def test_reports_paragraph_starts_with_gangcai(compose: Compose) -> None:
    reports = opening_blocks(compose())[1]
    assert isinstance(reports, Paragraph)
    assert reports.text.startswith("刚才，市纪委副书记、市监委副主任林晓峰同志通报了")
    assert "等6家单位负责同志分别交流了各自的经验做法" in reports.text
    assert reports.text.endswith("其他单位也作了书面交流。")


def test_without_reports_or_exchanges_there_is_no_gangcai_paragraph(compose: Compose) -> None:
    def drop(data: dict[str, Any]) -> None:
        del data["reports"], data["exchanges"]

    assert not any(p.text.startswith("刚才") for p in body(compose(drop)))


def test_achievements_paragraph_enumerates_with_yishi_ershi(compose: Compose) -> None:
    achievements = opening_blocks(compose())[2]
    assert isinstance(achievements, Enumeration)
    (paragraph,) = enumerate_items(achievements)
    assert paragraph.text.startswith("总的来看，作风纪律整治开展两个月来，")
    assert "一是思想认识不断深化。" in paragraph.text
    assert "二是问题查摆比较扎实。" in paragraph.text
    assert "三是整改措施及时跟进。" in paragraph.text
    assert paragraph.text.endswith("我代表市委向大家表示感谢！")


def test_achievement_leads_are_lead_runs(compose: Compose) -> None:
    achievements = opening_blocks(compose())[2]
    (paragraph,) = enumerate_items(achievements)
    assert [r.text for r in paragraph.runs if r.lead] == [
        "一是思想认识不断深化。",
        "二是问题查摆比较扎实。",
        "三是整改措施及时跟进。",
    ]


def test_problems_paragraph_announces_one_point_per_section(compose: Compose) -> None:
    problems = problems_paragraph(compose())
    assert problems.text.startswith("同时，我们也要清醒地看到，整治工作还存在一些不容忽视的问题：")
    assert problems.text.endswith("这里，我强调四点意见。")


def test_deleting_a_section_changes_the_count_and_the_numbering(compose: Compose) -> None:
    def delete_second(data: dict[str, Any]) -> None:
        del data["sections"][1]

    composition = compose(delete_second)
    assert problems_paragraph(composition).text.endswith("这里，我强调三点意见。")
    assert [h[:2] for h in headings(composition)] == ["一、", "二、", "三、"]
    assert headings(composition)[1] == "二、压紧压实责任，形成一级抓一级的工作格局"


def test_two_sections_are_announced_as_liangdian(compose: Compose) -> None:
    def keep_two(data: dict[str, Any]) -> None:
        del data["sections"][2:]

    assert problems_paragraph(compose(keep_two)).text.endswith("这里，我强调两点意见。")


# The numbered sections ------------------------------------------------------------------------


def test_sections_take_their_titles_from_the_fragments(compose: Compose) -> None:
    assert headings(compose()) == [
        "一、提高政治站位，切实增强开展作风纪律整治的思想自觉和行动自觉",
        "二、突出重点，集中攻坚抓好整改落实",
        "三、压紧压实责任，形成一级抓一级的工作格局",
        "四、坚持标本兼治，建立健全作风建设长效机制",
    ]


def test_a_section_title_in_the_input_replaces_the_fragments(compose: Compose) -> None:
    def retitle(data: dict[str, Any]) -> None:
        data["sections"][0]["title"] = "坚定政治方向"

    assert headings(compose(retitle))[0] == "一、坚定政治方向"


def test_requirements_use_the_documents_enumeration_style(compose: Compose) -> None:
    texts = [p.text for p in number(compose().outline)]
    assert any(t.startswith("一要深刻认识改进作风的长期性和反复性。") for t in texts)
    assert any(t.startswith("四要整改结果严格把关。") for t in texts)


def test_a_section_may_choose_its_own_enumeration_style(compose: Compose) -> None:
    def diyi(data: dict[str, Any]) -> None:
        data["sections"][0]["enumeration"] = "diyi"

    styles = [
        next(b for b in section.children if isinstance(b, Enumeration)).style
        for section in compose(diyi).outline.sections()
    ]
    assert styles == ["diyi", "yiyao", "yiyao", "yiyao"]


def test_shared_params_reach_every_fragment(compose: Compose) -> None:
    def rename(data: dict[str, Any]) -> None:
        data["params"]["campaign"] = "巡察整改"

    first = headings(compose(rename))[0]
    assert first == "一、提高政治站位，切实增强开展巡察整改的思想自觉和行动自觉"


def test_unknown_fragment_is_located_in_the_input(compose: Compose) -> None:
    def misspell(data: dict[str, Any]) -> None:
        data["sections"][2]["fragment"] = "requirement.responsibilty"

    with pytest.raises(InputError) as caught:
        compose(misspell)
    location = caught.value.location
    assert location is not None
    assert (location.file, location.field) == ("inputs/meeting.yaml", "sections[3].fragment")
    assert "requirement.responsibility" in caught.value.message


def test_a_fragment_without_heading_needs_a_title(compose: Compose) -> None:
    def untitled(data: dict[str, Any]) -> None:
        data["sections"].append({"fragment": "closing.short"})

    with pytest.raises(InputError) as caught:
        compose(untitled)
    assert "title" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.field == "sections[5].fragment"


def test_used_fragments_are_recorded_in_document_order(compose: Compose) -> None:
    assert [f.id for f in compose().fragments] == [
        "requirement.political-stance",
        "requirement.concentrated-rectification",
        "requirement.responsibility",
        "requirement.long-term-mechanism",
        "closing.speech-campaign",
    ]


# The closing and the template context ---------------------------------------------------------


def test_closing_ends_with_thanks(compose: Compose) -> None:
    assert body(compose())[-1] == Paragraph.of("谢谢大家！")


def test_thanks_false_leaves_the_thanks_out(compose: Compose) -> None:
    def no_thanks(data: dict[str, Any]) -> None:
        data["thanks"] = False

    assert body(compose(no_thanks))[-1].text.startswith("让我们更加紧密地团结在市委周围")


def test_context_holds_title_speaker_date_and_salutation(compose: Compose) -> None:
    composition = compose()
    assert composition.context == {
        "title": "在全市作风纪律整治工作推进会上的讲话",
        "speaker": "市委副书记\u3000陈启航",
        "date": "2026年11月20日",
        "salutation": "同志们：",
    }
    assert composition.title == "在全市作风纪律整治工作推进会上的讲话"
    assert composition.author == "中共临江市委"
    assert composition.date == datetime.date(2026, 11, 20)


def test_date_style_chinese_writes_the_date_in_chinese_numerals(compose: Compose) -> None:
    def chinese(data: dict[str, Any]) -> None:
        data["date_style"] = "chinese"

    assert compose(chinese).context["date"] == "二〇二六年十一月二十日"


def test_meeting_date_may_be_written_in_chinese_form(compose: Compose) -> None:
    def text_date(data: dict[str, Any]) -> None:
        data["meeting"]["date"] = "2026年11月20日"

    assert compose(text_date).date == datetime.date(2026, 11, 20)


def test_speaker_without_title_is_just_the_name(compose: Compose) -> None:
    def no_title(data: dict[str, Any]) -> None:
        del data["speaker"]["title"]

    assert compose(no_title).context["speaker"] == "陈启航"

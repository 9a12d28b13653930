"""Specs for fragment files (front matter + Markdown body) and the store that holds them."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest

from docgen.errors import DocgenError, ErrorGroup, InputError, Location
from docgen.library import load_store, parse_fragment

ROOT = Path(__file__).resolve().parents[2]

DRAFT = """\
---
id: requirement.example
title: 示例要求
kinds: [speech, plan]
status: draft
version: 1
variables:
  - name: campaign
    description: 专项工作的名称
---
# 开展{{ campaign }}

正文。
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def front(**fields: str) -> str:
    """A fragment with the given front-matter lines (in order) and a one-line body."""
    base = {"id": "requirement.example", "title": "示例", "kinds": "[speech]", "version": "1"}
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items()]
    return "---\n" + "\n".join(lines) + "\n---\n正文。\n"


# Parsing --------------------------------------------------------------------------------------


def test_front_matter_becomes_metadata(tmp_path: Path) -> None:
    fragment = parse_fragment(write(tmp_path, "x.md", DRAFT), "fragments/x.md")
    assert fragment.id == "requirement.example"
    assert fragment.meta.title == "示例要求"
    assert fragment.meta.kinds == ["speech", "plan"]
    assert fragment.meta.status == "draft"
    assert fragment.meta.version == 1
    assert fragment.meta.variable("campaign") is not None
    assert fragment.meta.variable("campaign").type == "str"  # type: ignore[union-attr]
    assert fragment.meta.variable("deadline") is None


def test_body_is_the_text_after_the_closing_fence(tmp_path: Path) -> None:
    fragment = parse_fragment(write(tmp_path, "x.md", DRAFT), "fragments/x.md")
    assert fragment.body == "# 开展{{ campaign }}\n\n正文。\n"


def test_body_line_is_the_file_line_where_the_body_starts(tmp_path: Path) -> None:
    fragment = parse_fragment(write(tmp_path, "x.md", DRAFT), "fragments/x.md")
    assert fragment.body_line == 11
    assert fragment.location() == Location(file="fragments/x.md", line=11)
    assert fragment.location(3) == Location(file="fragments/x.md", line=13)


def test_fragment_keeps_its_display_name_and_the_sha256_of_its_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "x.md", DRAFT)
    fragment = parse_fragment(path, "fragments/x.md")
    assert fragment.display == "fragments/x.md"
    assert fragment.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_approved_with_reviewer_and_date_is_accepted(tmp_path: Path) -> None:
    text = front(status="approved", reviewed_by="周文华", reviewed_on="2026-11-02")
    fragment = parse_fragment(write(tmp_path, "x.md", text), "fragments/x.md")
    assert fragment.meta.reviewed_by == "周文华"
    assert fragment.meta.reviewed_on == datetime.date(2026, 11, 2)


@pytest.mark.parametrize(
    "fields",
    [{}, {"reviewed_by": "周文华"}, {"reviewed_on": "2026-11-02"}],
    ids=["neither", "no-date", "no-reviewer"],
)
def test_approved_without_reviewer_and_date_is_an_error(
    tmp_path: Path, fields: dict[str, str]
) -> None:
    text = front(status="approved", **fields)
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", text), "fragments/x.md")
    assert "reviewed_by" in caught.value.message
    assert caught.value.location is not None
    assert caught.value.location.file == "fragments/x.md"


@pytest.mark.parametrize(
    "bad_id",
    ["requirement", "Requirement.stance", "requirement.political_stance", "1st.stance", "a.b.c"],
)
def test_id_must_be_category_dot_name(tmp_path: Path, bad_id: str) -> None:
    text = front(id=bad_id, status="draft")
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", text), "fragments/x.md")
    assert caught.value.location == Location(file="fragments/x.md", line=2, field="id")
    assert "分类.名称" in caught.value.message


def test_unknown_status_lists_the_accepted_ones(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", front(status="final")), "fragments/x.md")
    assert caught.value.location == Location(file="fragments/x.md", line=6, field="status")
    assert "approved" in caught.value.message


def test_misspelt_front_matter_key_is_located_on_its_file_line(tmp_path: Path) -> None:
    text = front(status="draft", tgas="[作风]")
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", text), "fragments/x.md")
    assert caught.value.location == Location(file="fragments/x.md", line=7, field="tgas")


def test_all_front_matter_problems_are_reported_together(tmp_path: Path) -> None:
    text = front(id="Bad", kinds="speech", version="0", status="draft")
    with pytest.raises(ErrorGroup) as caught:
        parse_fragment(write(tmp_path, "x.md", text), "fragments/x.md")
    fields = [e.location.field for e in caught.value.errors if e.location]
    assert sorted(fields) == ["id", "kinds", "version"]


def test_yaml_error_in_front_matter_names_the_file_line(tmp_path: Path) -> None:
    text = front(status="draft", title="示例: 其一")
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", text), "fragments/x.md")
    assert caught.value.location == Location(file="fragments/x.md", line=3)


def test_file_without_front_matter_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", "# 标题\n\n正文。\n"), "fragments/x.md")
    assert caught.value.location == Location(file="fragments/x.md", line=1)
    assert "---" in caught.value.message


def test_unclosed_front_matter_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_fragment(write(tmp_path, "x.md", "---\nid: a.b\n正文。\n"), "fragments/x.md")
    assert "没有以 --- 结束" in caught.value.message


def test_non_utf8_fragment_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(front(status="draft").encode("gbk"))
    with pytest.raises(InputError) as caught:
        parse_fragment(path, "fragments/x.md")
    assert "UTF-8" in caught.value.message


# The store ------------------------------------------------------------------------------------


def test_store_finds_fragments_in_sub_folders_by_id(tmp_path: Path) -> None:
    write(tmp_path / "fragments", "requirement/a.md", front(id="requirement.a", status="draft"))
    write(tmp_path / "fragments", "closing/b.md", front(id="closing.b", status="draft"))
    store = load_store([tmp_path / "fragments"], base=tmp_path)
    assert [f.id for f in store] == ["closing.b", "requirement.a"]
    assert store.get("requirement.a").display == "fragments/requirement/a.md"


def test_store_skips_readme_files(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# 片段库说明\n")
    write(tmp_path, "a.md", front(id="requirement.a", status="draft"))
    assert len(load_store([tmp_path])) == 1


def test_duplicate_ids_in_one_folder_are_an_error_naming_both_files(tmp_path: Path) -> None:
    write(tmp_path / "fragments", "a.md", front(id="requirement.same", status="draft"))
    write(tmp_path / "fragments", "b.md", front(id="requirement.same", status="draft"))
    with pytest.raises(InputError) as caught:
        load_store([tmp_path / "fragments"], base=tmp_path)
    assert caught.value.location == Location(file="fragments/b.md")
    assert "requirement.same" in caught.value.message
    assert "fragments/a.md" in caught.value.message


def test_a_later_folder_overrides_an_earlier_one(tmp_path: Path) -> None:
    write(tmp_path / "bundled", "a.md", front(id="requirement.a", status="draft"))
    write(tmp_path / "unit", "a.md", front(id="requirement.a", status="review"))
    store = load_store([tmp_path / "bundled", tmp_path / "unit"], base=tmp_path)
    assert store.get("requirement.a").meta.status == "review"


def test_broken_files_are_reported_together(tmp_path: Path) -> None:
    write(tmp_path / "fragments", "a.md", "no front matter\n")
    write(tmp_path / "fragments", "b.md", front(id="Bad", status="draft"))
    write(tmp_path / "fragments", "c.md", front(id="requirement.ok", status="draft"))
    with pytest.raises(ErrorGroup) as caught:
        load_store([tmp_path / "fragments"], base=tmp_path)
    files = [e.location.file for e in caught.value.errors if e.location]
    assert files == ["fragments/a.md", "fragments/b.md"]


def test_unknown_id_suggests_the_closest_one(tmp_path: Path) -> None:
    write(tmp_path, "a.md", front(id="requirement.responsibility", status="draft"))
    store = load_store([tmp_path])
    where = Location(file="inputs/meeting.yaml", line=7)
    with pytest.raises(InputError) as caught:
        store.get("requirement.responsibilty", where)
    assert caught.value.location == where
    assert "requirement.responsibility" in caught.value.message


# The repository's library ---------------------------------------------------------------------


def test_every_fragment_in_the_repository_parses_with_a_unique_id() -> None:
    try:
        store = load_store([ROOT / "fragments"], base=ROOT)
    except DocgenError as exc:  # show every problem, not just the first line
        pytest.fail(str(exc))
    files = [p for p in (ROOT / "fragments").rglob("*.md") if p.name.lower() != "readme.md"]
    assert len(store) == len(files)
    assert len({f.id for f in store}) == len(files)

"""Specs for output file names: safe on Windows and Linux, unique in row order, inside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.errors import DocgenError
from docgen.write.names import (
    MAX_STEM_BYTES,
    Renamed,
    UniqueNames,
    asks_for,
    inside,
    safe_stem,
    uncut_stem,
    write_whole,
)

FORBIDDEN = '/\\:*?"<>|'


def test_characters_windows_forbids_become_their_full_width_twins() -> None:
    assert safe_stem("市委办公室/市政府办公室", "x") == "市委办公室／市政府办公室"
    assert safe_stem('a\\b:c*d?e"f<g>h|i', "x") == "a＼b：c＊d？e＂f＜g＞h｜i"
    assert not set(safe_stem(FORBIDDEN * 3, "x")) & set(FORBIDDEN)


def test_control_characters_become_spaces_and_invisible_marks_go() -> None:
    assert safe_stem("Office\n365\t\x00", "x") == "Office 365"
    assert safe_stem("通知\u202egpj.exe", "x") == "通知gpj.exe"  # no right-to-left override trick


@pytest.mark.parametrize(
    ("cell", "stem"),
    [
        ("市委　督查室　", "市委督查室"),  # clerk review 15: full-width spaces typed in the cell
        ("市教育局\n（基础教育科）", "市教育局（基础教育科）"),  # a cell's line break
        ("临江市 Office 365 项目组", "临江市 Office 365 项目组"),
    ],
)
def test_spaces_between_chinese_characters_are_no_part_of_a_file_name(cell: str, stem: str) -> None:
    assert safe_stem(cell, "x") == stem


def test_a_name_like_an_open_documents_lock_file_is_told_apart() -> None:
    assert safe_stem("~$市教育局", "x") == "_~$市教育局"


@pytest.mark.parametrize("name", ["CON", "prn", "Aux", "NUL", "COM1", "lpt9", "con.txt", "NUL "])
def test_names_windows_reserves_get_a_leading_underscore(name: str) -> None:
    stem = safe_stem(name, "x")
    assert stem.startswith("_")
    assert stem.split(".")[0].strip("_ ").upper() == name.split(".")[0].strip().upper()


def test_names_that_merely_contain_a_reserved_word_are_kept() -> None:
    assert safe_stem("CONSOLE", "x") == "CONSOLE"
    assert safe_stem("COM10", "x") == "COM10"


def test_trailing_dots_and_spaces_are_removed() -> None:
    assert safe_stem("  报告. . ", "x") == "报告"


def test_an_empty_or_dot_name_falls_back() -> None:
    assert safe_stem("", "第3行") == "第3行"
    assert safe_stem(" .. ", "第3行") == "第3行"


def test_length_is_capped_in_utf8_bytes_without_splitting_a_character() -> None:
    stem = safe_stem("临" * 200, "x")
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert set(stem) == {"临", "…"}


def test_a_cut_name_keeps_its_start_and_its_end() -> None:
    """Clerk review 14: two long units alike in their first sixty characters were cut to the
    same name, told apart only by "-2"."""
    common = "临江市" + "乡村振兴" * 15
    first = safe_stem(common + "工作领导小组办公室", "x")
    second = safe_stem(common + "专项督查组", "x")
    assert first.startswith("临江市乡村振兴") and first.endswith("振兴工作领导小组办公室")
    assert second.endswith("振兴专项督查组") and first != second and "…" in first
    assert max(len(s.encode("utf-8")) for s in (first, second)) <= MAX_STEM_BYTES


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("单" * 60, False),  # 180 bytes: the cap, not over it
        ("单" * 61, True),
        ("😀" * 46, True),  # four bytes a character: 184 bytes from 46 characters
        ("a/" * 60 + "a", True),  # "/" becomes "／", three bytes
        ("单" * 60 + "   ", False),  # spaces at the end go before the cap
    ],
)
def test_a_name_the_cap_cuts_is_known_with_what_it_was_cut_from(text: str, cut: bool) -> None:
    uncut = uncut_stem(text)
    assert (uncut is not None) == cut
    names = UniqueNames(".docx")
    name = names.take(safe_stem(text, "第2行"), uncut)
    assert names.renamed == ({name: Renamed(name, f"{uncut}.docx")} if cut else {})
    if cut:
        head, tail = name.removesuffix(".docx").split("…")
        assert uncut.startswith(head) and uncut.endswith(tail) and len(uncut) > len(name) - 5


def test_collisions_get_numbers_in_row_order_ignoring_case() -> None:
    names = UniqueNames(".docx")
    taken = [
        names.take(s) for s in ["市教育局", "市教育局", "abc", "ABC", "市教育局-2", "市教育局"]
    ]
    assert taken == [
        "市教育局.docx",
        "市教育局-2.docx",
        "abc.docx",
        "ABC-2.docx",
        "市教育局-2-2.docx",
        "市教育局-3.docx",
    ]


def test_a_reserved_name_is_never_handed_out() -> None:
    assert UniqueNames(".docx", ["合并打印.docx"]).take("合并打印") == "合并打印-2.docx"


def test_a_numbered_long_name_stays_within_the_cap() -> None:
    names = UniqueNames(".docx")
    stem = safe_stem("临" * 200, "x")
    names.take(stem)
    second = names.take(stem)
    assert second.endswith("-2.docx")
    assert len(second.removesuffix(".docx").encode("utf-8")) <= MAX_STEM_BYTES


def test_nothing_is_written_outside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ["../逃逸.docx", "sub/x.docx", "/etc/passwd"]:
        with pytest.raises(DocgenError):
            inside(folder, name)
    assert inside(folder, "市教育局.docx") == folder / "市教育局.docx"


def test_a_link_in_the_folder_is_replaced_not_written_through(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"not ours")
    (folder / "link.docx").symlink_to(elsewhere)
    write_whole(inside(folder, "link.docx"), b"ours")
    assert elsewhere.read_bytes() == b"not ours"
    assert not (folder / "link.docx").is_symlink()
    assert (folder / "link.docx").read_bytes() == b"ours"


def test_a_file_is_written_whole_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    write_whole(target, b"first")
    write_whole(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_a_write_that_fails_keeps_the_old_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.docx"
    write_whole(target, b"old")

    def disk_full(handle: int, data: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("docgen.write.names.os.write", disk_full)
    with pytest.raises(OSError):
        write_whole(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_a_leftover_temporary_file_does_not_stop_the_write(tmp_path: Path) -> None:
    import os

    target = tmp_path / "a.docx"
    (tmp_path / f".a.docx.{os.getpid()}.tmp").write_bytes(b"crashed")
    write_whole(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".a.docx.{os.getpid()}.tmp", "a.docx"]


def test_a_close_that_fails_closes_once_reports_its_error_and_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    closed: list[int] = []

    def failing_close(handle: int) -> None:
        closed.append(handle)
        os_close(handle)
        raise OSError(5, "Input/output error")

    os_close = os.close
    monkeypatch.setattr("docgen.write.names.os.close", failing_close)
    with pytest.raises(OSError) as raised:
        write_whole(tmp_path / "a.docx", b"data")
    assert raised.value.errno == 5 and len(closed) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_row_moved_aside_passes_over_the_n_another_row_had_last_time() -> None:
    # Last time row 2 was 市教育局 and row 4 市教育局-2; the user edited 市教育局.docx since.
    owners = {"市教育局.docx": 2, "市教育局-2.docx": 4}
    names = UniqueNames(".docx", ["市教育局.docx"], owners)
    assert names.take("市教育局", row=2) == "市教育局-3.docx"
    assert names.take("市教育局", row=4) == "市教育局-2.docx"
    assert names.renamed["市教育局-2.docx"].others  # row 4 asked for row 2's name
    assert not names.renamed["市教育局-3.docx"].others
    # Without owners (a first batch) the rows take the names in order, as ever.
    plain = UniqueNames(".docx", ["市教育局.docx"])
    assert [plain.take("市教育局", row=r) for r in (2, 4)] == ["市教育局-2.docx", "市教育局-3.docx"]


@pytest.mark.parametrize(
    ("name", "stem", "expected"),
    [
        ("市教育局.docx", "市教育局", True),
        ("市教育局-2.docx", "市教育局", True),
        ("市教育局-12.DOCX", "市教育局", True),
        ("市教育局-2.docx", "市教育", False),
        ("市教育局-二.docx", "市教育局", False),
        ("-2.docx", "市教育局", False),
        ("市财政局-2.docx", "市教育局", False),
        ("临江" * 29 + "-2.docx", "临江" * 30, True),  # cut to fit the "-2"
    ],
)
def test_a_name_asks_for_its_stem_or_the_stem_with_a_number(
    name: str, stem: str, expected: bool
) -> None:
    assert asks_for(name, stem, ".docx") is expected


def test_many_rows_of_one_name_are_numbered_in_order_past_the_names_in_the_way() -> None:
    names = UniqueNames(".docx", ["江北区-3.docx", "江北区-5.docx"], {"江北区-6.docx": 5000})
    taken = [names.take("江北区", row=row) for row in range(2, 3002)]
    assert taken[:5] == [
        "江北区.docx",
        "江北区-2.docx",
        "江北区-4.docx",
        "江北区-7.docx",
        "江北区-8.docx",
    ]
    assert len(set(taken)) == 3000 and taken[-1] == "江北区-3003.docx"
    assert names.take("江北区", row=5000) == "江北区-6.docx"  # its own from last time, still free

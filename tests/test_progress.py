"""Specs for the batch display: a bar on a terminal, lines elsewhere, failures always."""

from __future__ import annotations

import io
import sys

import pytest

from docgen.cli.progress import Display


def _shown(monkeypatch: pytest.MonkeyPatch, *, live: bool, quiet: bool = False) -> str:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich draws its bar as on a terminal
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    display = Display(quiet=quiet, live=live)
    display.event("start", 3)
    display.event("done", None)
    display.event("failed", "units.xlsx：第3行：模板用到「截止日期」，但数据中没有这个值")
    display.event("note", "模板中的宏已删除")
    display.event("done", None)
    display.stop()
    return stream.getvalue()


def test_a_failure_printed_under_the_bar_leaves_the_bar_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown = _shown(monkeypatch, live=True)
    assert "第3行" in shown and "宏已删除" in shown
    assert "生成中" in shown and "[progress" not in shown  # no style name printed as text


def test_quiet_shows_failures_and_notes_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A note is a warning (a rename, a kept file, a stale one): -q hides progress, not it."""
    shown = _shown(monkeypatch, live=False, quiet=True)
    assert "第3行" in shown and "注意：模板中的宏已删除" in shown and "生成中" not in shown


def test_a_batch_that_finished_leaves_no_bar_thread_for_the_next_to_fork_beside(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    before = threading.active_count()
    display = Display(quiet=False, live=True)
    display.event("start", 2)
    display.event("start", 3)  # a second batch of the same build: one bar, not two
    assert threading.active_count() == before + 1
    display.event("finished", None)
    assert threading.active_count() == before and display.progress is None


def test_a_dry_run_says_its_rows_would_fail_and_points_to_no_manifest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen.cli.progress import SHOWN_FAILURES

    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    display = Display(quiet=False, live=False, dry_run=True)
    for row in range(SHOWN_FAILURES + 5):
        display.event("failed", f"units.xlsx：第{row + 2}行：缺少必填字段「单位名称」")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "会失败：units.xlsx：第2行：缺少必填字段「单位名称」"
    assert len(lines) == SHOWN_FAILURES + 1
    assert lines[-1].startswith("……之后会失败的行不再逐行显示（预演不写清单")

"""`docgen fragments …`, `docgen import` and the release gate, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import copy_workspace, run_docgen

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_034c53c97615409c.txt"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return copy_workspace(tmp_path / "ws")


def test_list_json_has_at_least_forty_fragments(workspace: Path) -> None:
    result = run_docgen(workspace, "fragments", "list", "--format", "json")
    rows = json.loads(result.stdout)
    assert len(rows) >= 40
    assert {"id", "status", "version", "kinds"} <= set(rows[0])


def test_list_filters_by_status_and_kind(workspace: Path) -> None:
    rows = json.loads(
        run_docgen(
            workspace,
            "fragments",
            "list",
            "--status",
            "approved",
            "--kind",
            "plan",
            "--format",
            "json",
        ).stdout
    )
    assert rows and all(r["status"] == "approved" and "plan" in r["kinds"] for r in rows)


def test_lint_is_clean_on_the_shipped_library(workspace: Path) -> None:
    result = run_docgen(workspace, "fragments", "lint", "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_lint_exits_1_with_findings(workspace: Path) -> None:
    bad = workspace / "fragments" / "requirement" / "political-stance.md"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("思想自觉", "思想自觉,××"), encoding="utf-8"
    )
    result = run_docgen(workspace, "fragments", "lint")
    assert result.returncode == 1
    assert "fragments/requirement/political-stance.md:16: TEXT-PLACEHOLDER" in result.stdout


def test_show_renders_example_values_with_numbering(workspace: Path) -> None:
    result = run_docgen(
        workspace, "fragments", "show", "requirement.political-stance", "--style", "yiyao"
    )
    assert result.returncode == 0
    assert "一、提高政治站位" in result.stdout
    assert "一要" in result.stdout and "{{" not in result.stdout


def test_approve_then_release_gate(workspace: Path) -> None:
    path = workspace / "fragments" / "requirement" / "responsibility.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: approved", "status: draft"),
        encoding="utf-8",
    )
    refused = run_docgen(workspace, "build", "--release")
    assert refused.returncode == 1
    assert "requirement.responsibility" in refused.stderr
    assert not any((workspace / "outputs").glob("*.docx"))
    approved = run_docgen(
        workspace,
        "fragments",
        "approve",
        "requirement.responsibility",
        "--by",
        "张三",
        "--on",
        "2026-11-23",
    )
    assert approved.returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "status: approved" in text and "reviewed_by: 张三" in text and "version: 3" in text
    assert run_docgen(workspace, "build", "--release").returncode == 0


def test_where_names_the_documents_using_a_fragment(workspace: Path) -> None:
    assert run_docgen(
        workspace, "fragments", "where", "requirement.political-stance"
    ).stdout.split() == ["speech"]


def test_new_scaffolds_a_draft(workspace: Path) -> None:
    result = run_docgen(workspace, "fragments", "new", "requirement.my-new", "--title", "新要求")
    assert result.returncode == 0
    assert (workspace / "fragments" / "requirement" / "my-new.md").is_file()
    rows = json.loads(
        run_docgen(workspace, "fragments", "list", "--status", "draft", "--format", "json").stdout
    )
    assert "requirement.my-new" in [r["id"] for r in rows]


def test_diff_against_the_last_commit(workspace: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=workspace, check=True)
    subprocess.run(["git", "add", "-A"], cwd=workspace, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
        cwd=workspace,
        check=True,
    )
    path = workspace / "fragments" / "closing" / "short.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n新增的一句话。\n", encoding="utf-8")
    result = run_docgen(workspace, "fragments", "diff", "closing.short")
    assert "+新增的一句话。" in result.stdout


@pytest.mark.skipif(not SEED.is_file(), reason="shared seeds not beside the repository")
def test_import_dry_run_of_a_seed_prints_its_three_sections(workspace: Path) -> None:
    result = run_docgen(workspace, "import", str(SEED), "--dry-run")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    headings = [line for line in lines if line[:2] in ("一、", "二、", "三、", "四、")]
    assert [h[:2] for h in headings] == ["一、", "二、", "三、"]
    assert headings[0].startswith("一、深刻领会和把握市委部署要求")
    assert "隐藏内容" not in result.stdout and "积分" not in result.stdout
    assert not list((workspace / "fragments").rglob("imported-*"))


def test_import_writes_draft_fragments_that_list_shows(workspace: Path, tmp_path: Path) -> None:
    text = tmp_path / "old.txt"
    text.write_text(
        "在某会上的讲话\n同志们：\n开场白。\n一、第一部分\n正文一。\n二、第二部分\n正文二。\n",
        encoding="utf-8",
    )
    assert run_docgen(workspace, "import", str(text)).returncode == 0
    rows = json.loads(
        run_docgen(workspace, "fragments", "list", "--status", "draft", "--format", "json").stdout
    )
    assert sum(r["id"].startswith("requirement.imported-old") for r in rows) == 2
    assert sys.executable

"""docxtpl's own test templates through `docgen merge`: every row as docxtpl renders it.

The suite lives in the shared folder beside the checkout (../shared/compat/docxtpl, see its
README). Each case is merged with the CLI, then the suite's compare.py matches the outputs with
docxtpl's own renders of the same rows.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from docgen.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "compat" / "docxtpl"


def _cases() -> list[tuple[str, str]]:
    if not (SUITE / "cases.tsv").is_file():
        return []
    lines = (SUITE / "cases.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


@pytest.fixture(scope="module")
def compare() -> ModuleType:
    if not SUITE.is_dir():
        if os.environ.get("DOCGEN_REQUIRE_CLIENTS") == "1":
            pytest.fail(f"the docxtpl compatibility suite is required but missing at {SUITE}")
        pytest.skip(f"no docxtpl compatibility suite at {SUITE}")
    spec = importlib.util.spec_from_file_location("docxtpl_compat_compare", SUITE / "compare.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_suite_has_all_23_cases(compare: ModuleType) -> None:
    assert len(_cases()) == 23


@pytest.mark.parametrize(("case", "template"), _cases() or [("missing", "missing")])
def test_merge_renders_every_row_as_docxtpl_does(
    compare: ModuleType, case: str, template: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "merge",
            str(SUITE / "templates" / template),
            str(SUITE / "cases" / f"{case}.yaml"),
            "-o",
            str(out),
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    difference = compare.compare(str(out), case, str(tmp_path / "reference"))
    assert difference is None, difference


@pytest.mark.parametrize(("case", "template"), _cases() or [("missing", "missing")])
def test_the_fast_path_gives_the_one_document_paths_bytes_on_every_row(
    compare: ModuleType, case: str, template: str
) -> None:
    from docgen.load.rows import read_rows
    from docgen.render.fastpath import prepare, render_one

    source = (SUITE / "templates" / template).read_bytes()
    prepared = prepare(source, template)
    for row in read_rows(SUITE / "cases" / f"{case}.yaml").rows:
        assert prepared.render(row.values) == render_one(source, template, row.values), row.label

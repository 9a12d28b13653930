"""Shared fixtures: the example workspace, copied and built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import ROOT, copy_workspace

__all__ = ["ROOT", "copy_workspace"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the current output"
    )


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace after `docgen build`; tests must not modify it."""
    from docgen.pipeline import build
    from docgen.workspace import open_workspace

    workspace = open_workspace(copy_workspace(tmp_path_factory.mktemp("example")))
    build(workspace)
    return workspace.root


@pytest.fixture(scope="session")
def example_outputs(built_example: Path) -> list[Path]:
    # The top-level documents; the per-unit notices (outputs/通知/) have their own e2e test.
    outputs = sorted((built_example / "outputs").glob("*.docx"))
    assert outputs, "the example build wrote no .docx"
    return outputs

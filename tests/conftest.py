"""Shared fixtures: the example workspace, copied and built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKSPACE_ITEMS = ("docgen.yaml", "templates", "fragments", "inputs", "profiles")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the current output"
    )


def copy_workspace(target: Path) -> Path:
    """A private copy of the repository's example workspace."""
    target.mkdir(parents=True, exist_ok=True)
    for item in WORKSPACE_ITEMS:
        origin = ROOT / item
        if origin.is_dir():
            shutil.copytree(origin, target / item)
        elif origin.is_file():
            shutil.copy2(origin, target / item)
    return target


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
    outputs = sorted((built_example / "outputs").rglob("*.docx"))
    assert outputs, "the example build wrote no .docx"
    return outputs

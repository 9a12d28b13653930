"""Helpers for tests that run docgen as a user does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKSPACE_ITEMS = ("docgen.yaml", "templates", "fragments", "inputs", "profiles")


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


def run_docgen(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m docgen ARGS` in ``workdir``; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )

"""A fragment's last committed text, through git, for `docgen fragments diff`."""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

from docgen.errors import DocgenError, Location


def committed_diff(path: Path) -> str:
    """A unified diff from the last committed version to the working file ('' when equal)."""
    folder = path.resolve().parent
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise DocgenError("不在 git 仓库中，无法比较历史版本", Location(file=str(path))) from None
    relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
    shown = subprocess.run(["git", "show", f"HEAD:{relative}"], cwd=top, capture_output=True)
    if shown.returncode != 0:
        raise DocgenError("该片段还没有提交过，没有可比较的版本", Location(file=relative))
    old = shown.stdout.decode("utf-8").splitlines(keepends=True)
    new = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(old, new, f"a/{relative}（已提交）", f"b/{relative}（工作区）")
    )

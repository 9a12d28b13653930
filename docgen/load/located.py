"""Plain data plus the source position of every value in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docgen.errors import Location

Path = tuple[str | int, ...]


@dataclass
class Located:
    """Loaded data with a map from each value's path (("meeting", "date")) to where it stood.

    For a text file a position is a line; for a sheet it is a row and a column.
    """

    data: Any
    source: str
    positions: dict[Path, Location] = field(default_factory=dict)
    origin: Location | None = None
    sha256: str = ""  # of the file's bytes as parsed, for the manifest (a file, not a text)

    def locate(self, path: Path) -> Location:
        """The position of the value at ``path``, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found.with_field(format_path(path)) if path else found
        base = self.origin or Location(file=self.source)
        return base.with_field(format_path(path)) if path else base


def format_path(path: Path) -> str:
    """("problems", 2, "deadline") -> "problems[3].deadline" (items counted from 1, as people do)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text

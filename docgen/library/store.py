"""All fragments of a workspace, by id; a later folder in the chain overrides an earlier one."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError, InputError, Location, raise_collected
from docgen.library.fragment import Fragment, parse_fragment


@dataclass
class FragmentStore:
    """Fragments by id, with the ones that failed to parse kept as errors."""

    fragments: dict[str, Fragment]

    def get(self, fragment_id: str, where: Location | None = None) -> Fragment:
        try:
            return self.fragments[fragment_id]
        except KeyError:
            hint = _closest(fragment_id, self.fragments)
            extra = f"（是否是 {hint}？）" if hint else ""
            raise InputError(f"片段库中没有 id 为 {fragment_id!r} 的片段{extra}", where) from None

    def __iter__(self) -> Iterator[Fragment]:
        return iter(sorted(self.fragments.values(), key=lambda f: f.id))

    def __len__(self) -> int:
        return len(self.fragments)


def load_store(roots: Sequence[Path], base: Path | None = None) -> FragmentStore:
    """Parse every ``*.md`` under each root; a duplicate id within one root is an error."""
    fragments: dict[str, Fragment] = {}
    errors: list[DocgenError] = []
    for root in roots:
        seen: dict[str, Fragment] = {}
        for path in sorted(root.rglob("*.md")):
            if path.name.lower() == "readme.md":
                continue
            display = _display(path, base)
            try:
                fragment = parse_fragment(path, display)
            except DocgenError as exc:
                errors.append(exc)
                continue
            if fragment.id in seen:
                first = seen[fragment.id].display
                errors.append(
                    InputError(
                        f"片段 id {fragment.id} 重复（另见 {first}）", Location(file=display)
                    )
                )
                continue
            seen[fragment.id] = fragment
        fragments.update(seen)
    raise_collected(errors)
    return FragmentStore(fragments)


def _display(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            pass
    return str(path)


def _closest(name: str, known: dict[str, Fragment]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None

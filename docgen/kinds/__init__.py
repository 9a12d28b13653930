"""Document kinds: each one an input model, a template skeleton and compose()."""

from __future__ import annotations

from docgen.errors import InputError
from docgen.kinds.base import Composition, Kind


def get_kind(name: str) -> Kind:
    """The kind module registered under ``name``."""
    from docgen.kinds import speech

    registry: dict[str, Kind] = {"speech": speech}  # type: ignore[dict-item]
    try:
        return registry[name]
    except KeyError:
        raise InputError(f"未知的文档类型 {name!r}，可用：{'、'.join(registry)}") from None


__all__ = ["Composition", "Kind", "get_kind"]

"""Document kinds: each one an input model, a template skeleton and compose()."""

from __future__ import annotations

import importlib

from docgen.errors import InputError
from docgen.kinds.base import Composition, Kind

# Kind name -> module; modules import lazily so a build loads only the kinds it uses.
REGISTRY = {
    "speech": "docgen.kinds.speech",
    "plan": "docgen.kinds.plan",
    "bulletin": "docgen.kinds.bulletin",
    "notice": "docgen.kinds.notice",
}


def get_kind(name: str) -> Kind:
    """The kind module registered under ``name``."""
    module = REGISTRY.get(name)
    if module is None:
        raise InputError(f"未知的文档类型 {name!r}，可用：{'、'.join(REGISTRY)}")
    try:
        return importlib.import_module(module)  # type: ignore[return-value]
    except ModuleNotFoundError:
        raise InputError(f"文档类型 {name!r} 尚未实现") from None


__all__ = ["REGISTRY", "Composition", "Kind", "get_kind"]

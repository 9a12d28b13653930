"""Writing the workspace's state file: earlier state with this build's updates merged in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def merge_state(state: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """``state`` with ``update`` merged in, mappings key by key, everything else replaced."""
    merged = dict(state)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_state(merged[key], value)
        else:
            merged[key] = value
    return merged


def state_bytes(state: Mapping[str, Any]) -> bytes:
    """Deterministic JSON (sorted keys, Chinese kept readable), so diffs in git stay small."""
    text = json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")

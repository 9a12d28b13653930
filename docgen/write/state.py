"""Writing the workspace's state file: earlier state with this build's updates merged in."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from docgen.layout.profile import deep_merge


def merge_state(state: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """``state`` with ``update`` merged in, the same way a unit profile overrides the national one."""
    return deep_merge(state, update)


def state_bytes(state: Mapping[str, Any]) -> bytes:
    """Deterministic JSON (sorted keys, Chinese kept readable), so diffs in git stay small."""
    text = json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")

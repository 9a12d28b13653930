"""The workspace's state file (.docgen-state.json): what earlier builds decided and must keep.

Today it holds the bulletins' issue registers (第N期 per period). It lives at the workspace root,
beside docgen.yaml and not in outputs/, because an issue number is a record: it must survive
clearing outputs/ and belongs in version control with the inputs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docgen.errors import InputError, Location, os_reason

STATE_NAME = ".docgen-state.json"
MAX_STATE_BYTES = 4 * 1024 * 1024


def read_state(root: Path) -> dict[str, Any]:
    """The state of the workspace at ``root``; an absent file is an empty state."""
    path = root / STATE_NAME
    where = Location(file=STATE_NAME)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(f"无法读取状态文件：{os_reason(exc)}", where) from None
    if len(raw) > MAX_STATE_BYTES:
        raise InputError("状态文件过大，已拒绝读取", where)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            "状态文件不是合法的 JSON（可从版本库恢复，或删除后用 issue_number 指定期号）",
            Location(file=STATE_NAME, line=line),
        ) from None
    if not isinstance(data, dict):
        raise InputError("状态文件的顶层应是键值映射", where)
    return data


def issue_register(state: dict[str, Any], series: str) -> dict[str, int]:
    """The issue numbers of bulletin ``series`` by period key; malformed entries refused."""
    register = state.get("bulletins", {}).get(series, {})
    where = Location(file=STATE_NAME, field=f"bulletins.{series}")
    if not isinstance(register, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0
        for k, v in register.items()
    ):
        raise InputError("期号登记应是“期间: 期号”的映射，期号为正整数", where)
    return dict(register)

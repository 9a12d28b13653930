"""An input file read whole, within bounds: one that is a device, a pipe or larger than the
caller reads is refused before it is read (/dev/zero named 模板.docx filled all memory; a named
pipe waited for ever)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from docgen.errors import InputError, Location

# What a package may expand to (``ooxml.package.ZipLimits.max_total_bytes``): no .docx that
# docgen can read is larger compressed.
MAX_PACKAGE_BYTES = 256 * 1024 * 1024


def read_bounded(path: Path, where: Location, limit: int = MAX_PACKAGE_BYTES) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes; an ``InputError``
    at ``where`` otherwise. ``OSError`` as opening it raises it (not found, no permission),
    for the caller to word. What is checked is what was opened (no swap in between)."""
    # Non-blocking: a named pipe opens at once instead of waiting for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb", buffering=0) as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise InputError("这是一个文件夹，不是文件", where)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("这不是普通文件（是设备或管道），已拒绝读取", where)
        data = stream.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(data) > limit:  # or grown since
        raise InputError(f"文件过大（超过 {limit // 2**20} MB），已拒绝读取", where)
    return data

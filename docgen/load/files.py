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
    for the caller to word."""
    _refuse(os.stat(path), where, limit)  # a folder or a device never opened
    # Non-blocking: were a named pipe put in its place since, it opens at once (and is refused)
    # instead of waiting for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        _refuse(os.fstat(stream.fileno()), where, limit)  # what was opened is what is read
        data = stream.read(limit + 1)
    if len(data) > limit:  # grown since
        raise InputError(f"文件过大（超过 {limit // 2**20} MB），已拒绝读取", where)
    return data


def _refuse(info: os.stat_result, where: Location, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError("这是一个文件夹，不是文件", where)
    if not stat.S_ISREG(info.st_mode):
        raise InputError("这不是普通文件（是设备或管道），已拒绝读取", where)
    if info.st_size > limit:
        raise InputError(f"文件过大（超过 {limit // 2**20} MB），已拒绝读取", where)

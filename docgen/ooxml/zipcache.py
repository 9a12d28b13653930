"""``write_zip`` for many packages that share most parts: what does not change is zipped once.

A batch writes thousands of packages whose styles, settings, fonts and media never change, and
whose footers and properties rarely do. ``ZipCache`` keeps each member's zipped bytes and zips a
part again only when its bytes differ from last time. A member's headers come from ``zipfile``
itself — a one-member archive made by ``write_zip`` for that name — and only the CRC, the sizes
and the offset are filled in, so a package is byte for byte what ``write_zip`` gives.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

from docgen.ooxml.package import write_zip

_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_SIZES_LOCAL = 14  # CRC, compressed size, size: three little-endian longs from here
_SIZES_CENTRAL = 16
_OFFSET_CENTRAL = 42
_SIZES = struct.Struct("<3L")
_OFFSET = struct.Struct("<L")


class _Shape:
    """The headers ``zipfile`` writes for one member name, with the varying fields open."""

    __slots__ = ("central", "local")

    def __init__(self, name: str) -> None:
        archive = write_zip({name: b"x"})
        signature, *_, size, start, _ = _END.unpack(archive[-_END.size :])
        if signature != _END_SIGNATURE or start + size != len(archive) - _END.size:
            raise ValueError(f"unexpected zip layout for {name}")
        name_length, extra_length = struct.unpack("<2H", archive[26:30])
        self.local = bytes(archive[: 30 + name_length + extra_length])
        self.central = archive[start : start + size]

    def member(self, data: bytes) -> tuple[bytes, bytes]:
        """(local header + compressed data, central record without its offset)."""
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        sizes = _SIZES.pack(zlib.crc32(data), len(packed), len(data))
        local = self.local[:_SIZES_LOCAL] + sizes + self.local[_SIZES_LOCAL + 12 :]
        central = self.central[:_SIZES_CENTRAL] + sizes + self.central[_SIZES_CENTRAL + 12 :]
        return local + packed, central


class ZipCache:
    """Zips packages exactly like ``write_zip``, reusing members whose bytes did not change."""

    def __init__(self, static: Mapping[str, bytes] = ()) -> None:  # type: ignore[assignment]
        self._shapes: dict[str, _Shape] = {}
        self._last: dict[str, tuple[bytes, tuple[bytes, bytes]]] = {}
        for name, data in dict(static).items():
            self._member(name, data)

    def _member(self, name: str, data: bytes) -> tuple[bytes, bytes]:
        last = self._last.get(name)
        if last is not None and (last[0] is data or last[0] == data):
            return last[1]
        shape = self._shapes.get(name)
        if shape is None:
            shape = self._shapes[name] = _Shape(name)
        member = shape.member(data)
        self._last[name] = (data, member)
        return member

    def write(self, parts: Mapping[str, bytes]) -> bytes:
        """The same bytes as ``write_zip(parts)``."""
        first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in parts]
        names = first + [n for n in parts if n not in first]
        locals_: list[bytes] = []
        centrals: list[bytes] = []
        offset = 0
        for name in names:
            local, central = self._member(name, parts[name])
            centrals.append(
                central[:_OFFSET_CENTRAL] + _OFFSET.pack(offset) + central[_OFFSET_CENTRAL + 4 :]
            )
            locals_.append(local)
            offset += len(local)
        directory = b"".join(centrals)
        end = _END.pack(_END_SIGNATURE, 0, 0, len(names), len(names), len(directory), offset, 0)
        return b"".join([*locals_, directory, end])

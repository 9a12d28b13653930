"""The .docx zip: read with bounds (untrusted files), write deterministically and fast.

A package is written member by member: the headers are the ones ``zipfile`` writes for the
member's name, with the CRC, the sizes and the offset filled in, and the data is compressed by
libdeflate at its level 1 (a notice's document.xml 10% larger than at zlib's level 6, the
whole file 7%, in a third of the time: zipping was the largest cost of a batch's row; for a given
libdeflate version the same bytes on every machine). ``ZipCache`` keeps each member's zipped bytes for a
batch of packages that share most parts (styles, settings, fonts, media never change) and zips a
part again only when its bytes differ from last time, giving ``write_zip``'s bytes.
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from deflate import deflate_compress
from lxml import etree

from docgen.errors import Location, UnreadableDocumentError
from docgen.ooxml.xml import parse

# Fixed metadata so that the same parts always give the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")
_LEVEL = 1  # see the module's docstring; docs/benchmarks.md, run 40


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on what one package may expand to; a zip bomb stops at the first one crossed."""

    max_entries: int = 2000
    max_part_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 200
    # Tags in a template's XML parts together: each is a node for lxml and docxtpl's steps
    # (millions of <a/> in a part that compresses 33 to 1 took 2 GB); a long real document
    # holds about a million.
    max_xml_tags: int = 3_000_000


DEFAULT_LIMITS = ZipLimits()


def member_order(parts: Iterable[str]) -> list[str]:
    """Package member names as every docgen package orders them: content types and rels first."""
    names = list(parts)
    first = [n for n in _FIRST if n in names]
    return first + [n for n in names if n not in first]


def zip_info(name: str) -> zipfile.ZipInfo:
    """A member's fixed metadata: the zip format's first day, mode 644, deflated."""
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def write_zip(parts: Mapping[str, bytes]) -> bytes:
    """Zip the parts with fixed timestamps and a fixed order (content types and rels first)."""
    return ZipCache().write(parts)


_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_SIZES_LOCAL = 14  # CRC, compressed size, size: three little-endian longs from here
_SIZES_CENTRAL = 16
_OFFSET_CENTRAL = 42
_SIZES = struct.Struct("<3L")
_OFFSET = struct.Struct("<L")
Member = tuple[bytes, bytes]  # local header and data, central record without its offset


class ZipCache:
    """Zips packages like ``write_zip``, reusing members whose bytes did not change."""

    def __init__(self, static: Mapping[str, bytes] = ()) -> None:  # type: ignore[assignment]
        self._last: dict[str, tuple[bytes, Member]] = {}
        # Each member's central record as last placed: (member, offset, record with the offset).
        self._placed: dict[str, tuple[Member, int, bytes]] = {}
        for name, data in dict(static).items():
            self._member(name, data)

    def _member(self, name: str, data: bytes) -> Member:
        last = self._last.get(name)
        if last is not None and (last[0] is data or last[0] == data):
            return last[1]
        member = _shape(name).member(data)
        self._last[name] = (data, member)
        return member

    def write(self, parts: Mapping[str, bytes]) -> bytes:
        """The package of ``parts``, in ``write_zip``'s order."""
        names = member_order(parts)
        locals_: list[bytes] = []
        centrals: list[bytes] = []
        offset = 0
        placed = self._placed
        for name in names:
            member = self._member(name, parts[name])
            last = placed.get(name)
            if last is None or last[0] is not member or last[1] != offset:
                central = member[1]
                record = central[:_OFFSET_CENTRAL] + _OFFSET.pack(offset)
                last = placed[name] = (member, offset, record + central[_OFFSET_CENTRAL + 4 :])
            centrals.append(last[2])
            locals_.append(member[0])
            offset += len(member[0])
        directory = b"".join(centrals)
        end = _END.pack(_END_SIGNATURE, 0, 0, len(names), len(names), len(directory), offset, 0)
        return b"".join([*locals_, directory, end])


class _Shape:
    """The headers ``zipfile`` writes for one member name, with the varying fields open."""

    __slots__ = ("central", "local")

    def __init__(self, name: str) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(zip_info(name), b"x", compresslevel=_LEVEL)
        data = buffer.getvalue()
        signature, *_, size, start, _ = _END.unpack(data[-_END.size :])
        if signature != _END_SIGNATURE or start + size != len(data) - _END.size:
            raise ValueError(f"unexpected zip layout for {name}")
        name_length, extra_length = struct.unpack("<2H", data[26:30])
        self.local = data[: 30 + name_length + extra_length]
        self.central = data[start : start + size]

    def member(self, data: bytes) -> Member:
        packed = bytes(deflate_compress(data, _LEVEL))
        sizes = _SIZES.pack(zlib.crc32(data), len(packed), len(data))
        local = self.local[:_SIZES_LOCAL] + sizes + self.local[_SIZES_LOCAL + 12 :]
        central = self.central[:_SIZES_CENTRAL] + sizes + self.central[_SIZES_CENTRAL + 12 :]
        return local + packed, central


@functools.lru_cache(maxsize=4096)
def _shape(name: str) -> _Shape:
    return _Shape(name)


def looks_xml(blob: bytes) -> bool:
    """Whether a part's bytes are XML, whatever its name and content type say: "<" first,
    after a byte-order mark and whitespace, in UTF-8 or UTF-16."""
    if blob.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):  # UTF-16, -32
        return True
    return _XML_START.match(blob) is not None  # however much whitespace comes first


_XML_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n\0]*<")


def external(relationship: etree._Element) -> bool:
    """Whether a relationship points outside the package. Compared as Word and LibreOffice
    read it: " external" and "EXTERNAL" are external too."""
    return (relationship.get("TargetMode") or "").strip().lower() == "external"


def rels_owner(rels_name: str) -> str:
    """The part a relationships part belongs to: word/_rels/document.xml.rels → word/document.xml."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def content_types(parts: dict[str, bytes]) -> dict[str, str]:
    """Each part's content type: its Override, else the Default of its extension (the package
    must have its ``[Content_Types].xml``)."""
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for node in parse(parts["[Content_Types].xml"]):
        if not isinstance(node.tag, str):
            continue
        kind = etree.QName(node).localname
        if kind == "Default":
            defaults[node.get("Extension", "").lower()] = node.get("ContentType", "")
        elif kind == "Override":
            overrides[node.get("PartName", "").lstrip("/").lower()] = node.get("ContentType", "")
    return {
        name: overrides.get(name.lower()) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
        for name in parts
    }


def read_zip(data: bytes, source: str, limits: ZipLimits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Read every part of a Word package, refusing what is not one or would expand too far."""
    parts = read_package(data, source, limits)
    if "[Content_Types].xml" not in parts or "word/document.xml" not in parts:
        where = Location(file=source)
        if "xl/workbook.xml" in parts:
            raise UnreadableDocumentError("这是 Excel 表格，不是 Word 文档", where)
        raise UnreadableDocumentError("不是 Word 文档（缺少 word/document.xml）", where)
    return parts


# A central directory's bytes: 2,000 entries with long names take a few hundred kilobytes.
_MAX_DIRECTORY_BYTES = 16 * 1024 * 1024


def _declared_directory(data: bytes) -> tuple[int, int]:
    """How many entries a zip's end records say it has and how long its central directory is
    — the larger of the end record's and the zip64 record's, as readers follow either; (0, 0)
    when there is no end record (zipfile then says it is no zip)."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        return 0, 0
    entries, size = struct.unpack_from("<HL", data, at + 10)
    locator = at - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 <= len(data) and data[record : record + 4] == b"PK\x06\x06":
            wide_entries, wide_size = struct.unpack_from("<QQ", data, record + 32)
            entries, size = max(entries, wide_entries), max(size, wide_size)
    return entries, size


def read_package(data: bytes, source: str, limits: ZipLimits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Read every part of any zip package (Word, Excel, PowerPoint), within ``limits``."""
    where = Location(file=source)
    entries, directory = _declared_directory(data)
    if entries > limits.max_entries or directory > _MAX_DIRECTORY_BYTES:
        # Said before zipfile makes an object of every entry (4 million took 1.8 GB).
        raise UnreadableDocumentError(f"压缩包内文件过多（{entries} 个），已拒绝读取", where)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError):
        raise UnreadableDocumentError(_not_a_package(data), where) from None
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise UnreadableDocumentError(f"压缩包内文件过多（{len(infos)} 个），已拒绝读取", where)
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        if info.filename in parts:  # programs differ on which copy they read
            raise UnreadableDocumentError(f"压缩包内有两个 {info.filename}，已拒绝读取", where)
        _check_entry(info, limits, where)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnreadableDocumentError("解压后总大小超过上限，已拒绝读取", where)
        try:
            with archive.open(info) as stream:
                blob = stream.read(limits.max_part_bytes + 1)
        except (
            zipfile.BadZipFile,
            RuntimeError,
            NotImplementedError,
            OSError,
            zlib.error,
            EOFError,
            ValueError,
        ) as exc:
            raise UnreadableDocumentError(
                f"压缩包已损坏或已加密：{info.filename}（{exc}）", where
            ) from None
        if len(blob) > limits.max_part_bytes:
            raise UnreadableDocumentError(f"部件 {info.filename} 解压后过大，已拒绝读取", where)
        parts[info.filename] = blob
    return parts


# The start of an OLE2 compound file: Word 97–2003 (.doc, .wps), or any encrypted Office file.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _not_a_package(data: bytes) -> str:
    if data.startswith(OLE2_MAGIC):
        return (
            "不是 .docx 文件：这是旧版 Word 的 .doc 文件，或已加密的文档（请在 Word 或 WPS 中"
            "另存为 .docx，有密码的先取消密码）"
        )
    return "不是有效的 .docx 文件（不是 zip 压缩包；可能是改了扩展名的其他文件，或已加密）"


def _check_entry(info: zipfile.ZipInfo, limits: ZipLimits, where: Location) -> None:
    if info.flag_bits & 0x1:
        raise UnreadableDocumentError("文档已加密，请先在 Word 中取消密码后再试", where)
    if info.file_size > limits.max_part_bytes:
        raise UnreadableDocumentError(f"部件 {info.filename} 解压后过大，已拒绝读取", where)
    # Real parts of repetitive XML compress well; only a large part with an absurd ratio is a bomb.
    big = info.file_size > 8 * 1024 * 1024
    if big and info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        raise UnreadableDocumentError(
            f"部件 {info.filename} 压缩比异常（疑似压缩炸弹），已拒绝读取", where
        )

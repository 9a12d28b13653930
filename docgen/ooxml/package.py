"""The .docx zip: read with bounds (untrusted files), write deterministically."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docgen.errors import Location, UnreadableDocumentError

# Fixed metadata so that the same parts always give the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_FIRST = ("[Content_Types].xml", "_rels/.rels")


@dataclass(frozen=True)
class ZipLimits:
    """Bounds on what one package may expand to; a zip bomb stops at the first one crossed."""

    max_entries: int = 2000
    max_part_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 200


DEFAULT_LIMITS = ZipLimits()


def write_zip(parts: dict[str, bytes]) -> bytes:
    """Zip the parts with fixed timestamps and a fixed order (content types and rels first)."""
    names = [n for n in _FIRST if n in parts] + [n for n in parts if n not in _FIRST]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


def read_zip(data: bytes, source: str, limits: ZipLimits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Read every part of a package, refusing what is not a zip or would expand too far."""
    where = Location(file=source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableDocumentError(
            "不是有效的 .docx 文件（不是 zip 压缩包；可能是改了扩展名的其他文件，或已加密）", where
        ) from None
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise UnreadableDocumentError(f"压缩包内文件过多（{len(infos)} 个），已拒绝读取", where)
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        _check_entry(info, limits, where)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnreadableDocumentError("解压后总大小超过上限，已拒绝读取", where)
        try:
            with archive.open(info) as stream:
                blob = stream.read(limits.max_part_bytes + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
            raise UnreadableDocumentError(
                f"压缩包已损坏或已加密：{info.filename}（{exc}）", where
            ) from None
        if len(blob) > limits.max_part_bytes:
            raise UnreadableDocumentError(f"部件 {info.filename} 解压后过大，已拒绝读取", where)
        parts[info.filename] = blob
    if "[Content_Types].xml" not in parts or "word/document.xml" not in parts:
        raise UnreadableDocumentError("不是 Word 文档（缺少 word/document.xml）", where)
    return parts


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

"""Specs for writing packages: a zip any reader takes, and the cache giving write_zip's bytes."""

from __future__ import annotations

import io
import os
import zipfile

from docgen.ooxml.package import ZipCache, read_zip, write_zip

STATIC = {
    "word/styles.xml": b"<w:styles/>" * 200,
    "[Content_Types].xml": b"<Types/>",
    "_rels/.rels": b"<Relationships/>",
    "word/media/图片1.png": os.urandom(4000),
}


def test_a_package_of_cached_parts_is_byte_for_byte_write_zip() -> None:
    parts = {**STATIC, "word/document.xml": b"<w:document/>" * 50}
    assert ZipCache(STATIC).write(parts) == write_zip(parts)


def test_changed_and_new_parts_are_zipped_again() -> None:
    cache = ZipCache(STATIC)
    for body in (b"<a/>" * 10, b"<b/>" * 1000, b"", b"<a/>" * 10):
        parts = {**STATIC, "word/document.xml": body, "word/footer1.xml": body[:7]}
        assert cache.write(parts) == write_zip(parts)


def test_a_part_changed_under_a_cached_name_is_not_taken_from_the_cache() -> None:
    cache = ZipCache(STATIC)
    parts = {**STATIC, "word/styles.xml": b"<w:styles>other</w:styles>"}
    assert cache.write(parts) == write_zip(parts)


def test_a_written_package_reads_back_whole_in_order_with_fixed_metadata() -> None:
    parts = {"word/document.xml": "<w:document>临江</w:document>".encode() * 300, **STATIC}
    data = write_zip(parts)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None  # every CRC checks out
    names = archive.namelist()
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert {n: archive.read(n) for n in names} == parts == read_zip(data, "x.docx")
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_DEFLATED and info.date_time == (
            1980,
            1,
            1,
            0,
            0,
            0,
        )
    document = archive.getinfo("word/document.xml")
    assert document.compress_size < document.file_size / 20  # compressed, not stored
    assert write_zip(dict(parts)) == data  # same parts, same bytes


def test_an_empty_part_is_a_valid_member() -> None:
    parts = {**STATIC, "word/document.xml": b""}
    assert read_zip(write_zip(parts), "x.docx") == parts

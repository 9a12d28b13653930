"""Specs for the member cache: exactly write_zip's bytes, whatever was zipped before."""

from __future__ import annotations

import os

from docgen.ooxml.package import write_zip
from docgen.ooxml.zipcache import ZipCache

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

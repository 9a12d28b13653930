"""The build manifest: for each output, what went into it (inputs, template, fragments, profile)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in chunks (a batch's PDFs, a zip of thousands)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def still_written(path: Path, digest: object) -> bool:
    """Whether ``path`` still holds the bytes whose sha256 a manifest recorded: a regular file,
    not a link (a manifest left in a folder may name a link to anything, however large)."""
    return isinstance(digest, str) and regular_file(path) and sha256_file(path) == digest


def regular_file(path: Path) -> bool:
    """Whether ``path`` is a regular file itself, not a link to one."""
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


@dataclass
class FileRecord:
    path: str
    sha256: str


@dataclass
class FragmentRecord:
    id: str
    version: int
    status: str
    sha256: str
    path: str


@dataclass
class OutputRecord:
    """One built file and its provenance."""

    name: str
    kind: str
    output: str
    sha256: str
    profile: str
    template: FileRecord
    inputs: list[FileRecord] = field(default_factory=list)
    fragments: list[FragmentRecord] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    lint: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def manifest_bytes(
    version: str,
    outputs: list[OutputRecord],
    state: dict[str, Any] | None = None,
    *,
    failed: list[dict[str, Any]] | None = None,
    files: list[FileRecord] | None = None,
    kept: dict[str, list[dict[str, Any]]] | None = None,
    edited: list[dict[str, Any]] | None = None,
    left: list[dict[str, Any]] | None = None,
    notes: list[dict[str, Any]] | None = None,
) -> bytes:
    """Deterministic JSON: sorted keys, no clock.

    ``failed`` lists the roster rows that produced no document, with the reason; ``files`` the
    files made from the documents (PDFs, combined documents, zips); ``edited`` the rows' files
    the user edited after a build wrote them ({"document", "path"}: kept, never overwritten);
    ``left`` the rows' files an earlier build wrote that this one did not write again and
    that are still there ({"document", "path", "sha256"}: still the build's own, so a row
    fixed after failing overwrites its old file, and any other file there is the user's),
    and a batch's combined document or zip not made again ({…, "step"}: "combined", "zip");
    ``kept`` records of an earlier manifest ("outputs", "failed", "files", "edited", "left") for
    documents this build did not make; ``notes`` what this build told the user about a
    document ({"document", "note"}: renames, files left from an earlier build).
    """
    kept = kept or {}
    records = [asdict(o) for o in outputs] + kept.get("outputs", [])
    made = {str(f.get("path")): f for f in kept.get("files", [])}
    made.update({f.path: asdict(f) for f in files or []})  # made now: this build's record
    document = {
        "generator": f"docgen {version}",
        "outputs": sorted(records, key=lambda o: str(o.get("output"))),
        "state": state or {},
        "failed": (failed or []) + kept.get("failed", []),
        "files": [made[path] for path in sorted(made)],
    }
    changed = (edited or []) + kept.get("edited", [])
    if changed:
        document["edited"] = sorted(changed, key=lambda e: str(e.get("path")))
    remaining = (left or []) + kept.get("left", [])
    if remaining:
        document["left"] = sorted(remaining, key=lambda e: str(e.get("path")))
    if notes:
        document["notes"] = notes
    # Indented all through: a document's record holds its fragments and findings, for reading.
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode(
        "utf-8"
    )


def manifest_json(document: dict[str, Any]) -> bytes:
    """A batch's manifest as deterministic JSON with one record a line: each top-level key on
    its own line, and each item of a list — an output, a failed row — whole on one line, so
    that a row's record is one line to find or compare. (Python's indenting encoder is pure
    Python: on a batch of thousands it took longer than rendering a tenth of the rows; each
    line here goes through the C encoder.)"""
    lines = ["{"]
    for number, key in enumerate(sorted(document)):
        value = document[key]
        comma = "," if number < len(document) - 1 else ""
        name = _compact(key)
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {_compact(item)}" for item in value)
            lines.append(f"  {name}: [\n{items}\n  ]{comma}")
        else:
            lines.append(f"  {name}: {_compact(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _compact(value: Any) -> str:
    return _ENCODER.encode(value)


# One encoder for every line: json.dumps with options builds a new one per call (4 µs a record).
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def listed(manifest: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The records under ``key`` of a manifest read back (anything but a mapping left out)."""
    value = manifest.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def made_from_documents(manifest: dict[str, Any], key: str) -> dict[str, str]:
    """The files a batch made from its documents (PDFs, combined documents, zips) by ``key``
    ("file" in a merge's manifest, "path" in a build's), with their sha256: those it made,
    and those it found from an earlier batch and left in place (``left`` records of a step)."""
    left = [record for record in listed(manifest, "left") if "step" in record]
    return {
        name: digest
        for record in [*listed(manifest, "files"), *left]
        if isinstance(name := record.get(key), str)
        if isinstance(digest := record.get("sha256"), str)
    }


# A manifest of 10,000 rows with their notes is a few megabytes.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def manifest_file(path: Path) -> bytes | None:
    """A manifest's bytes as they stand in its folder: None when there is none; b"" (no
    manifest docgen wrote) for a link, a pipe or a device put there (/dev/zero, a FIFO that
    would block the batch) or a file past any manifest's size — nothing is read from those."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise  # said as it is, not as another program's manifest
        return b"" if exc.errno == errno.ELOOP else None  # a link; no folder to hold one
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST_BYTES:
        os.close(descriptor)  # a folder, a pipe, a device
        return b""
    with os.fdopen(descriptor, "rb") as file:
        return file.read(MAX_MANIFEST_BYTES)


def read_manifest(data: bytes) -> dict[str, Any]:
    try:
        loaded = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # not JSON, too deep, a number past int's digits
        return {}
    return loaded if isinstance(loaded, dict) else {}

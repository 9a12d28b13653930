"""Output file names that Windows and Linux both accept, unique in a batch, inside one folder.

A unit's name such as "市委办公室/市政府办公室" becomes "市委办公室／市政府办公室": each character
Windows forbids is replaced by its full-width twin, which reads the same to a Chinese user. Names
Windows reserves (CON, NUL, COM1 …) get a leading "_", trailing dots and spaces go, and the length
is capped in UTF-8 bytes. Equal names (ignoring case, as Windows does) get "-2", "-3" … in row order.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NamedTuple

from docgen.errors import DocgenError, Location

_FULL_WIDTH = str.maketrans(
    {
        "/": "／",
        "\\": "＼",
        ":": "：",
        "*": "＊",
        "?": "？",
        '"': "＂",
        "<": "＜",
        ">": "＞",
        "|": "｜",
    }
)
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
RESERVED = _DEVICES | {f"{port}{n}" for port in ("COM", "LPT") for n in "123456789¹²³"}
# 255 bytes is the limit of one name on Linux; leave room for "-123" and ".docx"/".pdf".
MAX_STEM_BYTES = 180
_BINARY = getattr(os, "O_BINARY", 0)  # Windows only


def safe_stem(text: str, fallback: str) -> str:
    """``text`` as a file name without extension; ``fallback`` when nothing usable is left.
    A name past the cap keeps its start and its end ("临江市乡村振兴…工作领导小组办公室"): two
    long units alike in their first sixty characters stay apart by the ends of their names."""
    stem = _cleaned(text)
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        tail = _cap_end(stem, MAX_STEM_BYTES // 3)
        stem = _cap(stem, MAX_STEM_BYTES - len(tail.encode("utf-8")) - 3) + "…" + tail
    stem = stem.rstrip(" .")
    if not stem:
        return fallback
    if stem.split(".")[0].strip().upper() in RESERVED or stem.startswith("~$"):
        stem = "_" + stem  # "~$…" is how Word names the lock file of a document it has open
    return stem


def uncut_stem(text: str) -> str | None:
    """What ``safe_stem`` makes of ``text`` before the length cap, when the cap cuts it."""
    if len(text) * 4 <= MAX_STEM_BYTES:  # a character takes at most 4 bytes once cleaned
        return None
    stem = _cleaned(text)
    return stem if len(stem.encode("utf-8")) > MAX_STEM_BYTES else None


def _cleaned(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_FULL_WIDTH)
    if not text.isprintable():  # the common case has nothing to clean
        text = "".join(_visible(char) for char in text)
    # A space typed between two Chinese characters (市委　督查室) is no part of the name.
    return _SPACE_IN_CHINESE.sub("", " ".join(text.split())).strip(" .")


_SPACE_IN_CHINESE = re.compile(
    r"(?<=[\u3400-\u9fff\uff00-\uffef]) (?=[\u3400-\u9fff\uff00-\uffef])"
)


def _visible(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":
        return " "  # line breaks and tabs from a spreadsheet cell
    if category in ("Cf", "Cs", "Co", "Cn"):
        return ""  # no invisible or direction-changing marks
    return char


def _cap(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _cap_end(text: str, limit: int) -> str:
    """The end of ``text`` within ``limit`` bytes, whole characters only."""
    return text.encode("utf-8")[-limit:].decode("utf-8", errors="ignore").lstrip(" .")


class Renamed(NamedTuple):
    """Why a row's file is not named as its row asked: the name asked for (after the length
    cap: the name a file in the way holds) was taken, or the cap cut it from ``uncut``, or the
    row's text (``unusable``: "..", a mark alone) left nothing for a name, or the column the
    pattern prints was blank in the row (``blank``), and the row's number named it."""

    asked: str
    uncut: str | None = None
    unusable: str | None = None
    others: bool = False  # the name asked went to another row last time
    blank: str | None = None


class UniqueNames:
    """Hands out names in row order; a name already taken gets the next free "-N".

    ``owners``: the row each name went to last time (casefolded names), for the rows that ask
    for the same name now. A "-N" another such row had is passed over, so that a row moved
    aside (its name held by a file the user edited) does not take the next row's file and
    shift that row to "-3".
    """

    def __init__(
        self, suffix: str, taken: Iterable[str] = (), owners: Mapping[str, int] | None = None
    ) -> None:
        self.suffix = suffix
        self._taken = {name.casefold() for name in taken}
        self.owners = owners or {}
        self.renamed: dict[str, Renamed] = {}  # by a name handed out other than as asked
        # By stem: the first "-N" neither taken nor another row's, so that many rows of one
        # name (a roster named by its 区县 column) take their numbers in linear time.
        self._first_free: dict[str, int] = {}

    @property
    def owners(self) -> Mapping[str, int]:
        return self._owners

    @owners.setter
    def owners(self, owners: Mapping[str, int]) -> None:
        self._owners = {name.casefold(): row for name, row in owners.items()}
        self._owned: dict[int, list[str]] = {}
        for name, row in self._owners.items():
            self._owned.setdefault(row, []).append(name)

    def _numbered(self, stem: str, counter: int) -> str:
        tail = f"-{counter}"
        return _cap(stem, MAX_STEM_BYTES - len(tail)).rstrip(" .") + tail + self.suffix

    def _own_number(self, stem: str, row: int | None) -> int | None:
        """The "-N" of ``stem`` this row had last time, if no row has taken it since."""
        for name in self._owned.get(row, []) if row is not None else []:
            number = name[: -len(self.suffix)].rpartition("-")[2]
            if number.isdigit() and name not in self._taken:
                if self._numbered(stem, int(number)).casefold() == name:
                    return int(number)
        return None

    def take(
        self,
        stem: str,
        uncut: str | None = None,
        *,
        unusable: str | None = None,
        row: int | None = None,
        blank: str | None = None,
    ) -> str:
        """The file name (with suffix) for ``stem``, never one handed out before; ``uncut``:
        the longer stem the length cap cut ``stem`` from; ``unusable``: the text that left
        nothing for a name, or ``blank``: the column left blank that the name needed, so that
        ``stem`` stands in for it; ``row``: whose name it is."""
        name = stem + self.suffix
        counter = 1
        if name.casefold() in self._taken:
            key = stem.casefold()
            counter = self._first_free.get(key, 2)
            name = self._numbered(stem, counter)
            while name.casefold() in self._taken or name.casefold() in self._owners:
                if counter == self._first_free.get(key, 2):
                    self._first_free[key] = counter + 1
                counter += 1  # taken, or a row's "-N" from last time
                name = self._numbered(stem, counter)
            own = self._own_number(stem, row)
            if own is not None and own < counter:
                counter, name = own, self._numbered(stem, own)
            if counter == self._first_free.get(key, 2):
                self._first_free[key] = counter + 1
        self._taken.add(name.casefold())
        if counter > 1 or uncut is not None or unusable is not None or blank is not None:
            whole = uncut + self.suffix if uncut is not None else None
            asked = stem + self.suffix
            others = self._owners.get(asked.casefold(), row) != row
            self.renamed[name] = Renamed(asked, whole, unusable, others, blank)
        return name


def asks_for(name: str, stem: str, suffix: str) -> bool:
    """Whether ``name`` is what ``take`` may hand out for ``stem``: it, or it with a "-N"."""
    name, stem = name.casefold(), stem.casefold()
    if name == stem + suffix.casefold():
        return True
    if not name.endswith(suffix.casefold()):
        return False
    head, dash, number = name[: -len(suffix)].rpartition("-")
    if not (dash and number.isdigit() and head):
        return False
    cut = len(stem.encode("utf-8")) + 1 + len(number) > MAX_STEM_BYTES  # take cuts the stem
    return head == stem or (cut and stem.startswith(head))


def pdf_name(document: str) -> str:
    """The name LibreOffice gives the PDF of ``document`` (a file name): its stem, .pdf."""
    return Path(document).stem + ".pdf"


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land elsewhere.

    A plain name (no separator, not "." or "..") stays in ``folder``; a symbolic link already
    there is replaced by ``whole_file``'s rename, never written through.
    """
    return folder / own_name(name)


def own_name(name: str) -> str:
    """``name`` itself when it names a file of the folder it is written in (``inside``)."""
    if not plain_name(name):
        raise DocgenError("拒绝写到输出目录之外", Location(file=name))
    return name


def plain_name(name: str) -> bool:
    """Whether ``name`` names a file in its folder, on any system: no separator (a manifest
    written on Windows reads the same), not "." or ".."."""
    return name not in ("", ".", "..") and not any(c in name for c in "/\\\0")


def write_whole(target: str | Path, data: bytes) -> None:
    """Write one output of a batch whole (see ``whole_file``), with no stream objects between."""
    handle, temp = _open_temp(target)
    try:
        try:
            with memoryview(data) as rest:
                while rest:
                    rest = rest[os.write(handle, rest) :]
        finally:
            os.close(handle)  # once: the descriptor is gone even when close reports an error
        os.replace(temp, target)
    except BaseException:
        _remove(temp)
        raise


@contextmanager
def whole_file(target: Path) -> Iterator[BinaryIO]:
    """A stream to a temporary file in ``target``'s folder, renamed to ``target`` when done.

    Readers (and a rerun after Ctrl-C) see the old file or the new one, never half of one; on an
    error the temporary file goes. Unlike ``files.write_all`` there is no fsync per file: on a
    batch of thousands it would cost more than rendering, and what a batch must guarantee is
    that no file is half-written.
    """
    handle, temp = _open_temp(target)
    try:
        with os.fdopen(handle, "w+b") as stream:
            yield stream
        os.replace(temp, target)
    except BaseException:
        _remove(temp)
        raise


def _remove(temp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temp)


def _open_temp(target: str | Path) -> tuple[int, str]:
    """A new temporary file beside ``target``: its descriptor and path."""
    temp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp")
    try:  # a fixed name and the usual mode: no retries, no chmod (each a disk operation)
        return os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _BINARY, 0o666), temp
    except FileExistsError:  # left over from a crash
        fd, name = tempfile.mkstemp(prefix=".docgen-", suffix=".tmp", dir=os.path.dirname(target))
        os.chmod(name, 0o644)
        return fd, name

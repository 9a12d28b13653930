"""A batch's files in one .zip, for sending: stored as they are, with fixed timestamps."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docgen.write.names import whole_file

_DATE = (1980, 1, 1, 0, 0, 0)


def write_archive(target: Path, files: Sequence[Path], folder: Path) -> None:
    """Zip ``files`` (inside ``folder``) to ``target`` in the given order, renamed into place whole.

    .docx and .pdf are compressed already, so members are stored; the same files give the
    same bytes.
    """
    with whole_file(target) as stream, zipfile.ZipFile(stream, "w") as archive:
        for file in files:
            info = zipfile.ZipInfo(file.relative_to(folder).as_posix(), date_time=_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            info.file_size = file.stat().st_size  # decides zip64 up front
            with file.open("rb") as source, archive.open(info, "w") as member:
                shutil.copyfileobj(source, member, 1 << 20)

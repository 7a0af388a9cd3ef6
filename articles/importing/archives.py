"""
The files of an upload or a folder, one ``(name, bytes)`` each: plain files as
they are, and the press releases inside a .zip.

A .zip is opened only when it is what it says: no entry may point outside it
("../x", "/etc/x"), and it may not unpack to far more than it weighs (a zip
bomb) or to more than an import can take.
"""

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from articles.documents import MAX_DOCUMENT_BYTES

DOCUMENT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml")
MAX_ENTRIES = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Text compresses some five to ten times; a hundred is no press release.
MAX_RATIO = 100


@dataclass(frozen=True)
class Entry:
    """One file to import, or why it cannot be read (``error``)."""

    name: str
    data: bytes = b""
    error: str = ""


def entries(name: str, data: bytes) -> Iterator[Entry]:
    """The documents in an uploaded file: itself, or a .zip's documents."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        yield Entry(name, data)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, ValueError) as error:
        yield Entry(
            name, error=_("not a readable .zip file (%(error)s).") % {"error": error}
        )
        return
    if problem := _unsafe(members, len(data)):
        yield Entry(name, error=problem)
        return
    for info in members:
        path = PurePosixPath(info.filename)
        if _hidden(path) or path.suffix.lower() not in DOCUMENT_SUFFIXES:
            continue
        label = f"{name}/{info.filename}"
        if info.file_size > MAX_DOCUMENT_BYTES:
            yield Entry(label, error=_("the file is too large for a press release."))
            continue
        try:
            yield Entry(label, archive.read(info))
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
            yield Entry(
                label, error=_("cannot be unpacked (%(error)s).") % {"error": error}
            )


def folder_entries(path: Path) -> Iterator[Path]:
    """The documents under ``path`` (itself when a file), in name order."""
    if not path.is_dir():
        yield path
        return
    for found in sorted(path.rglob("*")):
        relative = found.relative_to(path)
        if (
            found.is_file()
            and not _hidden(relative)
            and (found.suffix.lower() in (*DOCUMENT_SUFFIXES, ".zip"))
        ):
            yield found


def _unsafe(members, packed_size):
    """Why a .zip may not be opened, or None."""
    for info in members:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in path.parts[0]:
            return _("its entry “%(entry)s” points outside the archive.") % {
                "entry": info.filename
            }
    unpacked = sum(info.file_size for info in members)
    if len(members) > MAX_ENTRIES:
        return _("it holds %(count)d files; an import takes at most %(limit)d.") % {
            "count": len(members),
            "limit": MAX_ENTRIES,
        }
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(packed_size, 1):
        return _(
            "it unpacks to %(unpacked)s MB from %(packed)s MB: far more than "
            "press releases weigh."
        ) % {
            "unpacked": f"{unpacked / 1024 / 1024:.1f}",
            "packed": f"{packed_size / 1024 / 1024:.2f}",
        }
    return None


def _hidden(path):
    return any(part.startswith((".", "__MACOSX")) for part in path.parts)

"""Reading files into text: the only place that touches raw bytes."""

from __future__ import annotations

import codecs
import os
import stat
from contextlib import contextmanager
from typing import Iterator

from dlint.records import record

# Real Dockerfiles and Compose files are a few kilobytes; anything this large is not one,
# and refusing it keeps time and memory bounded.
MAX_FILE_BYTES = 2 * 1024 * 1024

# One set per open `recorded_reads` block, innermost last.
_recordings: list[set[str]] = []


@record(frozen=True)
class Source:
    """A file decoded to text. `display` is the path as reported in findings."""

    path: str
    display: str
    text: str


@record(frozen=True)
class ReadError:
    display: str
    line: int
    column: int
    message: str


@contextmanager
def recorded_reads() -> Iterator[set[str]]:
    """Collect the real path of every Dockerfile and Compose file `read_source` is asked for
    inside the block: the files that make up the projects loaded there."""
    paths: set[str] = set()
    _recordings.append(paths)
    try:
        yield paths
    finally:
        _recordings.pop()


def read_source(path: str, display: str, recorded: bool = True) -> Source | ReadError:
    """Read a file as UTF-8 text, dropping a byte order mark.

    `recorded=False` keeps the read out of `recorded_reads`: env files and rereads for
    suppression comments, which are inputs only and never become part of a project.

    Line endings are kept as they are: each parser splits lines the way the tool it
    imitates does (BuildKit on `\\n` only, YAML on `\\n`, `\\r\\n` and `\\r`).
    """
    if recorded and _recordings:
        _recordings[-1].add(os.path.realpath(path))
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            return ReadError(display, 1, 1, "is a directory, not a file; pass the file inside it or its folder")
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or a device would block or never end; dlint reads regular files only.
            return ReadError(display, 1, 1, "is not a regular file (a pipe, socket or device); lint the file it stands for")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            return ReadError(
                display, 1, 1,
                f"file is {size} bytes, larger than the {MAX_FILE_BYTES} byte limit; this is not a Dockerfile or Compose file",
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.readlink(path)
            return ReadError(display, 1, 1, f"symbolic link to `{target}`, which does not exist; fix or remove the link")
        return ReadError(display, 1, 1, "file disappeared before it could be read")
    except PermissionError:
        return ReadError(display, 1, 1, "permission denied; make the file readable")
    except OSError as error:
        return ReadError(display, 1, 1, f"cannot read file: {error.strerror or error}")
    return decode_source(data, path, display)


def decode_source(data: bytes, path: str, display: str) -> Source | ReadError:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        if not data.startswith(codecs.BOM_UTF8):
            return ReadError(display, 1, 1, "file is UTF-16 or UTF-32 encoded; save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return ReadError(display, line, 1, "file contains NUL bytes, so it is binary, not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return ReadError(
            display, line, column,
            f"invalid UTF-8 byte 0x{data[error.start]:02x} at byte offset {error.start}; save the file as UTF-8",
        )
    return Source(path, display, text)

"""Finding hashes that survive line shifts, for baselines and CI reports.

A finding's hash is built from its rule and its message, which names the offending
value, never from its line or column, so edits elsewhere in the file keep the hash.
Identical findings in one file are numbered in file order, so a second copy
of an accepted breach still counts as new.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

from dlint.findings import Finding

# Messages hold values, not positions; this guards against one that names a line.
_LINE_REFERENCE = re.compile(r"\bline \d+")
# A message may name another file by its path from the working folder (`api/Dockerfile`),
# which changes with the folder dlint runs from. Only the last part is hashed.
_PATH_PREFIX = re.compile(r"(?:[\w.-]+/)+(?=[\w.-])")


# Checks across files name the other side as `compose.yaml:34` or `Dockerfile:12`.
# Only a `:line` after a Dockerfile, Compose, env or ignore file name is dropped, so
# values such as `8080:8080` or `postgres:16-alpine` stay part of the hash.
_FILE_LINE = re.compile(
    r"(?P<file>[\w./-]*(?:Dockerfile|Containerfile|\.dockerignore|\.ya?ml|\.env)[\w.-]*):\d+(?::\d+)?\b"
)


def normalise_message(message: str) -> str:
    """Remove line numbers and folder prefixes from a message, for hashing only."""
    without_lines = _FILE_LINE.sub(r"\g<file>", _LINE_REFERENCE.sub("line", message))
    return _PATH_PREFIX.sub("", without_lines)


def finding_hashes(findings: Iterable[Finding]) -> dict[Finding, str]:
    """Map each finding to a hex hash; the path is left out and matched on its own."""
    seen: dict[tuple[str, str, str], int] = {}
    hashes: dict[Finding, str] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        message = normalise_message(finding.message)
        key = (finding.path, finding.rule, message)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        material = "\0".join((finding.rule, message, str(occurrence)))
        hashes[finding] = hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
    return hashes

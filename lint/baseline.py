"""Baselines: a file of accepted findings, so that only new ones are reported.

An entry is matched by rule, path and hash (see `fingerprint`), never by line, so
a finding keeps its match when lines are added above it. Paths are stored relative
to the baseline's own folder, so the same baseline works from any working folder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from typing import Any, Mapping

from dlint.engine import Report
from dlint.findings import Finding
from dlint.fingerprint import finding_hashes
from dlint.records import record

BASELINE_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a dlint baseline."""


@record(frozen=True)
class BaselineKey:
    rule: str
    path: str
    fingerprint: str


def _relative(path: str, folder: str) -> str:
    file_part, hash_sign, inner = path.partition("#")
    relative = os.path.relpath(os.path.abspath(file_part), folder)
    return relative.replace(os.sep, "/") + hash_sign + inner


def _key(finding: Finding, folder: str, hashes: Mapping[Finding, str]) -> BaselineKey:
    return BaselineKey(finding.rule, _relative(finding.path, folder), hashes.get(finding, ""))


def baseline_document(report: Report, hashes: Mapping[Finding, str], baseline_path: str) -> dict[str, Any]:
    folder = os.path.dirname(os.path.abspath(baseline_path))
    entries = []
    for finding in report.findings:
        key = _key(finding, folder, hashes)
        entries.append(
            {"rule": key.rule, "path": key.path, "fingerprint": key.fingerprint, "line": finding.line, "message": finding.message}
        )
    entries.sort(key=lambda entry: (entry["path"], entry["line"], entry["rule"], entry["fingerprint"]))
    return {"version": BASELINE_VERSION, "tool": "dlint", "findings": entries}


def write_baseline(report: Report, hashes: Mapping[Finding, str], baseline_path: str) -> None:
    document = baseline_document(report, hashes, baseline_path)
    with open(baseline_path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _entry_key(entry: Any, index: int) -> BaselineKey:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(name), str) for name in ("rule", "path", "fingerprint")):
        raise BaselineError(f"entry {index + 1} needs the strings `rule`, `path` and `fingerprint`")
    return BaselineKey(entry["rule"], entry["path"], entry["fingerprint"])


def read_baseline(baseline_path: str) -> Counter[BaselineKey]:
    """Read the accepted findings, counted, since one file can contain the same finding twice."""
    try:
        with open(baseline_path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as error:
        raise BaselineError(f"cannot read baseline `{baseline_path}`: {error.strerror or error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline `{baseline_path}` is not JSON: line {error.lineno} column {error.colno}: {error.msg}") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(f"baseline `{baseline_path}` is not a dlint baseline of version {BASELINE_VERSION}")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"baseline `{baseline_path}` has no `findings` list")
    return Counter(_entry_key(entry, index) for index, entry in enumerate(entries))


class BaselineFilter:
    """A callable that removes accepted findings and counts them across calls.

    The runner calls it once per configuration group. A path belongs to one group,
    and hashes depend only on findings in the same path, so per-group calls match
    what one call over the whole report would.
    """

    def __init__(self, accepted: Counter[BaselineKey], baseline_path: str) -> None:
        self._remaining = Counter(accepted)
        self._folder = os.path.dirname(os.path.abspath(baseline_path))
        self.hidden = 0

    def __call__(self, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        hashes = finding_hashes(findings)
        new_findings = []
        for finding in findings:
            key = _key(finding, self._folder, hashes)
            if self._remaining[key] > 0:
                self._remaining[key] -= 1
                self.hidden += 1
            else:
                new_findings.append(finding)
        return tuple(new_findings)

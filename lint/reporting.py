"""Turning one report into every output a run requests: which format goes where,
the facts the CI formats need (rules, files, repository paths, hashes), and writing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, Sequence

from dlint import __version__
from dlint.discovery import Discovered
from dlint.engine import Report
from dlint.findings import Severity
from dlint.formats import FORMAT_NAMES, REPORT_ONLY_FORMATS, LintedFile, RenderContext, RuleInfo, render
from dlint.records import record

STDOUT = "-"

# File errors have a one-line summary elsewhere; code scanning also shows a longer text.
_FILE_ERROR_TEXTS = {
    "E001": (
        "The file is not valid Dockerfile, YAML or Compose syntax, or has a structure BuildKit or Compose "
        "would reject. dlint reports where the parser stopped instead of guessing what was meant."
    ),
    "E002": "The file is missing, is a folder, is too large, or is not UTF-8 text. Nothing else in it can be checked.",
}


class OutputError(Exception):
    """An output request that cannot be met: unknown format, two outputs on one stream, an unwritable file."""


@record(frozen=True)
class OutputSpec:
    format_name: str
    path: str  # STDOUT for standard output


def _parse_one(value: str) -> OutputSpec:
    name, separator, path = value.partition("=")
    name = name.strip().lower()
    if name not in FORMAT_NAMES:
        raise OutputError(f"unknown format `{name}`; expected one of {', '.join(FORMAT_NAMES)}")
    if separator and not path:
        raise OutputError(f"format `{value}` names no file; write `{name}=FILE`")
    return OutputSpec(name, path if separator else STDOUT)


def parse_outputs(values: Sequence[str], output: str | None, environ: Mapping[str, str]) -> list[OutputSpec]:
    """Resolve `--format` values (`FMT` or `FMT=FILE`) and `--output FILE` into outputs.

    The one bare format goes to standard output, or to `--output`. Without one,
    standard output gets `github` inside GitHub Actions and `text` elsewhere.
    """
    specs = [_parse_one(value) for value in values]
    bare = [spec for spec in specs if spec.path == STDOUT]
    if len(bare) > 1:
        raise OutputError("only one format can go to standard output; send the others to files with `FMT=FILE`")
    if not bare:
        default = "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
        specs.insert(0, OutputSpec(default, STDOUT))
    if output:
        specs = [OutputSpec(spec.format_name, output) if spec.path == STDOUT else spec for spec in specs]
    targets = [spec.path for spec in specs]
    for target in targets:
        if target != STDOUT and targets.count(target) > 1:
            raise OutputError(f"file `{target}` is named for two outputs")
    return specs


def context_needed(specs: Sequence[OutputSpec]) -> bool:
    """Return whether any requested format reads the RenderContext, which costs a walk and hashing."""
    return any(spec.format_name not in REPORT_ONLY_FORMATS for spec in specs)


def rule_catalogue() -> tuple[RuleInfo, ...]:
    """Describe every registered rule in registry order, then the file and suppression findings."""
    from dlint.explain import other_findings
    from dlint.rules import RULES

    infos = [
        RuleInfo(
            rule.id, rule.name, rule.severity, rule.summary, rule.docs.checks,
            f"{rule.docs.checks}\n\nWhy: {rule.docs.why}\n\nCompliant example ({rule.docs.example_file}):\n{rule.docs.compliant}",
            rule.scope.value,
        )
        for rule in RULES
    ]
    for item in other_findings():
        summary = item["summary"] or item["name"].replace("-", " ")
        description = _FILE_ERROR_TEXTS.get(item["id"], summary)
        infos.append(RuleInfo(item["id"], item["name"], Severity(item["severity"]), summary, description, description, "file"))
    return tuple(infos)


def _repo_path(path: str, root: Path) -> str:
    file_part, hash_sign, inner = path.partition("#")
    relative = os.path.relpath(os.path.abspath(file_part), root)
    return relative.replace(os.sep, "/") + hash_sign + inner


def build_context(
    report: Report, discovered: Sequence[Discovered], ran: Sequence[str], cwd: Path | None = None
) -> RenderContext:
    """Collect the facts every format may need.

    Paths are made relative to the repository root around `cwd`, or to `cwd` itself
    outside a repository.
    """
    from dlint.fingerprint import finding_hashes
    from dlint.vcs import repository_root

    working_folder = (cwd or Path.cwd()).resolve()
    root = repository_root(working_folder) or working_folder
    catalogue = rule_catalogue()
    file_ids = tuple(rule.id for rule in catalogue if rule.applies_to == "file")
    paths = {item.display for item in discovered} | {finding.path for finding in report.findings}
    return RenderContext(
        rules=catalogue,
        selected=tuple(ran) + file_ids,
        files=tuple(LintedFile(item.display, item.kind) for item in discovered),
        repo_paths={path: _repo_path(path, root) for path in paths},
        fingerprints=finding_hashes(report.findings),
        version=__version__,
    )


def write_outputs(specs: Sequence[OutputSpec], report: Report, context: RenderContext, colour: bool) -> str:
    """Write every file output and return the text meant for standard output."""
    printed = ""
    for spec in specs:
        if spec.path == STDOUT:
            printed = render(spec.format_name, report, context, colour=colour)
            continue
        text = render(spec.format_name, report, context)
        try:
            with open(spec.path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as error:
            raise OutputError(f"cannot write `{spec.path}`: {error.strerror or error}") from None
    return printed

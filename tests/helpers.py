"""Shared test helpers: write a small project to a folder and lint it through the engine."""

from __future__ import annotations

import os
import pathlib
from typing import Iterable, Mapping

from dlint.discovery import Discovered, discover
from dlint.engine import Report, run_rules
from dlint.policy import DEFAULT_POLICY, Policy
from dlint.project import load_project
from dlint.rules import RULES
from dlint.rules.base import Rule

Found = tuple[str, int, int, str]


def write_files(root: pathlib.Path, files: Mapping[str, str | bytes]) -> None:
    """Write each file below `root`; text is written as is (no newline translation)."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


def lint_report(
    root: pathlib.Path, select: Iterable[str] | None = None, policy: Policy = DEFAULT_POLICY
) -> Report:
    """Discover, load and check every file under `root` with the selected rules."""
    selected = set(select) if select is not None else None
    rules = [rule for rule in RULES if selected is None or rule.id in selected]
    project = load_project(discover([str(root)]), policy)
    return run_rules(project, rules)


def lint_files(
    root: pathlib.Path,
    files: Mapping[str, str | bytes],
    select: Iterable[str] | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> list[Found]:
    """Write `files` below `root`, lint them, and return (path, line, column, rule) sorted.

    Paths are relative to `root`, so expectations read like the files they name.
    """
    write_files(root, files)
    report = lint_report(root, select, policy)
    return [(os.path.relpath(f.path, root), f.line, f.column, f.rule) for f in report.findings]


def messages(root: pathlib.Path, files: Mapping[str, str | bytes], select: Iterable[str]) -> list[str]:
    """Return the messages of the findings in order, for tests that pin a message."""
    write_files(root, files)
    return [finding.message for finding in lint_report(root, select).findings]


def lint_dockerfile(root: pathlib.Path, text: str, rule: Rule) -> list[tuple[int, int, str, str]]:
    """Lint one `Dockerfile` with one rule; (line, column, rule id, message) of each finding."""
    dockerfile = root / "Dockerfile"
    dockerfile.write_text(text, encoding="utf-8")
    project = load_project([Discovered(str(dockerfile), "Dockerfile", "dockerfile")], DEFAULT_POLICY)
    return [(f.line, f.column, f.rule, f.message) for f in run_rules(project, [rule]).findings]

"""Helpers for the Compose rule tests: write a small project to a folder and lint it."""

from __future__ import annotations

import os
import pathlib
from typing import Mapping

from dlint.discovery import discover
from dlint.engine import Report, run_rules
from dlint.policy import DEFAULT_POLICY, Policy
from dlint.project import load_project
from dlint.rules.base import Rule

Found = tuple[str, int, int, str]


def write_files(root: pathlib.Path, files: Mapping[str, str]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def lint_report(root: pathlib.Path, files: Mapping[str, str], rule: Rule, policy: Policy = DEFAULT_POLICY) -> Report:
    write_files(root, files)
    project = load_project(discover([str(root)]), policy)
    return run_rules(project, [rule])


def lint_files(root: pathlib.Path, files: Mapping[str, str], rule: Rule, policy: Policy = DEFAULT_POLICY) -> list[Found]:
    """Lint `files` with one rule; (path relative to `root`, line, column, rule id), sorted.

    Syntax and read errors show up too, so a broken test input cannot pass quietly.
    """
    report = lint_report(root, files, rule, policy)
    return [(os.path.relpath(f.path, root), f.line, f.column, f.rule) for f in report.findings]


def lint_compose(root: pathlib.Path, text: str, rule: Rule, policy: Policy = DEFAULT_POLICY) -> list[tuple[int, int, str]]:
    """Lint one `compose.yaml`; (line, column, rule id) of each finding."""
    return [(line, column, rule_id) for _path, line, column, rule_id in lint_files(root, {"compose.yaml": text}, rule, policy)]


def messages(root: pathlib.Path, text: str, rule: Rule) -> list[str]:
    return [finding.message for finding in lint_report(root, {"compose.yaml": text}, rule).findings]


def docs_findings(root: pathlib.Path, rule: Rule, compliant: bool) -> list[Found]:
    example = rule.docs.compliant if compliant else rule.docs.noncompliant
    return lint_files(root, {rule.docs.example_file: example}, rule)

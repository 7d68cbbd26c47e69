"""Shortcuts for the Compose rule tests: lint one `compose.yaml` with one rule."""

from __future__ import annotations

import pathlib

from helpers import Found, lint_files
from helpers import messages as file_messages
from dlint.rules.base import Rule


def lint_compose(root: pathlib.Path, text: str, rule: Rule) -> list[tuple[int, int, str]]:
    """Return (line, column, rule id) of each finding in `compose.yaml`, sorted.

    Syntax and read errors show up too, so a broken test input cannot pass quietly.
    """
    return [(line, column, rule_id) for _path, line, column, rule_id in lint_files(root, {"compose.yaml": text}, [rule.id])]


def messages(root: pathlib.Path, text: str, rule: Rule) -> list[str]:
    return file_messages(root, {"compose.yaml": text}, [rule.id])


def docs_findings(root: pathlib.Path, rule: Rule, compliant: bool) -> list[Found]:
    """Lint the compliant or the non-compliant example of the rule's docs."""
    example = rule.docs.compliant if compliant else rule.docs.noncompliant
    return lint_files(root, {rule.docs.example_file: example}, [rule.id])

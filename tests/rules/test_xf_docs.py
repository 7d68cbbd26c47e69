"""The cross-file rules: registered, project-scoped, and their documented example pairs behave."""

from __future__ import annotations

import pathlib

import pytest

from dlint.rules import RULES
from dlint.rules.base import Rule

from xf_support import rows

CROSS_RULES = [pytest.param(rule, id=rule.id) for rule in RULES if rule.id.startswith("XF")]


def example(rule: Rule, compliant: bool) -> dict[str, str]:
    return rule.docs.example_files(compliant)


def test_all_six_registered() -> None:
    assert [rule.id for rule in RULES if rule.id.startswith("XF")] == ["XF001", "XF002", "XF003", "XF004", "XF005", "XF006"]


@pytest.mark.parametrize("rule", CROSS_RULES)
def test_noncompliant_fires(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rule: Rule) -> None:
    assert rows(tmp_path, monkeypatch, example(rule, compliant=False), rule.id) != []


@pytest.mark.parametrize("rule", CROSS_RULES)
def test_compliant_is_quiet(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rule: Rule) -> None:
    assert rows(tmp_path, monkeypatch, example(rule, compliant=True), rule.id) == []


@pytest.mark.parametrize("rule", CROSS_RULES)
def test_scope_is_project(rule: Rule) -> None:
    assert rule.scope.value == "project"

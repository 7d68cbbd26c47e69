from __future__ import annotations

import pathlib

import pytest

from dlint.discovery import discover
from dlint.engine import run_rules
from dlint.explain import render_explain
from dlint.policy import DEFAULT_POLICY, Policy
from dlint.project import load_project
from dlint.records import fields
from dlint.rules import RULES
from dlint.rules.base import Rule

RULE_PARAMS = [pytest.param(rule, id=rule.id) for rule in RULES]
POLICY_FIELDS = {policy_field.name for policy_field in fields(Policy)}
FILE_ERRORS = ("E001", "E002")


def lint_example(root: pathlib.Path, rule: Rule, compliant: bool) -> list[str]:
    """Lint one doc example with all its files and return the rule ids found."""
    (root / ".git").mkdir()
    for name, text in rule.docs.example_files(compliant).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    project = load_project(discover([str(root)]), DEFAULT_POLICY)
    return [finding.rule for finding in run_rules(project, [rule]).findings]


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_noncompliant_example_fires(tmp_path: pathlib.Path, rule: Rule) -> None:
    assert rule.id in lint_example(tmp_path, rule, compliant=False)


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_noncompliant_example_parses(tmp_path: pathlib.Path, rule: Rule) -> None:
    assert not set(lint_example(tmp_path, rule, compliant=False)) & set(FILE_ERRORS)


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_compliant_example_quiet(tmp_path: pathlib.Path, rule: Rule) -> None:
    assert lint_example(tmp_path, rule, compliant=True) == []


@pytest.mark.parametrize("part", ["checks", "why", "noncompliant", "compliant", "example_file"])
@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_doc_part_present(rule: Rule, part: str) -> None:
    assert getattr(rule.docs, part).strip(), f"{rule.id} has no `{part}` in its docs"


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_every_option_described(rule: Rule) -> None:
    assert set(rule.docs.options) == set(rule.options)


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_parameters_are_policy_fields(rule: Rule) -> None:
    assert set(rule.parameters) <= POLICY_FIELDS


@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_option_schema_names_options(rule: Rule) -> None:
    assert set(rule.option_schema) <= set(rule.options)


@pytest.mark.parametrize(
    "heading", ["What it checks", "Why it matters", "Non-compliant example", "Compliant example", "Options"]
)
@pytest.mark.parametrize("rule", RULE_PARAMS)
def test_explain_has_part(rule: Rule, heading: str) -> None:
    assert f"\n{heading}" in render_explain(rule)

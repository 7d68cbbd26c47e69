"""Running the rules over a loaded project and collecting sorted findings."""

from __future__ import annotations

from typing import Iterable

from dlint.findings import Finding, Severity
from dlint.project import CheckContext, Project
from dlint.records import record
from dlint.rules import RULES
from dlint.rules.base import Hit, Rule, Scope

SYNTAX_ERROR = ("E001", "syntax-error")
READ_ERROR = ("E002", "unreadable-file")


@record(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    files: int

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def _hits(rule: Rule, project: Project) -> Iterable[Hit]:
    context = CheckContext(project, project.policy, {**rule.options, **project.rule_options.get(rule.id, {})})
    if rule.scope is Scope.DOCKERFILE:
        for unit in project.dockerfiles:
            if unit.linted:
                yield from rule.check(unit, context)
    elif rule.scope is Scope.COMPOSE:
        for compose in project.composes:
            if compose.linted:
                yield from rule.check(compose, context)
    else:
        yield from rule.check(project, context)


def run_rules(project: Project, rules: Iterable[Rule], severities: dict[str, Severity] | None = None) -> Report:
    """Run `rules` and return every finding once, sorted, with file errors included."""
    findings: set[Finding] = set()
    for error in project.errors:
        rule_id, name = SYNTAX_ERROR if error.rule == "E001" else READ_ERROR
        location = error.location
        findings.add(Finding(location.path, location.line, location.column, rule_id, name, Severity.ERROR, error.message))
    for rule in rules:
        severity = (severities or {}).get(rule.id, rule.severity)
        for hit in _hits(rule, project):
            findings.add(Finding(hit.path, hit.line, hit.column, rule.id, rule.name, severity, hit.message))
    ordered = tuple(sorted(findings, key=Finding.sort_key))
    return Report(ordered, project.files_checked)


def all_rules() -> tuple[Rule, ...]:
    return RULES

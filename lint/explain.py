"""Rule documentation for the terminal (`dlint explain`) and as data (`dlint rules --format json`)."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from dlint.config import POLICY_DESCRIPTIONS, kebab
from dlint.policy import DEFAULT_POLICY, Policy
from dlint.records import fields
from dlint.rules import FILE_ERRORS
from dlint.rules.base import Rule
from dlint.suppressions import SUPPRESSION_FINDINGS

WIDTH = 88
FILE_ERROR_SUMMARIES = {
    "E001": "a file cannot be parsed the way BuildKit or Compose would read it",
    "E002": "a file cannot be read as UTF-8 text",
}


def other_findings() -> list[dict[str, str]]:
    """List the findings that belong to no rule: file errors and findings about suppressions."""
    found = [
        {"id": code, "name": name, "severity": "error", "summary": FILE_ERROR_SUMMARIES.get(code, "")}
        for code, name in FILE_ERRORS.items()
    ]
    for code, (name, severity, summary) in SUPPRESSION_FINDINGS.items():
        found.append({"id": code, "name": name, "severity": severity.value, "summary": summary})
    return found


def _value(value: Any) -> str:
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value)


def option_lines(rule: Rule) -> list[str]:
    """`key: default  description` for the rule's own options and the policy parameters it reads."""
    lines = ["enabled: true", f"severity: {rule.severity.value}"]
    for option, default in rule.options.items():
        description = rule.docs.options.get(option, "")
        lines.append(f"{kebab(option)}: {_value(default)}" + (f"  {description}" if description else ""))
    for parameter in rule.parameters:
        default = getattr(DEFAULT_POLICY, parameter, None)
        description = POLICY_DESCRIPTIONS.get(parameter, "")
        line = f"policy.{kebab(parameter)}: {_value(default)}"
        lines.append(line + (f"  {description}" if description else ""))
    return lines


def _paragraph(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="  ", subsequent_indent="  ")


def _example(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ", lambda _line: True)


def render_explain(rule: Rule) -> str:
    docs = rule.docs
    parts = [
        f"{rule.id} {rule.name} ({rule.severity.value}, {rule.scope.value})",
        _paragraph(rule.summary),
        "",
        "What it checks",
        _paragraph(docs.checks),
        "",
        "Why it matters",
        _paragraph(docs.why),
        "",
    ]
    for label, compliant in (("Non-compliant", False), ("Compliant", True)):
        files = docs.example_files(compliant)
        for name, text in files.items():
            if name in docs.files:
                continue
            parts += [f"{label} example ({name})", _example(text), ""]
    parts.pop()
    for name, text in docs.files.items():
        parts += ["", f"Beside both examples ({name})", _example(text)]
    parts += ["", "Options (configuration key: default)"]
    parts += [f"  {line}" for line in option_lines(rule)]
    return "\n".join(parts) + "\n"


def rule_document(rule: Rule) -> dict[str, Any]:
    docs = rule.docs
    return {
        "id": rule.id,
        "name": rule.name,
        "severity": rule.severity.value,
        "scope": rule.scope.value,
        "summary": rule.summary,
        "options": {kebab(option): default for option, default in rule.options.items()},
        "parameters": {kebab(name): _plain(getattr(DEFAULT_POLICY, name, None)) for name in rule.parameters},
        "docs": {
            "checks": docs.checks,
            "why": docs.why,
            "noncompliant": docs.noncompliant,
            "compliant": docs.compliant,
            "example_file": docs.example_file,
            "options": dict(docs.options),
            "files": dict(docs.files),
            "noncompliant_files": docs.example_files(False),
            "compliant_files": docs.example_files(True),
        },
    }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def render_rules_json(rules: tuple[Rule, ...]) -> str:
    document = {
        "version": 1,
        "rules": [rule_document(rule) for rule in rules],
        "findings": other_findings(),
        "policy": {
            kebab(policy_field.name): _plain(getattr(DEFAULT_POLICY, policy_field.name))
            for policy_field in fields(Policy)
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

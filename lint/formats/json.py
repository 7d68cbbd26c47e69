"""The JSON format: a versioned document with every finding and a summary."""

from __future__ import annotations

import json

from dlint.engine import Report
from dlint.findings import Finding, Severity

SCHEMA_VERSION = 1


def render_json(report: Report) -> str:
    """Render the document as `json.dumps(document, indent=2)` would, one finding at a time.

    With `indent`, `json.dumps` builds a list of every fragment of the document before
    joining it, several times the size of the result for a large report.
    """
    summary = {
        "files": report.files,
        "errors": report.count(Severity.ERROR),
        "warnings": report.count(Severity.WARNING),
    }
    parts = ['{\n  "version": ', json.dumps(SCHEMA_VERSION), ',\n  "findings": [']
    for index, finding in enumerate(report.findings):
        parts += (",\n" if index else "\n", _indented(_finding(finding), 4))
    parts += ("\n  ]" if report.findings else "]", ',\n  "summary": ', _indented(summary, 2)[2:], "\n}\n")
    # One join: the text is copied once, however many findings there are.
    return "".join(parts)


def _finding(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
    }


def _indented(value: dict[str, object], depth: int) -> str:
    """`value` as `json.dumps(indent=2)` writes it `depth` spaces in; JSON text has no raw newline."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return "\n".join(" " * depth + line for line in text.split("\n"))

"""The JSON format: a versioned document with every finding and a summary."""

from __future__ import annotations

import json

from dlint.engine import Report
from dlint.findings import Severity

SCHEMA_VERSION = 1


def render_json(report: Report) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "findings": [
            {
                "path": finding.path,
                "line": finding.line,
                "column": finding.column,
                "rule": finding.rule,
                "name": finding.name,
                "severity": finding.severity.value,
                "message": finding.message,
            }
            for finding in report.findings
        ],
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

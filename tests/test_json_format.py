"""formats.json: the document is laid out exactly as `json.dumps(indent=2)` lays it out."""

from __future__ import annotations

import json

import pytest

from dlint.engine import Report
from dlint.findings import Finding, Severity
from dlint.formats.json import SCHEMA_VERSION, render_json


def _expected(report: Report) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "findings": [
            {
                "path": finding.path, "line": finding.line, "column": finding.column, "rule": finding.rule,
                "name": finding.name, "severity": finding.severity.value, "message": finding.message,
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


@pytest.mark.parametrize(
    "report",
    [
        pytest.param(Report((), 0), id="empty"),
        pytest.param(Report((Finding("Dockerfile", 3, 1, "DF002", "non-root-user", Severity.ERROR, "USER `root`"),), 1), id="one"),
        pytest.param(
            Report(tuple(Finding(f"s{n}/compose.yaml", n, 2, "CF008", "published-ports", Severity.WARNING, "port") for n in range(3)), 3),
            id="several",
        ),
        pytest.param(
            Report((Finding("a\u2028b.yaml", 1, 1, "E001", "syntax-error", Severity.ERROR, 'quote " slash \\ newline \n é \x1c'),), 1),
            id="escapes-and-line-separators",
        ),
    ],
)
def test_layout_matches_json_dumps(report: Report) -> None:
    assert render_json(report) == _expected(report)

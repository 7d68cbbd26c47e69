"""The GitLab format: a Code Quality report, a JSON list with one issue per finding."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from dlint.findings import Finding, Severity
from dlint.formats import RenderContext

if TYPE_CHECKING:
    from dlint.engine import Report

# GitLab's scale is info, minor, major, critical, blocker; an error fails the lint job,
# which is what `major` means to reviewers.
_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def issue_fingerprint(repo_path: str, finding_hash: str) -> str:
    """Unique per finding and stable across runs and line shifts: GitLab compares
    fingerprints between the merge request and its target branch."""
    return hashlib.sha256(f"{repo_path}\0{finding_hash}".encode()).hexdigest()


def _issue(finding: Finding, context: RenderContext) -> dict[str, Any]:
    path = context.repo_path(finding.path)
    return {
        "type": "issue",
        "description": f"{finding.rule} {finding.message}",
        "check_name": finding.rule,
        "fingerprint": issue_fingerprint(path, context.fingerprint(finding)),
        "severity": _SEVERITIES[finding.severity],
        "location": {"path": path.split("#", 1)[0], "lines": {"begin": finding.line}},
    }


def render_gitlab(report: Report, context: RenderContext) -> str:
    issues = [_issue(finding, context) for finding in report.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"

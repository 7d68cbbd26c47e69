"""The SARIF format: one SARIF 2.1.0 log with one run, for code scanning services.

Paths are relative to the repository root and point at it through the `%SRCROOT%`
base id, so the log is the same on every machine: no absolute path, no time stamp.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from dlint.findings import Finding, Severity
from dlint.formats import RenderContext, RuleInfo

if TYPE_CHECKING:
    from dlint.engine import Report

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/poblysh/dlint"
ROOT_BASE_ID = "%SRCROOT%"
FINGERPRINT_KEY = "dlintFindingHash/v1"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.help_text},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }


def artifact_uri(repo_path: str) -> str:
    """Return the relative URI of a repository path without its `#` suffix.

    NOTE: a Dockerfile written inline in a Compose file points at the Compose file,
    with the line numbers of the inline text.
    """
    file_part = repo_path.split("#", 1)[0]
    return quote(file_part, safe="/")


def _result(finding: Finding, context: RenderContext, indexes: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in indexes:
        result["ruleIndex"] = indexes[finding.rule]
    result["level"] = _LEVELS[finding.severity]
    result["message"] = {"text": finding.message}
    result["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(context.repo_path(finding.path)), "uriBaseId": ROOT_BASE_ID},
                "region": {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)},
            }
        }
    ]
    fingerprint = context.fingerprint(finding)
    if fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    return result


def sarif_document(report: Report, context: RenderContext) -> dict[str, Any]:
    descriptors = context.ran_rules()
    indexes = {rule.id: index for index, rule in enumerate(descriptors)}
    driver = {
        "name": "dlint",
        "version": context.version,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(rule) for rule in descriptors],
    }
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {ROOT_BASE_ID: {"description": {"text": "the root of the repository that was linted"}}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, context, indexes) for finding in report.findings],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report, context: RenderContext) -> str:
    return json.dumps(sarif_document(report, context), indent=2, ensure_ascii=False) + "\n"

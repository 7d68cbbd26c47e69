"""The JUnit format: one test suite per file and one test case per file and rule.

Each file gets a test case for every rule that ran on its kind of file, and one for
each other finding id (a syntax error, a suppression problem) that occurs in it.

A test case fails when its rule found something in its file; the failure lists every
finding. The XML has no time stamps or durations, so the same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING

from dlint.findings import Finding
from dlint.formats import LintedFile, RenderContext, RuleInfo

if TYPE_CHECKING:
    from dlint.engine import Report

def _applies(rule: RuleInfo, kind: str) -> bool:
    """Tell whether a file gets a test case for the rule even when the rule found nothing.

    File errors and suppression findings get a test case only where they occur, so a
    clean file lists just the policy rules it was checked against.
    """
    return rule.applies_to in (kind, "project")


def _suite_rules(kind: str, rule_ids: set[str], context: RenderContext) -> list[str]:
    """Return the rules that ran on a file of this kind, then any other rule with a finding in it."""
    ran = [rule.id for rule in context.rules if rule.id in context.selected and _applies(rule, kind)]
    extra = sorted(rule_ids - set(ran))
    return ran + extra


def _files(report: Report, context: RenderContext) -> list[LintedFile]:
    files = list(context.files)
    known = {item.path for item in files}
    for path in sorted({finding.path for finding in report.findings} - known):
        files.append(LintedFile(path, "other"))
    return files


def _failure(findings: list[Finding], context: RenderContext) -> ElementTree.Element:
    first = findings[0]
    message = first.message if len(findings) == 1 else f"{len(findings)} findings"
    failure = ElementTree.Element("failure", {"type": first.rule, "message": message})
    failure.text = "\n".join(
        f"{context.repo_path(item.path)}:{item.line}:{item.column}: {item.severity.value} {item.rule} [{item.name}] {item.message}"
        for item in findings
    )
    return failure


def _testcase(path: str, rule_id: str, findings: list[Finding], context: RenderContext) -> ElementTree.Element:
    info = context.rule(rule_id)
    name = f"{rule_id} {info.name}" if info is not None else rule_id
    case = ElementTree.Element("testcase", {"classname": path, "name": name})
    if findings:
        case.append(_failure(findings, context))
    return case


def _suite(item: LintedFile, report: Report, context: RenderContext) -> ElementTree.Element:
    path = context.repo_path(item.path)
    own = [finding for finding in report.findings if finding.path == item.path]
    rule_ids = _suite_rules(item.kind, {finding.rule for finding in own}, context)
    cases = [_testcase(path, rule_id, [f for f in own if f.rule == rule_id], context) for rule_id in rule_ids]
    failures = sum(1 for case in cases if len(case))
    suite = ElementTree.Element(
        "testsuite", {"name": path, "tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0"}
    )
    suite.extend(cases)
    return suite


def render_junit(report: Report, context: RenderContext) -> str:
    suites = [_suite(item, report, context) for item in _files(report, context)]
    root = ElementTree.Element(
        "testsuites",
        {
            "name": "dlint",
            "tests": str(sum(int(suite.get("tests", "0")) for suite in suites)),
            "failures": str(sum(int(suite.get("failures", "0")) for suite in suites)),
            "errors": "0",
        },
    )
    root.extend(suites)
    ElementTree.indent(root, space="  ")
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

"""The text format: one line per finding, then a summary line."""

from __future__ import annotations

from dlint.engine import Report
from dlint.findings import Severity

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_BOLD = "\033[1m"
_RESET = "\033[0m"


def summary_line(report: Report) -> str:
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    files = f"{report.files} file" + ("" if report.files == 1 else "s")
    if not report.findings:
        return f"no findings in {files}"
    parts = []
    parts.append(f"{errors} error" + ("" if errors == 1 else "s"))
    parts.append(f"{warnings} warning" + ("" if warnings == 1 else "s"))
    return f"{', '.join(parts)} in {files}"


def render_text(report: Report, colour: bool = False) -> str:
    lines = []
    for finding in report.findings:
        severity = finding.severity.value
        location = f"{finding.path}:{finding.line}:{finding.column}:"
        if colour:
            severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
            location = f"{_BOLD}{location}{_RESET}"
        lines.append(f"{location} {severity} {finding.rule} [{finding.name}] {finding.message}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"

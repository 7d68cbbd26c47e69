"""The GitHub format: one workflow command per finding, which GitHub Actions turns into
an annotation on the file and line, then the summary line as plain log text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint.findings import Finding, Severity
from dlint.formats import RenderContext
from dlint.formats.text import summary_line

if TYPE_CHECKING:
    from dlint.engine import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    """Escape the message part: the runner reads `%`, CR and LF specially."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value, where `:` and `,` also end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(finding: Finding, context: RenderContext) -> str:
    properties = ",".join(
        [
            f"file={escape_property(context.repo_path(finding.path))}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={escape_property(finding.rule)}",
        ]
    )
    message = f"{finding.message} [{finding.name}]"
    return f"::{_COMMANDS[finding.severity]} {properties}::{escape_data(message)}"


def render_github(report: Report, context: RenderContext) -> str:
    lines = [workflow_command(finding, context) for finding in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"

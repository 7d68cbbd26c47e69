"""Output formats: each module turns one Report into the text of one format.

Besides the Report, the CI formats need facts about the run that findings do not
carry: the rules of the registry, the files linted, each path relative to the
repository root, and a fingerprint per finding. `RenderContext` contains them, so every
format reads the same data and none of them touches the file system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from dlint.findings import Finding, Severity
from dlint.records import field, record

if TYPE_CHECKING:
    from dlint.engine import Report

FORMAT_NAMES = ("text", "json", "sarif", "github", "gitlab", "junit")
# Formats rendered from the Report alone, which ignore the RenderContext.
REPORT_ONLY_FORMATS = frozenset({"text", "json"})


@record(frozen=True)
class RuleInfo:
    """The description of a rule that a report carries, whether or not the rule fired."""

    id: str
    name: str
    severity: Severity
    summary: str
    description: str
    help_text: str
    applies_to: str  # "dockerfile", "compose", "project" or "file" (E001, E002)


@record(frozen=True)
class LintedFile:
    path: str
    kind: str  # "dockerfile" or "compose"


@record(frozen=True)
class RenderContext:
    rules: tuple[RuleInfo, ...] = ()
    selected: tuple[str, ...] = ()
    files: tuple[LintedFile, ...] = ()
    repo_paths: Mapping[str, str] = field(default_factory=dict)
    fingerprints: Mapping[Finding, str] = field(default_factory=dict)
    version: str = ""

    def repo_path(self, path: str) -> str:
        """The path relative to the repository root, with `/` separators."""
        return self.repo_paths.get(path, path.replace("\\", "/"))

    def fingerprint(self, finding: Finding) -> str:
        return self.fingerprints.get(finding, "")

    def ran_rules(self) -> tuple[RuleInfo, ...]:
        """The rules of this run in catalogue order; all of them when none are named."""
        if not self.selected:
            return self.rules
        return tuple(rule for rule in self.rules if rule.id in self.selected)

    def rule(self, rule_id: str) -> RuleInfo | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def render(format_name: str, report: Report, context: RenderContext, colour: bool = False) -> str:
    """Render `report` in the named format; `colour` only affects the text format."""
    if format_name == "text":
        from dlint.formats.text import render_text

        return render_text(report, colour=colour)
    if format_name == "json":
        from dlint.formats.json import render_json

        return render_json(report)
    if format_name == "sarif":
        from dlint.formats.sarif import render_sarif

        return render_sarif(report, context)
    if format_name == "github":
        from dlint.formats.github import render_github

        return render_github(report, context)
    if format_name == "gitlab":
        from dlint.formats.gitlab import render_gitlab

        return render_gitlab(report, context)
    if format_name == "junit":
        from dlint.formats.junit import render_junit

        return render_junit(report, context)
    raise ValueError(f"unknown format `{format_name}`")

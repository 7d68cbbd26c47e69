"""One `dlint check` run: files grouped by their configuration, each group linted and filtered.

Files under different configuration files are linted as separate projects, each with
its own policy, rules and severities, so a monorepo can hold services with different
policies. The reports are merged into one.
"""

from __future__ import annotations

import datetime
import os
from typing import Callable, Iterable

from dlint.config import Config, ConfigResolver
from dlint.debuglog import get_logger
from dlint.discovery import Discovered
from dlint.engine import Report, run_rules
from dlint.findings import Finding, Severity
from dlint.parallel import lint_in_chunks, start_pool, worth_splitting
from dlint.project import Project, load_project
from dlint.records import field, record
from dlint.rules import RULES
from dlint.rules.base import Rule
from dlint.sources import recorded_reads
from dlint.suppressions import (
    FileSuppressions,
    Settings,
    Suppression,
    apply_suppressions,
    display_sources,
    read_file_suppressions,
    source_for,
)

logger = get_logger(__name__)

FAIL_RANKS = {"error": Severity.ERROR.rank, "warning": Severity.WARNING.rank, "never": 99}


@record(frozen=True)
class RunOptions:
    """What the command line decides for a run; None leaves the choice to the configuration."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    fail_on: str | None = None
    inline_ignores: bool = True
    today: datetime.date = field(default_factory=datetime.date.today)
    # Applied to each group's findings after suppressions and before the fail level,
    # so a baseline decides the exit code too.
    keep: Callable[[tuple[Finding, ...]], tuple[Finding, ...]] | None = None
    # `-f` files: one Compose project, merged in this order.
    compose_files: tuple[Discovered, ...] = ()
    # Worker processes for large runs; None uses every CPU the process may run on, 1 none.
    jobs: int | None = None


@record(frozen=True)
class RunResult:
    report: Report
    failing: bool


def rule_keys() -> dict[str, str]:
    """Map every id and name a suppression comment may use to the rule id."""
    return {key: rule.id for rule in RULES for key in (rule.id, rule.name)}


def group_by_config(discovered: Iterable[Discovered], resolver: ConfigResolver) -> list[tuple[Config, list[Discovered]]]:
    """Pair each file with its configuration, dropping the files it excludes; raises ConfigError."""
    groups: dict[str | None, tuple[Config, list[Discovered]]] = {}
    for item in discovered:
        config = resolver.for_file(item.path)
        if config.excludes(item.path):
            logger.debug("excluded by %s: %s", config.source, item.display)
            continue
        groups.setdefault(config.source, (config, []))[1].append(item)
    return [groups[key] for key in sorted(groups, key=lambda source: source or "")]


def chosen_rules(config: Config, options: RunOptions) -> list[Rule]:
    """`--select` replaces the rules the configuration enables; `--ignore` removes rules."""
    if options.select is not None:
        candidates = [rule for rule in RULES if rule.id in options.select]
    else:
        candidates = config.enabled_rules(RULES)
    return [rule for rule in candidates if rule.id not in options.ignore]


def settings_of(config: Config, today: datetime.date) -> Settings:
    return Settings(config.require_reason, config.unsuppressible, today)


def _suppressed(
    findings: Iterable[Finding], project: Project, items: list[Discovered], rules: list[Rule], config: Config, today: datetime.date,
) -> list[Finding]:
    findings = list(findings)
    sources = display_sources(project, items)
    linted = [item.display for item in items]
    keys = rule_keys()
    settings = settings_of(config, today)
    files: dict[str, FileSuppressions] = {}
    for path in sorted(set(linted) | {finding.path for finding in findings}):
        source = source_for(path, sources)
        if source is not None:
            files[path] = read_file_suppressions(source[0], path, source[1], keys, settings)
    return apply_suppressions(findings, files, [rule.id for rule in rules], linted, today)


@record(frozen=True)
class GroupFindings:
    """What linting some files as one project found, before any baseline; `loaded` are the real
    paths of the Dockerfiles and Compose files the project was made of."""

    findings: tuple[Finding, ...]
    files: int
    loaded: frozenset[str] = frozenset()


def group_findings(
    config: Config, items: list[Discovered], options: RunOptions, compose_files: list[Discovered] | None = None,
) -> GroupFindings:
    """Load `items` as one project, run the rules and apply inline suppressions."""
    rules = chosen_rules(config, options)
    with recorded_reads() as loaded:
        project = load_project(items, config.policy, compose_files=compose_files)
    if compose_files:
        read = {os.path.realpath(item.path) for item in items}
        project.files_checked += sum(1 for item in compose_files if os.path.realpath(item.path) not in read)
        items = items + [item for item in compose_files if os.path.realpath(item.path) not in read]
    project.rule_options = {rule_id: dict(values) for rule_id, values in config.rule_options.items()}
    report = run_rules(project, rules, dict(config.severities))
    findings: Iterable[Finding] = report.findings
    if options.inline_ignores:
        findings = _suppressed(findings, project, items, rules, config, options.today)
    return GroupFindings(tuple(findings), report.files, frozenset(loaded))


def _finish(found: GroupFindings, config: Config, options: RunOptions) -> tuple[Report, bool]:
    """Apply the baseline and the fail level to one configuration group's findings."""
    threshold = FAIL_RANKS[options.fail_on or config.fail_on]
    findings = found.findings
    if options.keep is not None:
        findings = options.keep(findings)
    failing = any(finding.severity.rank >= threshold for finding in findings)
    return Report(findings, found.files), failing


def lint_group(
    config: Config, items: list[Discovered], options: RunOptions, compose_files: list[Discovered] | None = None,
) -> tuple[Report, bool]:
    logger.debug("configuration: %s (%d files)", config.source or "built-in defaults", len(items))
    return _finish(group_findings(config, items, options, compose_files), config, options)


def lint_files(discovered: list[Discovered], resolver: ConfigResolver, options: RunOptions) -> RunResult:
    """Lint the discovered files, each under its own configuration; raises ConfigError.

    A large group is linted in chunks by worker processes (see `dlint.parallel`), with
    the same findings, in the same order, as one project in this process.
    """
    groups = group_by_config(discovered, resolver)
    explicit_source = _explicit_group(groups, resolver, options)
    findings: set[Finding] = set()
    files = 0
    failing = False
    pool = None
    try:
        for config, items in groups:
            compose_files = list(options.compose_files) if config.source == explicit_source else None
            if not compose_files and worth_splitting(items, options.jobs):
                logger.debug("configuration: %s (%d files, in chunks)", config.source or "built-in defaults", len(items))
                pool = pool or start_pool(options.jobs)
                report, group_failing = _finish(lint_in_chunks(pool, config, items, options), config, options)
            else:
                report, group_failing = lint_group(config, items, options, compose_files)
            findings.update(report.findings)
            files += report.files
            failing = failing or group_failing
    finally:
        if pool is not None:
            pool.shutdown()
    return RunResult(Report(tuple(sorted(findings, key=Finding.sort_key)), files), failing)


def _explicit_group(groups: list[tuple[Config, list[Discovered]]], resolver: ConfigResolver, options: RunOptions) -> str | None:
    """Return the configuration source of the `-f` project (its first file's), adding its group when missing."""
    if not options.compose_files:
        return None
    config = resolver.for_file(options.compose_files[0].path)
    if all(existing.source != config.source for existing, _ in groups):
        groups.append((config, []))
    return config.source


def active_suppressions(
    discovered: list[Discovered], resolver: ConfigResolver, today: datetime.date,
) -> list[Suppression]:
    """Return every active suppression in the discovered files, for an audit; raises ConfigError."""
    keys = rule_keys()
    found: list[Suppression] = []
    for config, items in group_by_config(discovered, resolver):
        settings = settings_of(config, today)
        for item in items:
            entries = read_file_suppressions(item.path, item.display, item.kind, keys, settings)
            found.extend(entry for entry in entries.suppressions if not entry.expired(today))
    return sorted(found, key=lambda entry: (entry.path, entry.line))


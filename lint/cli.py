"""The `dlint` command: parse options, call the engine, print, and exit with the right code."""

from __future__ import annotations

import datetime
import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence

import click

from dlint import __version__
from dlint.debuglog import get_logger

if TYPE_CHECKING:
    from dlint.config import ConfigError, ConfigResolver
    from dlint.discovery import Discovered
    from dlint.engine import Report
    from dlint.baseline import BaselineFilter
    from dlint.reporting import OutputSpec
    from dlint.runner import RunOptions

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

logger = get_logger(__name__)


class UsageFailure(click.UsageError):
    """A problem with the command line, reported as one line with exit code 2."""


def _split_ids(values: Sequence[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _resolve_rule_keys(keys: list[str], option: str) -> set[str]:
    from dlint.rules import FILE_ERRORS, find_rule

    ids = set()
    for key in keys:
        if key.upper() in FILE_ERRORS:
            ids.add(key.upper())
            continue
        rule = find_rule(key)
        if rule is None:
            raise UsageFailure(f"unknown rule `{key}` in {option}; run `dlint rules` to list the rules")
        ids.add(rule.id)
    return ids


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="dlint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint Dockerfiles and Compose files against the container policy."""


def _config_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the options that choose a configuration, shared by `check` and `suppressions`."""
    command = click.option("--no-config", is_flag=True, help="Ignore configuration files; use the built-in defaults.")(command)
    command = click.option(
        "--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
        help="Use this configuration file for every file (.dlint.yaml format, or a pyproject.toml).",
    )(command)
    return command


def _resolver(config_file: str | None, no_config: bool) -> ConfigResolver:
    from dlint.config import ConfigResolver
    from dlint.rules import RULES

    if config_file is not None and no_config:
        raise UsageFailure("--config and --no-config cannot be used together")
    return ConfigResolver(RULES, explicit=config_file, use_files=not no_config)


def _discover(paths: tuple[str, ...]) -> list[Discovered]:
    from dlint.discovery import PathNotFound, discover

    try:
        return discover(list(paths) or ["."])
    except PathNotFound as missing:
        raise UsageFailure(f"path `{missing.path}` does not exist") from None


def _compose_project(files: tuple[str, ...]) -> list[Discovered]:
    from dlint.discovery import PathNotFound, compose_project_files

    try:
        return compose_project_files(list(files))
    except PathNotFound as missing:
        raise UsageFailure(f"path `{missing.path}` does not exist") from None


def _report_config_error(error: ConfigError) -> None:
    for item in error.problems:
        click.echo(f"dlint: {item}", err=True)
    sys.exit(EXIT_ERROR)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", "select", multiple=True, metavar="IDS", help="Run only these rules (ids or names, comma-separated).")
@click.option("--ignore", "ignore", multiple=True, metavar="IDS", help="Skip these rules (ids or names, comma-separated).")
@click.option(
    "--format", "output_formats", multiple=True, metavar="FMT[=FILE]",
    help="Output format: text, json, sarif, github, gitlab or junit. FMT=FILE writes that format to FILE; "
    "repeat to write several. Default: text, or github when GITHUB_ACTIONS=true.",
)
@click.option("--output", "output_file", type=click.Path(dir_okay=False), metavar="FILE", help="Write the standard output format to FILE instead.")
@click.option("--changed-since", metavar="REF", help="Lint only files changed since the git REF, and the files they pair with.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE", help="Report only findings not in this baseline (see `dlint baseline write`).")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), hidden=True)
@click.option(
    "--fail-on", type=click.Choice(["error", "warning", "never"]), default=None,
    help="Lowest severity that makes the exit code 1 (default: the configuration's, else error).",
)
@_config_options
@click.option("--no-inline-ignores", is_flag=True, help="Disregard every `# dlint ignore` comment for this run.")
@click.option(
    "-f", "--compose-file", "compose_files", multiple=True, type=click.Path(), metavar="FILE",
    help="A Compose file of one project, merged in the order given (repeatable); no override file is added.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what dlint reads, and the configuration used, to standard error.")
def check(
    paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], output_formats: tuple[str, ...],
    fail_on: str | None, config_file: str | None, no_config: bool, no_inline_ignores: bool, verbose: bool,
    output_file: str | None = None, changed_since: str | None = None, baseline_file: str | None = None,
    write_baseline_file: str | None = None, compose_files: tuple[str, ...] = (),
) -> None:
    """Check Dockerfiles and Compose files under PATHS (default: the current folder, unless -f is given)."""
    from dlint.config import ConfigError
    from dlint.runner import RunOptions, lint_files

    if verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="dlint: %(message)s", stream=sys.stderr)
    selected = _resolve_rule_keys(_split_ids(select), "--select") if select else None
    ignored = _resolve_rule_keys(_split_ids(ignore), "--ignore")
    resolver = _resolver(config_file, no_config)
    outputs = _output_specs(output_formats, output_file)
    baseline_filter = _baseline_filter(baseline_file)
    explicit = _compose_project(compose_files)
    if changed_since:
        discovered = _discover_changed(paths, changed_since)
    else:
        discovered = _discover(paths) if paths or not explicit else []
    logger.debug("checking %d files", len(discovered) + len(explicit))
    options = RunOptions(
        select=frozenset(selected) if selected is not None else None, ignore=frozenset(ignored),
        fail_on=fail_on, inline_ignores=not no_inline_ignores, keep=baseline_filter,
        compose_files=tuple(explicit),
    )
    try:
        result = lint_files(discovered, resolver, options)
        ran = _rules_run(discovered, resolver, options)
    except ConfigError as error:
        _report_config_error(error)
        return
    if write_baseline_file:
        _write_baseline(result.report, write_baseline_file)
        sys.exit(EXIT_CLEAN)
    if baseline_filter is not None and baseline_filter.hidden:
        hidden = baseline_filter.hidden
        click.echo(f"dlint: {hidden} finding{'' if hidden == 1 else 's'} in baseline `{baseline_file}` not shown", err=True)
    _emit(result.report, discovered, ran, outputs)
    sys.exit(EXIT_FINDINGS if result.failing else EXIT_CLEAN)


def _output_specs(output_formats: tuple[str, ...], output_file: str | None) -> list[OutputSpec]:
    from dlint.reporting import OutputError, parse_outputs

    try:
        return parse_outputs(output_formats, output_file, os.environ)
    except OutputError as error:
        raise UsageFailure(str(error)) from None


def _discover_changed(paths: tuple[str, ...], changed_since: str) -> list[Discovered]:
    from dlint.changed import discover_changed
    from dlint.discovery import PathNotFound
    from dlint.policy import DEFAULT_POLICY
    from dlint.vcs import GitError

    try:
        return discover_changed(list(paths) or ["."], changed_since, DEFAULT_POLICY)
    except PathNotFound as missing:
        raise UsageFailure(f"path `{missing.path}` does not exist") from None
    except GitError as error:
        raise UsageFailure(f"--changed-since: {error}") from None


def _baseline_filter(baseline_file: str | None) -> BaselineFilter | None:
    if not baseline_file:
        return None
    from dlint.baseline import BaselineError, BaselineFilter, read_baseline

    try:
        return BaselineFilter(read_baseline(baseline_file), baseline_file)
    except BaselineError as error:
        raise UsageFailure(str(error)) from None


def _rules_run(discovered: list[Discovered], resolver: ConfigResolver, options: RunOptions) -> list[str]:
    """Return the ids of the rules any configuration group ran, in registry order."""
    from dlint.rules import RULES
    from dlint.runner import chosen_rules, group_by_config

    ran = {rule.id for config, _items in group_by_config(discovered, resolver) for rule in chosen_rules(config, options)}
    return [rule.id for rule in RULES if rule.id in ran]


def _emit(report: Report, discovered: list[Discovered], ran: list[str], outputs: list[OutputSpec]) -> None:
    """Write every file output and print the standard output one."""
    from dlint.formats import RenderContext
    from dlint.reporting import OutputError, build_context, context_needed, write_outputs

    context = build_context(report, discovered, ran) if context_needed(outputs) else RenderContext()
    try:
        printed = write_outputs(outputs, report, context, colour=_use_colour())
    except OutputError as error:
        raise UsageFailure(str(error)) from None
    click.echo(printed, nl=False)


def _write_baseline(report: Report, baseline_file: str) -> None:
    from dlint.baseline import write_baseline
    from dlint.fingerprint import finding_hashes

    try:
        write_baseline(report, finding_hashes(report.findings), baseline_file)
    except OSError as error:
        raise UsageFailure(f"cannot write `{baseline_file}`: {error.strerror or error}") from None
    count = len(report.findings)
    click.echo(f"dlint: wrote {count} finding{'' if count == 1 else 's'} to `{baseline_file}`", err=True)


@cli.group()
def baseline() -> None:
    """Record today's findings so that `check --baseline` reports only new ones."""


@baseline.command("write")
@click.argument("baseline_path", metavar="FILE", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", "select", multiple=True, metavar="IDS", help="Record only these rules (ids or names, comma-separated).")
@click.option("--ignore", "ignore", multiple=True, metavar="IDS", help="Skip these rules (ids or names, comma-separated).")
@_config_options
@click.pass_context
def baseline_write(
    ctx: click.Context, baseline_path: str, paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
    config_file: str | None, no_config: bool,
) -> None:
    """Write the findings under PATHS (default: the current folder) to the baseline FILE."""
    ctx.invoke(
        check, paths=paths, select=select, ignore=ignore, config_file=config_file, no_config=no_config,
        write_baseline_file=baseline_path,
    )


@cli.command()
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format on standard output.",
)
def rules(output_format: str) -> None:
    """List every rule with its id, name, severity and what it checks."""
    from dlint.explain import other_findings, render_rules_json
    from dlint.rules import RULES

    if output_format == "json":
        click.echo(render_rules_json(RULES), nl=False)
        return
    entries = [(rule.id, rule.name, rule.severity.value, rule.summary) for rule in RULES]
    entries += [(item["id"], item["name"], item["severity"], item["summary"]) for item in other_findings()]
    width = max(len(name) for _id, name, _severity, _summary in entries)
    for rule_id, name, severity, summary in entries:
        click.echo(f"{rule_id}  {name:<{width}}  {severity:<7}  {summary}")


@cli.command()
@click.argument("rule_key", metavar="ID|NAME")
def explain(rule_key: str) -> None:
    """Print what a rule checks, why, a non-compliant and a compliant example, and its options."""
    from dlint.explain import render_explain
    from dlint.rules import find_rule

    rule = find_rule(rule_key)
    if rule is None:
        raise UsageFailure(f"unknown rule `{rule_key}`; run `dlint rules` to list the rules")
    click.echo(render_explain(rule), nl=False)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format on standard output.",
)
@_config_options
def suppressions(paths: tuple[str, ...], output_format: str, config_file: str | None, no_config: bool) -> None:
    """List every active `# dlint ignore` comment under PATHS, for audits."""
    from dlint.config import ConfigError
    from dlint.formats.suppressions import render_suppressions_json, render_suppressions_text
    from dlint.runner import active_suppressions

    resolver = _resolver(config_file, no_config)
    discovered = _discover(paths)
    try:
        found = active_suppressions(discovered, resolver, datetime.date.today())
    except ConfigError as error:
        _report_config_error(error)
        return
    render = render_suppressions_json if output_format == "json" else render_suppressions_text
    click.echo(render(found), nl=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; any unexpected error becomes one line and exit code 2."""
    verbose = "-v" in (argv or sys.argv[1:]) or "--verbose" in (argv or sys.argv[1:])
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="dlint", standalone_mode=False)
    except click.UsageError as error:
        click.echo(f"dlint: {error.format_message()}", err=True)
        return EXIT_ERROR
    except click.ClickException as error:
        click.echo(f"dlint: {error.format_message()}", err=True)
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("dlint: aborted", err=True)
        return EXIT_ERROR
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the one top-level handler
        if verbose:
            import traceback

            traceback.print_exc()
        click.echo(f"dlint: internal error: {type(error).__name__}: {error}; rerun with --verbose for the traceback and report it", err=True)
        return EXIT_ERROR
    return EXIT_CLEAN


def entry_point() -> None:
    sys.exit(main())

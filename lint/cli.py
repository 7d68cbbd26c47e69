"""The `dlint` command: parse options, call the engine, print, and exit with the right code."""

from __future__ import annotations

import logging
import os
import sys
from typing import Sequence

import click

from dlint import __version__

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

logger = logging.getLogger(__name__)


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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", "select", multiple=True, metavar="IDS", help="Run only these rules (ids or names, comma-separated).")
@click.option("--ignore", "ignore", multiple=True, metavar="IDS", help="Skip these rules (ids or names, comma-separated).")
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Output format on standard output.",
)
@click.option(
    "--fail-on", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what dlint reads to standard error.")
def check(paths: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...], output_format: str, fail_on: str, verbose: bool) -> None:
    """Check Dockerfiles and Compose files under PATHS (default: the current folder)."""
    from dlint.discovery import PathNotFound, discover
    from dlint.engine import run_rules
    from dlint.findings import Severity
    from dlint.policy import DEFAULT_POLICY
    from dlint.project import load_project
    from dlint.rules import RULES

    if verbose:
        logging.basicConfig(level=logging.DEBUG, format="dlint: %(message)s", stream=sys.stderr)
    selected = _resolve_rule_keys(_split_ids(select), "--select") if select else None
    ignored = _resolve_rule_keys(_split_ids(ignore), "--ignore")
    rules = [rule for rule in RULES if (selected is None or rule.id in selected) and rule.id not in ignored]
    try:
        discovered = discover(list(paths) or ["."])
    except PathNotFound as missing:
        raise UsageFailure(f"path `{missing.path}` does not exist") from None
    logger.debug("checking %d files", len(discovered))
    project = load_project(discovered, DEFAULT_POLICY)
    report = run_rules(project, rules)
    if output_format == "json":
        from dlint.formats.json import render_json

        click.echo(render_json(report), nl=False)
    else:
        from dlint.formats.text import render_text

        click.echo(render_text(report, colour=_use_colour()), nl=False)
    threshold = {"error": Severity.ERROR.rank, "warning": Severity.WARNING.rank, "never": 99}[fail_on]
    failing = any(finding.severity.rank >= threshold for finding in report.findings)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@cli.command()
def rules() -> None:
    """List every rule with its id, name, severity and what it checks."""
    from dlint.rules import RULES

    width = max(len(rule.name) for rule in RULES)
    for rule in RULES:
        click.echo(f"{rule.id}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}")


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

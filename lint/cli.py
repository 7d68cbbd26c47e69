"""The `dlint` command: parse options, call the engine, print, and exit with the right code."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import TYPE_CHECKING, Callable, NoReturn, Sequence

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
# Above this many files, a run collects cyclic garbage again, so that memory stays bounded.
_MANY_FILES = 200


class UsageFailure(Exception):
    """A problem with the command line, reported as one line with exit code 2."""


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


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


def _resolver(config_file: str | None, no_config: bool) -> ConfigResolver:
    from dlint.config import ConfigResolver
    from dlint.rules import RULES

    if config_file is not None and no_config:
        raise UsageFailure("--config and --no-config cannot be used together")
    return ConfigResolver(RULES, explicit=config_file, use_files=not no_config)


def _discover(paths: Sequence[str]) -> list[Discovered]:
    from dlint.discovery import PathNotFound, discover

    try:
        return discover(list(paths) or ["."])
    except PathNotFound as missing:
        raise UsageFailure(f"path `{missing.path}` does not exist") from None


def _compose_project(files: Sequence[str]) -> list[Discovered]:
    from dlint.discovery import PathNotFound, compose_project_files

    try:
        return compose_project_files(list(files))
    except PathNotFound as missing:
        raise UsageFailure(f"path `{missing.path}` does not exist") from None


def _report_config_error(error: ConfigError) -> None:
    for item in error.problems:
        _err(f"dlint: {item}")
    sys.exit(EXIT_ERROR)


def check(
    paths: Sequence[str], select: Sequence[str], ignore: Sequence[str], output_formats: Sequence[str],
    fail_on: str | None, config_file: str | None, no_config: bool, no_inline_ignores: bool, verbose: bool,
    output_file: str | None = None, changed_since: str | None = None, baseline_file: str | None = None,
    write_baseline_file: str | None = None, compose_files: Sequence[str] = (),
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
    if len(discovered) + len(explicit) > _MANY_FILES and not gc.isenabled():
        gc.freeze()
        gc.enable()
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
        _err(f"dlint: {hidden} finding{'' if hidden == 1 else 's'} in baseline `{baseline_file}` not shown")
    _emit(result.report, discovered, ran, outputs)
    sys.exit(EXIT_FINDINGS if result.failing else EXIT_CLEAN)


def _output_specs(output_formats: Sequence[str], output_file: str | None) -> list[OutputSpec]:
    from dlint.reporting import OutputError, parse_outputs

    try:
        return parse_outputs(output_formats, output_file, os.environ)
    except OutputError as error:
        raise UsageFailure(str(error)) from None


def _discover_changed(paths: Sequence[str], changed_since: str) -> list[Discovered]:
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
    _out(printed)


def _write_baseline(report: Report, baseline_file: str) -> None:
    from dlint.baseline import write_baseline
    from dlint.fingerprint import finding_hashes

    try:
        write_baseline(report, finding_hashes(report.findings), baseline_file)
    except OSError as error:
        raise UsageFailure(f"cannot write `{baseline_file}`: {error.strerror or error}") from None
    count = len(report.findings)
    _err(f"dlint: wrote {count} finding{'' if count == 1 else 's'} to `{baseline_file}`")


def baseline_write(
    baseline_path: str, paths: Sequence[str], select: Sequence[str], ignore: Sequence[str],
    config_file: str | None, no_config: bool,
) -> None:
    """Write the findings under PATHS (default: the current folder) to the baseline FILE."""
    check(
        paths=paths, select=select, ignore=ignore, output_formats=(), fail_on=None, config_file=config_file,
        no_config=no_config, no_inline_ignores=False, verbose=False, write_baseline_file=baseline_path,
    )


def rules(output_format: str) -> None:
    """List every rule with its id, name, severity and what it checks."""
    from dlint.explain import other_findings, render_rules_json
    from dlint.rules import RULES

    if output_format == "json":
        _out(render_rules_json(RULES))
        return
    entries = [(rule.id, rule.name, rule.severity.value, rule.summary) for rule in RULES]
    entries += [(item["id"], item["name"], item["severity"], item["summary"]) for item in other_findings()]
    width = max(len(name) for _id, name, _severity, _summary in entries)
    lines = []
    for rule_id, name, severity, summary in entries:
        lines.append(f"{rule_id}  {name:<{width}}  {severity:<7}  {summary}\n")
    _out("".join(lines))


def explain(rule_key: str) -> None:
    """Print what a rule checks, why, a non-compliant and a compliant example, and its options."""
    from dlint.explain import render_explain
    from dlint.rules import find_rule

    rule = find_rule(rule_key)
    if rule is None:
        raise UsageFailure(f"unknown rule `{rule_key}`; run `dlint rules` to list the rules")
    _out(render_explain(rule))


def suppressions(paths: Sequence[str], output_format: str, config_file: str | None, no_config: bool) -> None:
    """List every active `# dlint ignore` comment under PATHS, for audits."""
    from dlint.config import ConfigError
    from dlint.formats.suppressions import render_suppressions_json, render_suppressions_text
    from dlint.runner import active_suppressions

    resolver = _resolver(config_file, no_config)
    discovered = _discover(paths)
    try:
        import datetime

        found = active_suppressions(discovered, resolver, datetime.date.today())
    except ConfigError as error:
        _report_config_error(error)
        return
    render = render_suppressions_json if output_format == "json" else render_suppressions_text
    _out(render(found))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes become one `dlint: ...` line instead of usage text."""

    def error(self, message: str) -> NoReturn:
        raise UsageFailure(message)


_DESCRIPTION = "Lint Dockerfiles and Compose files against the container policy."
_CHECK_HELP = "Check Dockerfiles and Compose files under PATHS (default: the current folder, unless -f is given)."
_BASELINE_HELP = "Record today's findings so that `check --baseline` reports only new ones."
_BASELINE_WRITE_HELP = "Write the findings under PATHS (default: the current folder) to the baseline FILE."
_RULES_HELP = "List every rule with its id, name, severity and what it checks."
_EXPLAIN_HELP = "Print what a rule checks, why, a non-compliant and a compliant example, and its options."
_SUPPRESSIONS_HELP = "List every active `# dlint ignore` comment under PATHS, for audits."


def _terminal_width() -> int:
    """The width `shutil.get_terminal_size` would give, without importing `shutil` and its compression modules."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    # argparse builds a formatter for every option it adds; given a width, it does not import `shutil`.
    return argparse.HelpFormatter(prog, width=_terminal_width() - 2)


def _parser(prog: str, description: str) -> _Parser:
    return _Parser(prog=prog, description=description, allow_abbrev=False, formatter_class=_help_formatter)


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    """Add the options that choose a configuration, shared by `check`, `suppressions` and `baseline write`."""
    parser.add_argument(
        "--config", dest="config_file", metavar="FILE",
        help="Use this configuration file for every file (.dlint.yaml format, or a pyproject.toml).",
    )
    parser.add_argument("--no-config", action="store_true", help="Ignore configuration files; use the built-in defaults.")


def _add_rule_options(parser: argparse.ArgumentParser, select_help: str) -> None:
    parser.add_argument("--select", action="append", default=[], metavar="IDS", help=select_help)
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="IDS", help="Skip these rules (ids or names, comma-separated).",
    )


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", dest="output_format", choices=["text", "json"], default="text",
        help="Output format on standard output. (default: text)",
    )


def _check_parser() -> _Parser:
    parser = _parser("dlint check", _CHECK_HELP)
    parser.add_argument("paths", nargs="*", metavar="PATHS")
    _add_rule_options(parser, "Run only these rules (ids or names, comma-separated).")
    parser.add_argument(
        "--format", dest="output_formats", action="append", default=[], metavar="FMT[=FILE]",
        help="Output format: text, json, sarif, github, gitlab or junit. FMT=FILE writes that format to FILE; "
        "repeat to write several. Default: text, or github when GITHUB_ACTIONS=true.",
    )
    parser.add_argument("--output", dest="output_file", metavar="FILE", help="Write the standard output format to FILE instead.")
    parser.add_argument("--changed-since", metavar="REF", help="Lint only files changed since the git REF, and the files they pair with.")
    parser.add_argument(
        "--baseline", dest="baseline_file", metavar="FILE",
        help="Report only findings not in this baseline (see `dlint baseline write`).",
    )
    parser.add_argument("--write-baseline", dest="write_baseline_file", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "never"], default=None,
        help="Lowest severity that makes the exit code 1 (default: the configuration's, else error).",
    )
    _add_config_options(parser)
    parser.add_argument("--no-inline-ignores", action="store_true", help="Disregard every `# dlint ignore` comment for this run.")
    parser.add_argument(
        "-f", "--compose-file", dest="compose_files", action="append", default=[], metavar="FILE",
        help="A Compose file of one project, merged in the order given (repeatable); no override file is added.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Log what dlint reads, and the configuration used, to standard error.")
    return parser


def _baseline_write_parser() -> _Parser:
    parser = _parser("dlint baseline write", _BASELINE_WRITE_HELP)
    parser.add_argument("baseline_path", metavar="FILE")
    parser.add_argument("paths", nargs="*", metavar="PATHS")
    _add_rule_options(parser, "Record only these rules (ids or names, comma-separated).")
    _add_config_options(parser)
    return parser


def _rules_parser() -> _Parser:
    parser = _parser("dlint rules", _RULES_HELP)
    _format_option(parser)
    return parser


def _explain_parser() -> _Parser:
    parser = _parser("dlint explain", _EXPLAIN_HELP)
    parser.add_argument("rule_key", metavar="ID|NAME")
    return parser


def _suppressions_parser() -> _Parser:
    parser = _parser("dlint suppressions", _SUPPRESSIONS_HELP)
    parser.add_argument("paths", nargs="*", metavar="PATHS")
    _format_option(parser)
    _add_config_options(parser)
    return parser


_COMMANDS: dict[str, tuple[str, Callable[[], _Parser], Callable[..., None]]] = {
    "baseline": (_BASELINE_HELP, _rules_parser, rules),  # a group: `_SUBCOMMANDS` contains its commands
    "check": (_CHECK_HELP, _check_parser, check),
    "explain": (_EXPLAIN_HELP, _explain_parser, explain),
    "rules": (_RULES_HELP, _rules_parser, rules),
    "suppressions": (_SUPPRESSIONS_HELP, _suppressions_parser, suppressions),
}
_SUBCOMMANDS: dict[str, dict[str, tuple[str, Callable[[], _Parser], Callable[..., None]]]] = {
    "baseline": {"write": (_BASELINE_WRITE_HELP, _baseline_write_parser, baseline_write)},
}

# Options that take a file name. An existing folder given there is a usage error.
_FILE_OPTIONS = {
    "config_file": "--config", "output_file": "--output", "baseline_file": "--baseline",
    "write_baseline_file": "--write-baseline", "baseline_path": "FILE",
}


def _group_help(prog: str, description: str, commands: dict[str, tuple[str, Callable[[], _Parser], Callable[..., None]]]) -> str:
    """Describe a command group: its usage, what it does, its options and its commands."""
    options = ["  -h, --help  show this help message and exit"]
    if prog == "dlint":
        options.insert(0, "  --version   show the version and exit")
    width = max(len(name) for name in commands)
    listed = [f"  {name:<{width}}  {summary}" for name, (summary, _parser_factory, _run) in commands.items()]
    return "\n".join([
        f"usage: {prog} [-h] COMMAND ...", "", description, "", "options:", *options, "", "commands:", *listed, "",
    ])


def _dispatch(argv: list[str]) -> None:
    """Find the command named in `argv`, parse its options, and run it."""
    prog, description, commands = "dlint", _DESCRIPTION, _COMMANDS
    while True:
        if not argv:
            sys.stderr.write(_group_help(prog, description, commands))
            sys.exit(EXIT_ERROR)
        if argv[0] in ("-h", "--help"):
            _out(_group_help(prog, description, commands))
            sys.exit(EXIT_CLEAN)
        if prog == "dlint" and argv[0] == "--version":
            _out(f"dlint {__version__}\n")
            sys.exit(EXIT_CLEAN)
        name, argv = argv[0], argv[1:]
        if name.startswith("-"):
            raise UsageFailure(f"unknown option `{name}`; run `{prog} --help` for the options")
        if name not in commands:
            raise UsageFailure(f"unknown command `{name}`; run `{prog} --help` to list the commands")
        summary, make_parser, run = commands[name]
        if name not in _SUBCOMMANDS or prog != "dlint":
            break
        prog, description, commands = f"{prog} {name}", summary, _SUBCOMMANDS[name]
    values = vars(make_parser().parse_intermixed_args(argv))
    for key, option in _FILE_OPTIONS.items():
        if values.get(key) and os.path.isdir(values[key]):
            raise UsageFailure(f"{option}: `{values[key]}` is a folder; expected a file")
    run(**values)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; any unexpected error becomes one line and exit code 2."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        _dispatch(args)
    except UsageFailure as error:
        _err(f"dlint: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("dlint: aborted")
        return EXIT_ERROR
    except SystemExit as exit_request:
        return int(exit_request.code or 0)
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as error:  # noqa: BLE001 - the one top-level handler
        if "-v" in args or "--verbose" in args:
            import traceback

            traceback.print_exc()
        _err(f"dlint: internal error: {type(error).__name__}: {error}; rerun with --verbose for the traceback and report it")
        return EXIT_ERROR
    return EXIT_CLEAN


def entry_point() -> None:
    """Run `dlint` as a program: one short-lived process per command line."""
    # The cyclic garbage collector would only walk the thousands of objects the imports
    # create, none of which is garbage. A run over many files turns it back on (see `check`).
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = EXIT_ERROR
    # Tearing the interpreter down frees every module one by one, and nothing needs it once
    # the output is flushed. Worker processes are the exception, because their clean-up runs at exit.
    if "multiprocessing" not in sys.modules:
        os._exit(code)
    sys.exit(code)

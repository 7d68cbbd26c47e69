"""DF010 slim-apt-install: apt installs skip recommended packages and leave no package lists behind."""

from __future__ import annotations

import re
import shlex
from typing import Iterator

from dlint.dockerfile.model import Heredoc, Instruction
from dlint.dockerfile.words import heredoc_word, shell_words_raw
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit
from dlint.records import record
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import AptInstall, SimpleCommand, apt_get_installs, parse_shell, program_name

APT_LISTS = "/var/lib/apt/lists"
# Cache or tmpfs mounts on these folders keep the package lists out of the layer.
_MOUNT_TARGETS = frozenset({APT_LISTS, "/var/cache/apt"})
_MOUNT_TYPES = frozenset({"cache", "tmpfs"})
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})
# `apt-get` or `apt` as a command word, optionally with a path, followed by blanks.
_APT_WORD = re.compile(r"(?:(?<=^)|(?<=[\s;&|(`'\"]))(?:/[^\s;&|]*/)?(apt-get|apt)(?=[ \t])")
_COMMAND_END = re.compile(r"[;&|\n)]")


@record(frozen=True)
class Script:
    """Shell text of a RUN, and where its first character is in the Dockerfile (None: not known)."""

    text: str
    line: int | None
    column: int | None


@record(frozen=True)
class Place:
    line: int
    column: int


def _mount_keeps_lists_out(instruction: Instruction) -> bool:
    for flag in instruction.flags:
        if flag.name != "mount" or flag.value is None:
            continue
        options = dict(part.partition("=")[::2] for part in flag.value.split(","))
        target = options.get("target") or options.get("dst") or options.get("destination") or ""
        if options.get("type") in _MOUNT_TYPES and target.rstrip("/") in _MOUNT_TARGETS:
            return True
    return False


def _body_is_script(header: str) -> bool:
    """Tell whether a heredoc body is the script: the RUN line is only markers, or runs a shell on it."""
    words = [word for word in shell_words_raw(header) if heredoc_word(word) is None]
    return not words or program_name(words[0]) in _SHELLS


def _scripts(instruction: Instruction) -> list[Script]:
    if instruction.json_form:
        return [Script(shlex.join(instruction.values), None, None)]
    word = instruction.rest
    if word is None:
        return []
    # NOTE: a continued RUN line is joined before it reaches the rule, and the instruction keeps
    # no map from joined offsets back to lines, so findings there point at the RUN itself.
    single_line = instruction.end_line == instruction.line or (
        instruction.heredocs and instruction.heredocs[0].start_line == instruction.line + 1
    )
    scripts = [Script(word.text, word.line if single_line else None, word.column if single_line else None)]
    if instruction.heredocs and _body_is_script(word.text):
        scripts.extend(_heredoc_script(heredoc) for heredoc in instruction.heredocs)
    return scripts


def _heredoc_script(heredoc: Heredoc) -> Script:
    return Script(heredoc.body, heredoc.start_line, 1)


def _install_places(script: Script) -> list[Place | None]:
    """Locate each `apt-get install` of the script, in the order the shell reader finds them."""
    places: list[Place | None] = []
    for match in _APT_WORD.finditer(script.text):
        end = _COMMAND_END.search(script.text, match.end())
        rest = script.text[match.end(): end.start() if end else len(script.text)]
        if "install" not in rest.split():
            continue
        if script.line is None or script.column is None:
            places.append(None)
            continue
        before = script.text[: match.start()]
        line = script.line + before.count("\n")
        column = match.start() - before.rfind("\n") if "\n" in before else script.column + match.start()
        places.append(Place(line, column))
    return places


def _removes_lists(commands: list[SimpleCommand]) -> bool:
    for command in commands:
        if command.program == "rm" and any(arg.startswith(APT_LISTS) for arg in command.argv[1:]):
            return True
    return False


@record(frozen=True)
class _Found:
    install: AptInstall
    place: Place


def _installs(instruction: Instruction, scripts: list[Script]) -> tuple[list[_Found], list[SimpleCommand]]:
    fallback = Place(instruction.line, instruction.column)
    found: list[_Found] = []
    commands: list[SimpleCommand] = []
    for script in scripts:
        script_commands = list(parse_shell(script.text).commands)
        commands.extend(script_commands)
        installs = apt_get_installs(script_commands)
        places = _install_places(script)
        if len(places) != len(installs):
            places = [None] * len(installs)
        found.extend(_Found(install, place or fallback) for install, place in zip(installs, places))
    return found, commands


def _check_run(unit: DockerfileUnit, instruction: Instruction) -> Iterator[Hit]:
    found, commands = _installs(instruction, _scripts(instruction))
    for item in found:
        if not item.install.no_install_recommends:
            program = item.install.command.program
            yield Hit(
                unit.display, item.place.line, item.place.column,
                f"`{program} install` of `{' '.join(item.install.packages) or '?'}` pulls in recommended packages; "
                "expected `--no-install-recommends`",
            )
    if found and not _removes_lists(commands) and not _mount_keeps_lists_out(instruction):
        # The removal is missing from the RUN as a whole, so the finding points at the RUN.
        first = found[0]
        yield Hit(
            unit.display, instruction.line, instruction.column,
            f"the RUN with `{first.install.command.program} install` keeps `{APT_LISTS}` in the layer; expected "
            f"`rm -rf {APT_LISTS}/*` in the same RUN or `--mount=type=cache,target={APT_LISTS}`",
        )


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    for stage in unit.dockerfile.stages:
        for instruction in stage.instructions:
            if instruction.command == "RUN":
                yield from _check_run(unit, instruction)


RULE = Rule(
    id="DF010",
    name="slim-apt-install",
    severity=Severity.WARNING,
    scope=Scope.DOCKERFILE,
    summary="apt-get install uses --no-install-recommends and the same RUN removes /var/lib/apt/lists",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every `apt-get install` and `apt install` in a `RUN` of any stage, also inside `sh -c`, `$(...)` and "
            "heredoc scripts (`RUN <<EOF`), passes `--no-install-recommends` (or sets `APT::Install-Recommends` "
            "to false), and the same `RUN` removes `/var/lib/apt/lists` (`rm -rf /var/lib/apt/lists/*`). A `RUN` "
            "with a cache or tmpfs mount on `/var/lib/apt/lists` or `/var/cache/apt` needs no removal. The finding "
            "points at the `apt-get` word when the command sits on the RUN's first line or in a heredoc, else at "
            "the RUN."
        ),
        why=(
            "Recommended packages are not needed to run the service and can double the image size. Package lists "
            "left in a layer add tens of megabytes that no later `RUN` can take back."
        ),
        noncompliant="FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y ca-certificates\n",
        compliant=(
            "FROM debian:bookworm-slim\nRUN apt-get update \\\n"
            "    && apt-get install -y --no-install-recommends ca-certificates \\\n"
            "    && rm -rf /var/lib/apt/lists/*\n"
        ),
    ),
)

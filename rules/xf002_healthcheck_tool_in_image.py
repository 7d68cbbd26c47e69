"""XF002 healthcheck-tool-in-image: the program the app healthcheck runs exists in its image."""

from __future__ import annotations

import shlex
from typing import Iterator

from dlint.compose.model import Service
from dlint.compose.nodes import Node, Sequence
from dlint.findings import Severity
from dlint.project import CheckContext, Project
from dlint.rules._cross import Pairing, Spot, composes, interpolated, lookup_for, node_spot, pair, word_spot
from dlint.rules._image_contents import ImageContents, image_contents
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import parse_shell, program_name

# Words the shell runs itself; they need the shell, which CMD-SHELL checks on its own.
SHELL_BUILTINS = frozenset(
    {"exit", "true", "false", "test", "[", "echo", "printf", ":", "cd", ".", "source", "set", "export", "return", "read", "wait"}
)


def _programs(kind: str, words: list[str]) -> list[str]:
    """List the programs a healthcheck test runs, in order. CMD-SHELL runs `/bin/sh -c` first."""
    if kind == "CMD-SHELL":
        script = " ".join(words)
        return ["/bin/sh", *(command.argv[0] for command in parse_shell(script).commands if command.argv)]
    return [command.argv[0] for command in parse_shell(shlex.join(words)).commands if command.argv]


def _found(contents: ImageContents, program: str) -> bool | None:
    """Tell whether the image contains `program`, or None when that cannot be known."""
    name = program_name(program)
    if name in contents.installed or contents.copied(program) is not None:
        return True
    if contents.base_programs is not None and name in contents.base_programs:
        return True
    if contents.base_programs is None or contents.unknown_copies:
        return None
    return False


def _why_unknown(contents: ImageContents) -> str:
    if contents.base_programs is None:
        return f"dlint does not know what the base image `{contents.base or 'unresolved'}` contains"
    return f"the COPY at {contents.unknown_copies[0].label} has a path that cannot be resolved"


def _program_hit(found: Pairing, contents: ImageContents, program: str, spot: Spot) -> Hit | None:
    present = _found(contents, program)
    if present:
        return None
    image = word_spot(found.unit, found.target.stage.from_instruction)
    if present is None:
        return spot.hit(
            f"the healthcheck program `{program}` ({spot.label}) cannot be checked in the image of {image.label}: "
            f"{_why_unknown(contents)}"
        )
    return spot.hit(
        f"the healthcheck runs `{program}` ({spot.label}), which the image of {image.label} does not contain: "
        f"`{contents.base}` lacks it and no RUN installs it or COPY adds it; install it there or probe with a "
        "program the image has"
    )


def _pairing_hits(found: Pairing) -> Iterator[Hit]:
    healthcheck = found.service.healthcheck
    assert healthcheck is not None and healthcheck.test is not None
    test = healthcheck.test
    if test.kind not in ("CMD", "CMD-SHELL") or not test.args:
        return
    node: Node = test.node.items[1] if isinstance(test.node, Sequence) and len(test.node.items) > 1 else test.node
    lookup = lookup_for(found.compose)
    words = []
    for arg in test.args:
        value = interpolated(found.compose, node, arg, lookup)
        if value.value is None:
            yield value.spot.hit(f"the healthcheck `{arg}` cannot be checked against the image: {value.reason}")
            return
        words.append(value.value)
    contents = image_contents(found.target)
    spot = node_spot(found.compose, node)
    seen: set[str] = set()
    for program in _programs(test.kind, words):
        if program in seen or program_name(program) in SHELL_BUILTINS:
            continue
        seen.add(program)
        hit = _program_hit(found, contents, program, spot)
        if hit is not None:
            yield hit


def _enabled_test(service: Service) -> bool:
    healthcheck = service.healthcheck
    return healthcheck is not None and not healthcheck.disabled and healthcheck.test is not None


def check(project: Project, context: CheckContext) -> Iterator[Hit]:
    for compose in composes(project):
        service = compose.compose.service(context.policy.app_service)
        if service is None or not _enabled_test(service):
            continue
        found = pair(project, compose, service, "the healthcheck program")
        if isinstance(found, Pairing):
            yield from _pairing_hits(found)
        elif found is not None:
            yield found


RULE = Rule(
    id="XF002",
    name="healthcheck-tool-in-image",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="the program the app healthcheck runs (curl, wget, ...) exists in the final image",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every program the `app` healthcheck runs, and `/bin/sh` for the `CMD-SHELL` form, is in the image "
            "the service runs: shipped by the base image, installed by `apt-get install` or `apk add` in a RUN "
            "of the final stage or a stage it is built on (heredoc bodies included), or copied in by COPY/ADD "
            "to a folder on PATH (or to the absolute path the test names). `debian:bookworm-slim` has neither "
            "curl nor wget; Alpine's BusyBox has `wget` but not curl; scratch and distroless have no shell. "
            "A base image dlint does not know makes the check unverifiable."
        ),
        why=(
            "A healthcheck whose program is missing fails with `executable file not found` on every probe, so "
            "the service never becomes healthy and everything that waits for it never starts."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nUSER 10001\n",
        compliant=(
            "FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends curl "
            "&& rm -rf /var/lib/apt/lists/*\n"
        ),
        noncompliant_compose=(
            "services:\n  app:\n    build: .\n    healthcheck:\n"
            "      test: [\"CMD\", \"curl\", \"-fsS\", \"http://127.0.0.1:8080/readyz\"]\n"
        ),
        compliant_compose=(
            "services:\n  app:\n    build: .\n    healthcheck:\n"
            "      test: [\"CMD\", \"curl\", \"-fsS\", \"http://127.0.0.1:8080/readyz\"]\n"
        ),
    ),
    parameters=("app_service",),
)

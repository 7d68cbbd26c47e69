"""XF005 command-in-image: the binary the app services run is copied into their image."""

from __future__ import annotations

import shlex
from typing import Iterator

from dlint.compose.interpolation import Lookup
from dlint.compose.model import Service
from dlint.compose.nodes import Node, Scalar, Sequence
from dlint.dockerfile.model import Instruction
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit, Project
from dlint.records import record
from dlint.rules._cross import Pairing, Spot, composes, interpolated, lookup_for, node_spot, pair, service_anchor, word_spot
from dlint.rules._image_contents import ImageContents, image_contents
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import parse_shell, program_name


@record(frozen=True)
class Command:
    """Words of an entrypoint or command and where they are written; `words` None when unresolved."""

    words: tuple[str, ...] | None
    spot: Spot
    reason: str = ""


def _compose_command(compose: ComposeUnit, node: Node, lookup: Lookup) -> Command | None:
    spot = node_spot(compose, node)
    if isinstance(node, Scalar):
        if node.is_null:
            return None
        value = interpolated(compose, node, node.text, lookup)
        if value.value is None:
            return Command(None, spot, value.reason or "")
        try:
            return Command(tuple(shlex.split(value.value)), spot)
        except ValueError:
            return Command(None, spot, f"`{node.text}` cannot be split into words")
    if isinstance(node, Sequence):
        words = []
        for item in node.items:
            text = item.text if isinstance(item, Scalar) else ""
            value = interpolated(compose, item, text, lookup)
            if value.value is None:
                return Command(None, spot, value.reason or "")
            words.append(value.value)
        return Command(tuple(words), spot)
    return None


def _image_command(found: Pairing, instruction: Instruction | None) -> Command | None:
    if instruction is None:
        return None
    spot = word_spot(found.unit, instruction)
    if instruction.json_form:
        return Command(tuple(instruction.values), spot)
    return Command(("/bin/sh", "-c", " ".join(instruction.values)), spot)


def _effective(found: Pairing, lookup: Lookup) -> list[Command]:
    """The entrypoint and command a container of the service starts with, as Compose combines them."""
    state = found.target.image_state()
    service = found.service
    entry_node, command_node = service.value("entrypoint"), service.value("command")
    compose_entry = _compose_command(found.compose, entry_node, lookup) if entry_node is not None else None
    compose_command = _compose_command(found.compose, command_node, lookup) if command_node is not None else None
    if compose_entry is not None:
        # A Compose entrypoint replaces the image's and drops the image's CMD too.
        parts = [compose_entry, compose_command]
    else:
        image_cmd = _image_command(found, state.cmd[1] if state.cmd else None)
        parts = [_image_command(found, state.entrypoint[1] if state.entrypoint else None), compose_command or image_cmd]
    return [part for part in parts if part is not None]


def _binary_words(commands: list[Command], binary: str) -> list[tuple[str, Spot]]:
    found: list[tuple[str, Spot]] = []
    for command in commands:
        assert command.words is not None
        for simple in parse_shell(shlex.join(command.words)).commands:
            found.extend((word, command.spot) for word in simple.argv if program_name(word) == binary)
    return found


def _placement_hit(found: Pairing, contents: ImageContents, word: str, spot: Spot) -> Hit | None:
    if contents.copied(word) is not None:
        return None
    image = word_spot(found.unit, found.target.stage.from_instruction)
    where = f"`{word}` run by service `{found.service.name}` ({spot.label})"
    if contents.unknown_copies:
        return spot.hit(
            f"{where} cannot be found in the image of {image.label}: the COPY at "
            f"{contents.unknown_copies[0].label} has a path that cannot be resolved"
        )
    elsewhere = [file for file in contents.files if file.provides(program_name(word))]
    if elsewhere and not word.startswith("/"):
        return spot.hit(
            f"{where} is copied to `{elsewhere[-1].path}` ({elsewhere[-1].spot.label}), a folder not on PATH; "
            f"run it by that path or copy it to `/usr/local/bin/{program_name(word)}`"
        )
    return spot.hit(
        f"{where} is not copied into the image of {image.label}; expected "
        f"`COPY --from=<build stage> <path>/{program_name(word)} /usr/local/bin/{program_name(word)}`"
    )


def _pairing_hits(found: Pairing, binary: str) -> Iterator[Hit]:
    commands = _effective(found, lookup_for(found.compose))
    for command in commands:
        if command.words is None:
            yield command.spot.hit(f"the command of service `{found.service.name}` cannot be checked: {command.reason}")
            return
    if not any(command.words for command in commands):
        anchor = node_spot(found.compose, service_anchor(found.service))
        image = word_spot(found.unit, found.target.stage.from_instruction)
        yield anchor.hit(
            f"service `{found.service.name}` sets no command and the image of {image.label} has no CMD or ENTRYPOINT; "
            f"expected it to run `{binary}`"
        )
        return
    words = _binary_words(commands, binary)
    if not words:
        first = next(command for command in commands if command.words)
        assert first.words is not None
        yield first.spot.hit(f"service `{found.service.name}` runs `{shlex.join(first.words)}`, which never starts `{binary}`")
        return
    contents = image_contents(found.target)
    seen: set[str] = set()
    for word, spot in words:
        if word in seen:
            continue
        seen.add(word)
        hit = _placement_hit(found, contents, word, spot)
        if hit is not None:
            yield hit


def _service_hits(project: Project, compose: ComposeUnit, service: Service, binary: str) -> Iterator[Hit]:
    found = pair(project, compose, service, f"the `{binary}` binary")
    if isinstance(found, Pairing):
        yield from _pairing_hits(found, binary)
    elif found is not None:
        yield found


def check(project: Project, context: CheckContext) -> Iterator[Hit]:
    for compose in composes(project):
        for name in context.policy.app_services:
            service = compose.compose.service(name)
            if service is not None:
                yield from _service_hits(project, compose, service, context.policy.binary)


RULE = Rule(
    id="XF005",
    name="command-in-image",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="the binary the app services run (connectors) is copied into their final stage",
    check=check,
    docs=RuleDocs(
        checks=(
            "For `app` and `migrate`, the command a container starts with is worked out as Compose does it "
            "(a Compose `entrypoint` replaces the image's ENTRYPOINT and CMD; a Compose `command` replaces CMD). "
            "It must run the policy binary `connectors`, directly, through `sh -c` or through a wrapper, and the "
            "image must have it: a COPY or ADD in the final stage or a stage it is built on puts it at the absolute "
            "path the command names, or, for a bare name, in a folder on PATH (a destination ending in "
            "`/connectors`, or a folder plus a source named `connectors`)."
        ),
        why=(
            "A binary left in the build stage, or copied to a folder that is not on PATH, makes every container "
            "exit at once with `executable file not found`; nothing in either file alone shows it."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nCMD [\"connectors\"]\n",
        compliant=(
            "FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n"
            "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\nCMD [\"connectors\"]\n"
        ),
        noncompliant_compose="services:\n  app:\n    build: .\n",
        compliant_compose="services:\n  app:\n    build: .\n",
    ),
    parameters=("app_services", "binary"),
)

"""Helpers shared by the rules across the Dockerfile and the Compose file.

A Compose service is paired with the Dockerfile stage whose image it runs (its own `build:`,
or the build of a service with the same `image:`). Where that pairing fails, the rule reports
what it could not check, once per service. Values are read from the Compose file after
interpolation; places are named `file:line` so a message can point at the other side.
"""

from __future__ import annotations

import os

from dlint.compose.dotenv import DotenvError, parse_dotenv
from dlint.compose.environment import interpolation_lookup
from dlint.compose.interpolation import Lookup, interpolate
from dlint.compose.model import Service
from dlint.compose.nodes import Node
from dlint.dockerfile.model import Instruction, Word
from dlint.project import ComposeUnit, DockerfileUnit, Project, ServiceBuild, Target
from dlint.records import record
from dlint.rules.base import Hit
from dlint.sources import ReadError, read_source


@record(frozen=True)
class Spot:
    """A place in a file, to point a hit at it or to name it in another hit's message."""

    path: str
    line: int
    column: int

    @property
    def label(self) -> str:
        return f"{self.path}:{self.line}"

    def hit(self, message: str) -> Hit:
        return Hit(self.path, self.line, self.column, message)


def node_spot(compose: ComposeUnit, node: Node) -> Spot:
    return Spot(node.mark.path or compose.display, node.line, node.column)


def word_spot(unit: DockerfileUnit, word: Word | Instruction) -> Spot:
    return Spot(unit.display, word.line, word.column)


@record(frozen=True)
class Pairing:
    """A Compose service and the Dockerfile stage that is final for the image it runs."""

    compose: ComposeUnit
    service: Service
    build: ServiceBuild
    target: Target

    @property
    def unit(self) -> DockerfileUnit:
        return self.target.unit

    @property
    def via_image(self) -> bool:
        """True when the service runs the image another service builds."""
        return self.build.service is not self.service


def composes(project: Project) -> list[ComposeUnit]:
    """List the Compose files to check: those being linted and those that build a linted Dockerfile."""
    found = [compose for compose in project.composes if compose.linted]
    for build in project.builds:
        if build.unit is not None and build.unit.linted and build.compose not in found:
            found.append(build.compose)
    return found


def service_anchor(service: Service) -> Node:
    """Return the key a finding about the image a service runs belongs at: `build`, else `image`."""
    return service.key_of("build") or service.key_of("image") or service.key


def pair(project: Project, compose: ComposeUnit, service: Service, subject: str) -> Pairing | Hit | None:
    """Pair `service` with its image's target stage, or report what cannot be checked.

    `subject` completes "<subject> cannot be checked for service `x`: <reason>". None when
    there is nothing to report: the service has neither `build` nor `image`, or neither of
    the two files is being linted.
    """
    if service.build is None and service.image is None:
        return None
    build = project.image_runs(compose, service)
    if build is not None and build.target is not None:
        if compose.linted or build.target.unit.linted:
            return Pairing(compose, service, build, build.target)
        return None
    if not compose.linted:
        return None
    reason = build.problem if build is not None else _unbuilt_reason(service)
    anchor = node_spot(compose, service_anchor(service))
    return anchor.hit(f"{subject} cannot be checked for service `{service.name}`: {reason}")


def _unbuilt_reason(service: Service) -> str:
    image = service.image.text if service.image is not None else ""
    return (
        f"image `{image}` is not built by this Compose file, so its Dockerfile is unknown; "
        "add a `build:` or give it the `image:` of a service that builds it"
    )


@record(frozen=True)
class Value:
    """A Compose value after interpolation; `value` is None with a `reason` when unresolved."""

    text: str
    value: str | None
    spot: Spot
    reason: str | None = None


def interpolated(compose: ComposeUnit, node: Node, text: str, lookup: Lookup) -> Value:
    result = interpolate(text, lookup)
    reason = None
    if result.value is None:
        reason = result.error or f"`{result.unresolved[0]}` is not set in the environment or `.env`"
    return Value(text, result.value, node_spot(compose, node), reason)


def lookup_for(compose: ComposeUnit) -> Lookup:
    return interpolation_lookup(compose)


def service_variable(compose: ComposeUnit, service: Service, name: str, lookup: Lookup) -> Value | None:
    """Return the value a container of `service` gets for `name`; `environment` wins over `env_file`."""
    found = None
    for variable in service.environment:
        if variable.key != name:
            continue
        if variable.value is None:
            value = lookup(name)
            reason = None if value is not None else f"`{name}` is listed bare and not set in the environment or `.env`"
            found = Value(name, value, node_spot(compose, variable.node), reason)
        else:
            found = interpolated(compose, variable.node, variable.value, lookup)
    if found is not None:
        return found
    return _env_file_variable(compose, service, name, lookup)


def _env_file_variable(compose: ComposeUnit, service: Service, name: str, lookup: Lookup) -> Value | None:
    found = None
    for ref in service.env_files:
        path = os.path.join(compose.directory, ref.path)
        display = os.path.normpath(os.path.join(os.path.dirname(compose.display), ref.path))
        source = read_source(path, display, recorded=False)
        if isinstance(source, ReadError):
            continue
        try:
            entries = parse_dotenv(source.text, lookup)
        except DotenvError:
            continue
        for entry in entries:
            if entry.key == name:
                reason = None if entry.value is not None else "its value names a variable that is not set"
                found = Value(entry.value or name, entry.value, Spot(display, entry.line, entry.column), reason)
    return found

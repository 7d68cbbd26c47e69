"""XF001 port-agreement: the image, the published port, the bind address and the healthcheck agree."""

from __future__ import annotations

from collections import Counter
from typing import Iterator
from urllib.parse import urlsplit

from dlint.compose.interpolation import Lookup
from dlint.compose.model import Service, parse_port
from dlint.compose.nodes import Sequence
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit, Project
from dlint.records import record
from dlint.rules._cross import Pairing, Spot, composes, interpolated, lookup_for, pair, service_variable, word_spot
from dlint.rules._util import parse_exposed, unresolved_reason
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import find_urls

_DEFAULT_URL_PORTS = {"http": 80, "https": 443}


@record(frozen=True)
class Claim:
    """One place that states the app's port; a range covers `start` to `end`."""

    label: str
    start: int
    end: int
    spot: Spot

    @property
    def shown(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    def covers(self, port: int) -> bool:
        return self.start <= port <= self.end


@record
class Claims:
    """The claims of each source, in the order that breaks ties, and the hits found reading them."""

    groups: list[list[Claim]]
    hits: list[Hit]


def _exposed(found: Pairing, claims: Claims) -> list[Claim]:
    group = []
    for _view, _instruction, resolved in found.target.image_state().exposes:
        spot = word_spot(found.unit, resolved.word)
        if resolved.value is None:
            claims.hits.append(spot.hit(
                f"EXPOSE `{resolved.word.text}` cannot be compared with the Compose file: {unresolved_reason(resolved)}"
            ))
            continue
        port = parse_exposed(resolved.value)
        if port is not None and port.protocol == "tcp":
            group.append(Claim("EXPOSE", port.start, port.end, spot))
    return group


def _published(compose: ComposeUnit, service: Service, lookup: Lookup, claims: Claims) -> list[Claim]:
    group = []
    for port in service.ports:
        value = interpolated(compose, port.node, port.text, lookup)
        if value.value is None:
            claims.hits.append(value.spot.hit(f"port `{port.text}` cannot be compared with the image: {value.reason}"))
            continue
        parsed = parse_port(value.value)
        if parsed is None or parsed[3] != "tcp" or port.protocol != "tcp":
            continue
        start, _, end = parsed[2].partition("-")
        if start.isdigit() and (not end or end.isdigit()):
            group.append(Claim("the published container port", int(start), int(end or start), value.spot))
    return group


def _bind_address(compose: ComposeUnit, service: Service, name: str, lookup: Lookup, claims: Claims) -> list[Claim]:
    value = service_variable(compose, service, name, lookup)
    if value is None:
        return []
    if value.value is None:
        claims.hits.append(value.spot.hit(f"`{name}` cannot be compared with the image: {value.reason}"))
        return []
    _host, sep, port = value.value.rpartition(":")
    if not sep or not port.isdigit():
        claims.hits.append(value.spot.hit(f"`{name}` `{value.value}` names no port; expected `HOST:PORT`"))
        return []
    return [Claim(f"the port in `{name}`", int(port), int(port), value.spot)]


def _health_urls(compose: ComposeUnit, service: Service, lookup: Lookup, claims: Claims) -> list[Claim]:
    healthcheck = service.healthcheck
    if healthcheck is None or healthcheck.disabled or healthcheck.test is None:
        return []
    test = healthcheck.test
    # In the list form, element 0 is CMD or CMD-SHELL and the arguments follow it.
    items = test.node.items[1:] if isinstance(test.node, Sequence) else [test.node] * len(test.args)
    group = []
    for arg, node in zip(test.args, items):
        value = interpolated(compose, node, arg, lookup)
        if value.value is None:
            claims.hits.append(value.spot.hit(f"healthcheck `{arg}` cannot be compared with the image: {value.reason}"))
            continue
        for url in find_urls([value.value]):
            port = _url_port(url)
            if port is None:
                claims.hits.append(value.spot.hit(f"healthcheck URL `{url}` has no port that can be read statically"))
            else:
                group.append(Claim("the healthcheck port", port, port, value.spot))
    return group


def _url_port(url: str) -> int | None:
    if "$" in url:
        return None
    try:
        parts = urlsplit(url)
        return parts.port or _DEFAULT_URL_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None


def _reference(groups: list[list[Claim]], preferred: int) -> Claim | None:
    """Pick the claim the others are held against: the port most sources state, the policy's
    port on a tie, then the earliest source."""
    votes: Counter[int] = Counter()
    for group in groups:
        votes.update({claim.start for claim in group if claim.start == claim.end})
    if not votes:
        return None
    order = [claim.start for group in groups for claim in group if claim.start == claim.end]
    port = min(votes, key=lambda value: (-votes[value], value != preferred, order.index(value)))
    return next(claim for group in groups for claim in group if claim.start == claim.end and claim.start == port)


def _service_hits(project: Project, compose: ComposeUnit, service: Service, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    lookup = lookup_for(compose)
    claims = Claims([], [])
    found = pair(project, compose, service, "the EXPOSE port")
    if isinstance(found, Hit):
        yield found
    claims.groups.append(_bind_address(compose, service, policy.bind_address_variable, lookup, claims))
    if isinstance(found, Pairing):
        claims.groups.append(_exposed(found, claims))
    claims.groups.append(_published(compose, service, lookup, claims))
    claims.groups.append(_health_urls(compose, service, lookup, claims))
    yield from claims.hits
    groups = [group for group in claims.groups if group]
    reference = _reference(groups, policy.port)
    if reference is None or len(groups) < 2:
        return
    for group in groups:
        if any(claim.covers(reference.start) for claim in group):
            continue
        claim = group[0]
        yield claim.spot.hit(
            f"{claim.label} `{claim.shown}` ({claim.spot.label}) differs from {reference.label} "
            f"`{reference.shown}` ({reference.spot.label})"
        )


def check(project: Project, context: CheckContext) -> Iterator[Hit]:
    for compose in composes(project):
        service = compose.compose.service(context.policy.app_service)
        if service is not None:
            yield from _service_hits(project, compose, service, context)


RULE = Rule(
    id="XF001",
    name="port-agreement",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="EXPOSE, the published container port, the bind address and the healthcheck URL name the same port",
    check=check,
    docs=RuleDocs(
        checks=(
            "For the `app` service, four places state the port the API serves on: `EXPOSE` in the image it runs, "
            "the container side of its `ports`, the port in `POBLYSH_API_BIND_ADDR`, and the port of the URL its "
            "healthcheck requests. They must be the same. The port most of them state (the policy's port on a tie) "
            "is the reference, and each place that differs is a finding naming both files and lines. Compose values "
            "are read after interpolation; a value that cannot be resolved is reported as unverifiable."
        ),
        why=(
            "A port that differs in one place fails quietly: the healthcheck probes a closed port and the service "
            "never becomes healthy, or the published port forwards to nothing while the image documents another."
        ),
        noncompliant="FROM debian:bookworm-slim\nEXPOSE 9090\n",
        compliant="FROM debian:bookworm-slim\nEXPOSE 8080\n",
        noncompliant_compose=(
            "services:\n  app:\n    build: .\n    environment:\n      POBLYSH_API_BIND_ADDR: 0.0.0.0:8080\n"
            "    ports:\n      - \"8080:8080\"\n"
        ),
        compliant_compose=(
            "services:\n  app:\n    build: .\n    environment:\n      POBLYSH_API_BIND_ADDR: 0.0.0.0:8080\n"
            "    ports:\n      - \"8080:8080\"\n"
        ),
    ),
    parameters=("app_service", "port", "bind_address_variable"),
)

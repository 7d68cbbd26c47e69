"""CF008 published-ports: app publishes its container port 8080 and nothing else."""

from __future__ import annotations

import re
from typing import Iterator

from dlint.compose.environment import interpolate_value, unresolved_reason
from dlint.compose.model import Port, Service, parse_port
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

_TARGET = re.compile(r"^(\d+)(?:-(\d+))?$")


def _port_problem(service: Service, target: str, protocol: str, port: int) -> str | None:
    """Describe how one published container port breaks the policy, or return None when it is the policy's port."""
    match = _TARGET.match(target)
    if match is None:
        return f"`{service.name}` publishes container port `{target}`, which is not a port number; expected `{port}`"
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if start != end:
        return f"`{service.name}` publishes the container port range `{target}`; expected only `{port}`"
    if start != port:
        return f"`{service.name}` publishes container port `{target}`; expected only `{port}`"
    if protocol != "tcp":
        return f"`{service.name}` publishes container port `{target}/{protocol}`; expected `{port}/tcp`"
    return None


def _container_port(compose: ComposeUnit, entry: Port) -> tuple[str, str] | str:
    """Return the container port and protocol after interpolation, or why they cannot be known.

    A variable may hide colons (`${PORT:-8080}`), so an entry with one is split again
    once Compose would have replaced it.
    """
    if "$" not in entry.text:
        return entry.target, entry.protocol
    result = interpolate_value(compose, entry.text)
    if result.value is None:
        return f"cannot be verified: {unresolved_reason(result)}"
    parsed = parse_port(result.value)
    if parsed is None:
        return f"is `{result.value}` once interpolated, which is not a valid port"
    _host_ip, _published, target, protocol = parsed
    return target, protocol if "/" in result.value else entry.protocol


def _port_hits(compose: ComposeUnit, service: Service, entry: Port, port: int) -> Iterator[Hit]:
    found = _container_port(compose, entry)
    if isinstance(found, str):
        yield at_node(compose, entry.node, f"port `{entry.text}` of `{service.name}` {found}")
        return
    target, protocol = found
    problem = _port_problem(service, target.strip(), protocol, port)
    if problem is not None:
        yield at_node(compose, entry.node, problem)


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    service = compose.compose.service(policy.app_service)
    if service is None:
        return
    if not service.ports:
        if is_override_file(compose):
            # Compose appends an override's ports to the base file's, which may contain 8080.
            return
        anchor = service.key_of("ports") or service.key
        yield at_node(compose, anchor, f"service `{service.name}` publishes no port; expected container port `{policy.port}`")
        return
    for entry in service.ports:
        yield from _port_hits(compose, service, entry, policy.port)


RULE = Rule(
    id="CF008",
    name="published-ports",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="app publishes only container port 8080",
    check=check,
    docs=RuleDocs(
        checks=(
            "`app` publishes container port `8080` over tcp and no other container port, in the short "
            "(`\"8080\"`, `\"8080:8080\"`, `\"127.0.0.1:9000:8080/tcp\"`) and the long syntax (`target: 8080`). "
            "The host port is free. A container port range, another port, `udp`, or no `ports` at all is a "
            "finding; an override file adds its ports to the base file's, so it may have none."
        ),
        why=(
            "The API listens on `8080` only. Any other published port either leads nowhere or exposes something "
            "that was never meant to be reached from the host; with no port the API cannot be reached at all."
        ),
        noncompliant="services:\n  app:\n    image: connectors:1.0\n    ports:\n      - \"8080:8080\"\n      - \"9000-9010:9000-9010\"\n",
        compliant="services:\n  app:\n    image: connectors:1.0\n    ports:\n      - \"127.0.0.1:18080:8080\"\n",
        example_file="compose.yaml",
    ),
    parameters=("app_service", "port"),
)

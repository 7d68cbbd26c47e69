"""CF005 one-off-migration: migrate runs `connectors migrate up` once and publishes nothing."""

from __future__ import annotations

import shlex
from typing import Iterator

from dlint.compose.environment import interpolate_value, unresolved_reason
from dlint.compose.model import Service
from dlint.compose.nodes import Node, Scalar, Sequence, describe
from dlint.findings import Severity
from dlint.policy import Policy
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import program_name


def _present(node: Node | None) -> bool:
    return node is not None and not (isinstance(node, Scalar) and node.is_null)


class _Unverifiable(Exception):
    """Raised for a value that needs an unset variable. The exception text is the reason."""


def _resolve(compose: ComposeUnit, text: str) -> str:
    result = interpolate_value(compose, text)
    if result.value is None:
        raise _Unverifiable(unresolved_reason(result))
    return result.value


def _words(compose: ComposeUnit, node: Node) -> list[str] | None:
    """Return the argv of a `command` or `entrypoint` value, splitting a string as Compose does."""
    if isinstance(node, Sequence):
        if not all(isinstance(item, Scalar) for item in node.items):
            return None
        return [_resolve(compose, item.text) for item in node.items if isinstance(item, Scalar)]
    if isinstance(node, Scalar) and not node.is_null:
        try:
            return shlex.split(_resolve(compose, node.text))
        except ValueError:
            return None
    return None


def _runs_migration(argv: list[str], policy: Policy) -> bool:
    wanted = list(policy.migrate_command)
    return (
        len(argv) > len(wanted)
        and program_name(argv[0]) == policy.binary
        and argv[1 : 1 + len(wanted)] == wanted
    )


def _command_hits(compose: ComposeUnit, service: Service, policy: Policy) -> Iterator[Hit]:
    expected = " ".join((policy.binary, *policy.migrate_command))
    command = service.value("command")
    if command is None or not _present(command):
        if is_override_file(compose):
            # When an override leaves the command out, Compose keeps the base file's command.
            return
        yield at_node(
            compose, service.key,
            f"service `{service.name}` has no `command`, so the image's CMD decides what it runs; expected `command: {expected}`",
        )
        return
    entrypoint = service.value("entrypoint")
    try:
        argv = _words(compose, command)
        prefix = _words(compose, entrypoint) if entrypoint is not None and _present(entrypoint) else []
    except _Unverifiable as reason:
        yield at_node(compose, command, f"the command of `{service.name}` cannot be verified: {reason}")
        return
    if argv is None or prefix is None:
        yield at_node(compose, command, f"the command of `{service.name}` is {describe(command)} that cannot be read as words; expected `{expected}`")
        return
    if not _runs_migration(prefix + argv, policy):
        runs = " ".join(prefix + argv) or "nothing"
        yield at_node(compose, command, f"service `{service.name}` runs `{runs}`; expected `{expected}`")


def _restart_hits(compose: ComposeUnit, service: Service) -> Iterator[Hit]:
    node = service.value("restart")
    if node is None or not _present(node):
        return
    if not (isinstance(node, Scalar) and node.kind == "str"):
        value = f"`{node.text}`" if isinstance(node, Scalar) else describe(node)
        yield at_node(compose, node, f"`restart` of `{service.name}` is {value}, not a string; expected no `restart` or `\"no\"`")
        return
    try:
        policy = _resolve(compose, node.text)
    except _Unverifiable as reason:
        yield at_node(compose, node, f"the restart policy of `{service.name}` cannot be verified: {reason}")
        return
    if policy != "no":
        yield at_node(
            compose, node,
            f"service `{service.name}` restarts with `{policy}`, so a finished migration runs again; "
            "expected no `restart` or `\"no\"`",
        )


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    service = compose.compose.service(policy.migrate_service)
    if service is None:
        return
    yield from _command_hits(compose, service, policy)
    for port in service.ports:
        yield at_node(compose, port.node, f"service `{service.name}` publishes port `{port.text}`; a one-off job publishes no ports")
    yield from _restart_hits(compose, service)


RULE = Rule(
    id="CF005",
    name="one-off-migration",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="migrate runs connectors migrate up, publishes no ports and never restarts",
    check=check,
    docs=RuleDocs(
        checks=(
            "`migrate` runs the binary's migration command, `connectors migrate up` (the binary may be named by "
            "a path, the command may be a list or a string, split as Compose splits it, and a Compose "
            "`entrypoint` counts as its start). It publishes no ports, and its `restart` is absent or `\"no\"`. "
            "A missing `command` is a finding: what the image's CMD runs cannot be seen in the Compose file. "
            "An override file may leave the command to its base file."
        ),
        why=(
            "`app` waits for `migrate` to complete successfully. A job that runs something else never migrates; "
            "one that restarts reruns or loops after it finished, and a published port serves nothing."
        ),
        noncompliant="services:\n  migrate:\n    image: connectors:1.0\n    command: [\"connectors\", \"serve\"]\n    restart: on-failure\n",
        compliant="services:\n  migrate:\n    image: connectors:1.0\n    command: [\"connectors\", \"migrate\", \"up\"]\n    restart: \"no\"\n",
        example_file="compose.yaml",
    ),
    parameters=("migrate_service", "binary", "migrate_command"),
)

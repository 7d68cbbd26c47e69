"""CF011 hardened-app-services: app services drop capabilities, block privilege gain, run as 10001."""

from __future__ import annotations

import re
from typing import Iterator

from dlint.compose.environment import interpolate_value, unresolved_reason
from dlint.compose.model import Service
from dlint.compose.nodes import Node, Scalar, Sequence, describe
from dlint.findings import Severity
from dlint.policy import Policy
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node, split_user
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

NO_NEW_PRIVILEGES = "no-new-privileges:true"
# `no-new-privileges`, `no-new-privileges:true` and `no-new-privileges=true` all enable it.
_NO_NEW_PRIVILEGES = re.compile(r"^no-new-privileges(?:[:=](?P<value>.*))?$")
# Compose reads `privileged` as a boolean and still accepts the YAML 1.1 spellings.
_TRUE = frozenset({"true", "yes", "on", "y"})


def _present(node: Node | None) -> bool:
    return node is not None and not (isinstance(node, Scalar) and node.is_null)


def _list_texts(compose: ComposeUnit, node: Sequence) -> tuple[list[tuple[str, Node]], str | None]:
    """Resolve the variables of the scalar items, and return the reason an item could not be resolved."""
    texts: list[tuple[str, Node]] = []
    reason = None
    for item in node.items:
        if not isinstance(item, Scalar) or item.is_null:
            continue
        result = interpolate_value(compose, item.text)
        if result.value is None:
            reason = reason or unresolved_reason(result)
        else:
            texts.append((result.value, item))
    return texts, reason


def _cap_drop_hits(compose: ComposeUnit, service: Service) -> Iterator[Hit]:
    node = service.value("cap_drop")
    if node is None or not _present(node):
        if is_override_file(compose):
            return
        yield at_node(compose, service.key, f"service `{service.name}` does not set `cap_drop`; expected `cap_drop: [ALL]`")
        return
    if not isinstance(node, Sequence):
        yield at_node(compose, node, f"`cap_drop` of `{service.name}` is {describe(node)}, not a list; expected `cap_drop: [ALL]`")
        return
    texts, reason = _list_texts(compose, node)
    if any(text.strip().upper() == "ALL" for text, _ in texts):
        return
    if reason is not None:
        yield at_node(compose, node, f"`cap_drop` of `{service.name}` cannot be verified: {reason}")
    else:
        dropped = ", ".join(text for text, _ in texts)
        yield at_node(compose, node, f"`cap_drop` of `{service.name}` is `[{dropped}]`, which keeps other capabilities; expected `ALL`")


def _security_opt_hits(compose: ComposeUnit, service: Service) -> Iterator[Hit]:
    node = service.value("security_opt")
    if node is None or not _present(node):
        if is_override_file(compose):
            return
        yield at_node(
            compose, service.key,
            f"service `{service.name}` does not set `security_opt`; expected `security_opt: [{NO_NEW_PRIVILEGES}]`",
        )
        return
    if not isinstance(node, Sequence):
        yield at_node(compose, node, f"`security_opt` of `{service.name}` is {describe(node)}, not a list; expected `[{NO_NEW_PRIVILEGES}]`")
        return
    found = False
    texts, reason = _list_texts(compose, node)
    for text, item in texts:
        match = _NO_NEW_PRIVILEGES.match(text.strip())
        if match is None:
            continue
        found = True
        value = match.group("value")
        if value is not None and value.lower() != "true":
            yield at_node(compose, item, f"`security_opt` of `{service.name}` sets `{text}`; expected `{NO_NEW_PRIVILEGES}`")
    if not found and reason is not None:
        yield at_node(compose, node, f"`security_opt` of `{service.name}` cannot be verified: {reason}")
    elif not found:
        yield at_node(
            compose, node,
            f"`security_opt` of `{service.name}` lacks `no-new-privileges`; expected it to contain `{NO_NEW_PRIVILEGES}`",
        )


def _privileged_hits(compose: ComposeUnit, service: Service) -> Iterator[Hit]:
    node = service.value("privileged")
    if not isinstance(node, Scalar) or node.is_null:
        return
    result = interpolate_value(compose, node.text)
    if result.value is None:
        yield at_node(compose, node, f"`privileged` of `{service.name}` cannot be verified: {unresolved_reason(result)}")
    elif result.value.lower() in _TRUE:
        yield at_node(compose, node, f"service `{service.name}` sets `privileged: {node.text}`; expected no `privileged` or `false`")


def _user_hits(compose: ComposeUnit, service: Service, policy: Policy) -> Iterator[Hit]:
    node = service.value("user")
    if node is None or not _present(node):
        return
    expected = f"expected `{policy.uid}` or `{policy.uid}:{policy.gid}`"
    if not isinstance(node, Scalar):
        yield at_node(compose, node, f"`user` of `{service.name}` is {describe(node)}; {expected}")
        return
    if node.kind != "str":
        yield at_node(compose, node, f"`user` of `{service.name}` is {describe(node)}, `{node.text}`, which Compose refuses; quote it, {expected}")
        return
    result = interpolate_value(compose, node.text)
    if result.value is None:
        yield at_node(compose, node, f"`user` of `{service.name}` cannot be verified: {unresolved_reason(result)}")
        return
    user, group = split_user(result.value)
    if user != policy.uid or group not in (None, policy.gid):
        yield at_node(compose, node, f"service `{service.name}` runs as user `{result.value}`; {expected}")


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    # An override file may leave cap_drop and security_opt to its base file, which Compose
    # unions with the override's lists.
    for name in policy.app_services:
        service = compose.compose.service(name)
        if service is None:
            continue
        yield from _cap_drop_hits(compose, service)
        yield from _security_opt_hits(compose, service)
        yield from _privileged_hits(compose, service)
        yield from _user_hits(compose, service, policy)


RULE = Rule(
    id="CF011",
    name="hardened-app-services",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="app services drop all capabilities, set no-new-privileges, are not privileged, run as 10001",
    check=check,
    docs=RuleDocs(
        checks=(
            "Each app service (`app`, `migrate`) sets `cap_drop` with `ALL` (any case) and `security_opt` with "
            "`no-new-privileges:true` (`no-new-privileges` and `no-new-privileges=true` count too), is not "
            "`privileged`, and a `user:`, when given, is `10001` or `10001:10001`. Each missing or wrong "
            "setting is one finding, at its value or, when it is missing, at the service's key. An override "
            "file may leave `cap_drop` and `security_opt` to its base file."
        ),
        why=(
            "The API needs no Linux capability and no privilege gain. Dropping them limits what an attacker "
            "who gets code execution in the container can do; `privileged` or a root user undoes all of it."
        ),
        noncompliant="services:\n  app:\n    image: connectors:1.0\n    privileged: true\n    user: root\n",
        compliant=(
            "services:\n  app:\n    image: connectors:1.0\n    user: \"10001:10001\"\n    cap_drop: [ALL]\n"
            "    security_opt: [\"no-new-privileges:true\"]\n"
        ),
        example_file="compose.yaml",
    ),
    parameters=("app_services", "uid", "gid"),
)

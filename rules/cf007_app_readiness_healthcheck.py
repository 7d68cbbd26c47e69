"""CF007 app-readiness-healthcheck: app is health-checked through its readiness path."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

from dlint.compose.environment import interpolate_value, unresolved_reason
from dlint.compose.model import HealthTest, Service
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import health_test_or_hit
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import find_urls, program_name, split_commands

_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
# `host:port/path` without a scheme, as curl and wget accept it. The host needs a dot, a port
# or the name `localhost`, so that file paths such as `usr/bin` are not read as URLs.
_PORT = r":(?:[0-9]+|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)"
_HOST_PATH = re.compile(
    rf"^(?:(?:localhost|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+|\[[0-9A-Fa-f:]+\])(?:{_PORT})?"
    rf"|[A-Za-z0-9_-]+{_PORT})(/.*)$"
)
EXAMPLE = '["CMD", "curl", "-fsS", "http://127.0.0.1:8080/readyz"]'


def healthcheck_arguments(kind: str, args: tuple[str, ...]) -> list[str]:
    """Return the arguments of the commands a healthcheck test runs, reading shell scripts too."""
    if kind == "CMD-SHELL":
        return [word for command in split_commands(" ".join(args)) for word in command.argv[1:]]
    if kind != "CMD" or not args:
        return []
    words = list(args[1:])
    if program_name(args[0]) in _SHELLS and "-c" in args[1:-1]:
        script = args[args.index("-c") + 1]
        words += [word for command in split_commands(script) for word in command.argv[1:]]
    return words


def _path_only(text: str) -> str:
    return re.split(r"[?#]", text, maxsplit=1)[0].rstrip(")];,")


def requested_paths(words: list[str], health_path: str) -> list[str]:
    """Return the URL paths the words request, without query or fragment, in order.

    A word counts when it is a URL, `host[:port]/path`, or the bare health path.
    """
    paths: list[str] = []
    for word in words:
        urls = find_urls([word])
        if urls:
            paths += [_path_only(urlsplit(url).path) for url in urls]
            continue
        match = _HOST_PATH.match(word)
        if match is not None:
            paths.append(_path_only(match.group(1)))
        elif _path_only(word) == health_path:
            paths.append(health_path)
    return paths


def _test_hit(compose: ComposeUnit, service: Service, test: HealthTest, health_path: str) -> Hit | None:
    raw = requested_paths(healthcheck_arguments(test.kind, test.args), health_path)
    if health_path in raw:
        return None
    results = [interpolate_value(compose, arg) for arg in test.args]
    unresolved = next((result for result in results if result.value is None), None)
    if unresolved is None:
        resolved = tuple(result.value or "" for result in results)
        if health_path in requested_paths(healthcheck_arguments(test.kind, resolved), health_path):
            return None
    elif any("$" in path for path in raw) or not raw:
        return at_node(
            compose, test.node,
            f"the healthcheck of `{service.name}` cannot be verified to request `{health_path}`: {unresolved_reason(unresolved)}",
        )
    requested = ", ".join(f"`{path}`" for path in dict.fromkeys(raw)) if raw else "no URL path"
    return at_node(
        compose, test.node,
        f"the healthcheck of `{service.name}` requests {requested}, not `{health_path}`; expected a test such as `{EXAMPLE}`",
    )


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    path = context.policy.health_path
    service = compose.compose.service(context.policy.app_service)
    if service is None:
        return
    test = health_test_or_hit(compose, service, f"requests `{path}`")
    if not isinstance(test, HealthTest):
        if test is not None:
            yield test
        return
    hit = _test_hit(compose, service, test, path)
    if hit is not None:
        yield hit


RULE = Rule(
    id="CF007",
    name="app-readiness-healthcheck",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="app has an enabled healthcheck whose test requests /readyz",
    check=check,
    docs=RuleDocs(
        checks=(
            "`app` has a healthcheck that is not disabled and whose test requests the path `/readyz`, in any "
            "form (`[\"CMD\", ...]`, `[\"CMD-SHELL\", \"...\"]` or a plain string) and with any host and port "
            "(`http://127.0.0.1:8080/readyz`, `localhost:${PORT}/readyz`); a query string such as "
            "`/readyz?full=1` is fine. Another path, such as `/healthz`, is a finding. An override file may "
            "leave the healthcheck or its test to its base file."
        ),
        why=(
            "`/readyz` answers only once the API can reach its database. A liveness path or a port probe "
            "reports a healthy API that still fails every request."
        ),
        noncompliant=(
            "services:\n  app:\n    image: connectors:1.0\n    healthcheck:\n"
            "      test: [\"CMD\", \"curl\", \"-fsS\", \"http://127.0.0.1:8080/healthz\"]\n"
        ),
        compliant=(
            "services:\n  app:\n    image: connectors:1.0\n    healthcheck:\n"
            "      test: [\"CMD\", \"curl\", \"-fsS\", \"http://127.0.0.1:8080/readyz\"]\n"
        ),
        example_file="compose.yaml",
    ),
    parameters=("app_service", "health_path"),
)

"""CF010 healthy-dependency-has-healthcheck: depends_on names real services, in order, with checks."""

from __future__ import annotations

from typing import Iterator

from dlint.compose.model import ComposeFile, Dependency, Service
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

HEALTHY = "service_healthy"


def _unknown_target_hits(compose: ComposeUnit) -> Iterator[Hit]:
    services = compose.compose.services
    known = ", ".join(f"`{name}`" for name in services)
    for service in services.values():
        for dependency in service.depends_on.values():
            if dependency.name not in services:
                yield at_node(
                    compose, dependency.node,
                    f"`{service.name}` depends on `{dependency.name}`, which is not a service; expected one of {known}",
                )


def _find_cycles(model: ComposeFile) -> list[tuple[list[str], Dependency]]:
    """Find each cycle once, as the services along it and the dependency that closes it.

    A depth-first walk in file order finds every edge back to a service still on the
    walk, and each such edge closes one cycle. The walk keeps its own stack, so a long
    chain of services cannot exhaust Python's recursion limit.
    """
    cycles: list[tuple[list[str], Dependency]] = []
    finished: set[str] = set()
    for start in model.services:
        if start in finished:
            continue
        path = [start]
        pending = [iter(model.services[start].depends_on.values())]
        while pending:
            dependency = next(pending[-1], None)
            if dependency is None:
                finished.add(path.pop())
                pending.pop()
                continue
            target = dependency.name
            if target in path:
                cycles.append((path[path.index(target):] + [target], dependency))
            elif target in model.services and target not in finished:
                path.append(target)
                pending.append(iter(model.services[target].depends_on.values()))
    return cycles


def _healthcheck_problem(target: Service) -> str | None:
    healthcheck = target.healthcheck
    if healthcheck is None:
        return f"`{target.name}` has no healthcheck"
    if healthcheck.disabled:
        return f"the healthcheck of `{target.name}` is disabled"
    if healthcheck.test is None:
        return f"the healthcheck of `{target.name}` has no `test`, so only the image's HEALTHCHECK could apply"
    return None


def _healthy_target_hits(compose: ComposeUnit) -> Iterator[Hit]:
    services = compose.compose.services
    override = is_override_file(compose)
    for service in services.values():
        for dependency in service.depends_on.values():
            target = services.get(dependency.name)
            if dependency.condition != HEALTHY or target is None:
                continue
            # Compose merges healthcheck per field, so in an override only a disabled check is certain.
            if override and not (target.healthcheck is not None and target.healthcheck.disabled):
                continue
            problem = _healthcheck_problem(target)
            if problem is not None:
                yield at_node(
                    compose, dependency.condition_node or dependency.node,
                    f"`{service.name}` waits for `{target.name}` to be healthy, but {problem}; "
                    f"add a healthcheck to `{target.name}` or wait with another condition",
                )


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    # An override file adds to a base file, where the services it names may be defined.
    if not is_override_file(compose):
        yield from _unknown_target_hits(compose)
    for cycle, closing in _find_cycles(compose.compose):
        chain = " -> ".join(cycle)
        yield at_node(compose, closing.node, f"depends_on forms the cycle `{chain}`; Compose cannot start these services")
    yield from _healthy_target_hits(compose)


RULE = Rule(
    id="CF010",
    name="healthy-dependency-has-healthcheck",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="depends_on targets exist, form no cycle, and service_healthy targets have a healthcheck",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every `depends_on` target is a service of the file (override files are exempt, since their base "
            "file may define it); the dependencies form no cycle (each cycle is reported once, at the "
            "dependency that closes it); and every service waited for with `condition: service_healthy` has a "
            "healthcheck that is enabled: a missing one, `disable: true` or `test: [\"NONE\"]` is a finding at "
            "the condition."
        ),
        why=(
            "Compose refuses an unknown target or a cycle, and a service without a healthcheck never becomes "
            "healthy, so whatever waits for it never starts."
        ),
        noncompliant=(
            "services:\n  db:\n    image: postgres:16-alpine\n  app:\n    image: connectors:1.0\n    depends_on:\n"
            "      db:\n        condition: service_healthy\n"
        ),
        compliant=(
            "services:\n  db:\n    image: postgres:16-alpine\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n"
            "  app:\n    image: connectors:1.0\n    depends_on:\n      db:\n        condition: service_healthy\n"
        ),
        example_file="compose.yaml",
    ),
)

"""CF004 db-gates-startup: app and migrate wait until the database is healthy."""

from __future__ import annotations

from typing import Iterator

from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._depends import check_gate
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

CONDITION = "service_healthy"


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    for name in (policy.migrate_service, policy.app_service):
        service = compose.compose.service(name)
        if service is not None:
            yield from check_gate(compose, service, policy.db_service, CONDITION)


RULE = Rule(
    id="CF004",
    name="db-gates-startup",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="app and migrate depend on db with condition service_healthy",
    check=check,
    docs=RuleDocs(
        checks=(
            "Both `app` and `migrate` list `db` under `depends_on` with `condition: service_healthy`. The short "
            "list form means `service_started` and is a finding."
        ),
        why=(
            "Postgres accepts connections a few seconds after its container starts. Without the health condition "
            "the migration job fails on a cold start and the API crash-loops."
        ),
        noncompliant="services:\n  db:\n    image: postgres:16-alpine\n  migrate:\n    image: connectors:1.0\n    depends_on: [db]\n",
        compliant=(
            "services:\n  db:\n    image: postgres:16-alpine\n  migrate:\n    image: connectors:1.0\n    depends_on:\n"
            "      db:\n        condition: service_healthy\n"
        ),
        example_file="compose.yaml",
    ),
    parameters=("db_service", "migrate_service", "app_service"),
)

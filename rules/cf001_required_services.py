"""CF001 required-services: the Compose file defines db, migrate and app."""

from __future__ import annotations

from typing import Iterator

from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    if is_override_file(compose):
        return
    model = compose.compose
    anchor = model.services_key or model.root
    expected = ", ".join(f"`{name}`" for name in context.policy.required_services)
    for name in context.policy.required_services:
        if name not in model.services:
            yield at_node(compose, anchor, f"service `{name}` is missing; expected services {expected}")


RULE = Rule(
    id="CF001",
    name="required-services",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="services db, migrate and app exist",
    check=check,
    docs=RuleDocs(
        checks="The Compose file defines the services `db`, `migrate` and `app`. Files named `*override*` are skipped.",
        why=(
            "The deployment is three services: Postgres, a one-off migration job and the API. A missing one means "
            "the API starts against an unmigrated or absent database."
        ),
        noncompliant="services:\n  db:\n    image: postgres:16-alpine\n  app:\n    image: connectors:1.0\n",
        compliant=(
            "services:\n  db:\n    image: postgres:16-alpine\n  migrate:\n    image: connectors:1.0\n"
            "  app:\n    image: connectors:1.0\n"
        ),
        example_file="compose.yaml",
    ),
    parameters=("db_service", "migrate_service", "app_service"),
)

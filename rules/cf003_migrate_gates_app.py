"""CF003 migrate-gates-app: app starts only after the migration job has succeeded."""

from __future__ import annotations

from typing import Iterator

from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._depends import check_gate
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

CONDITION = "service_completed_successfully"


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    app = compose.compose.service(context.policy.app_service)
    if app is None:
        return
    yield from check_gate(compose, app, context.policy.migrate_service, CONDITION)


RULE = Rule(
    id="CF003",
    name="migrate-gates-app",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="app depends on migrate with condition service_completed_successfully",
    check=check,
    docs=RuleDocs(
        checks=(
            "`app.depends_on.migrate.condition` is `service_completed_successfully`. The short list form "
            "`depends_on: [migrate]` means `service_started` and is a finding, as is a missing dependency."
        ),
        why=(
            "With `service_started`, the API starts while migrations are still running, or after they failed, "
            "and serves requests against an old schema."
        ),
        noncompliant="services:\n  migrate:\n    image: connectors:1.0\n  app:\n    image: connectors:1.0\n    depends_on: [migrate]\n",
        compliant=(
            "services:\n  migrate:\n    image: connectors:1.0\n  app:\n    image: connectors:1.0\n    depends_on:\n"
            "      migrate:\n        condition: service_completed_successfully\n"
        ),
        example_file="compose.yaml",
    ),
    parameters=("app_service", "migrate_service"),
)

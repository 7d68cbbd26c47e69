"""CF002 db-healthcheck-pg-isready: the database is health-checked with pg_isready."""

from __future__ import annotations

from typing import Iterator

from dlint.compose.model import HealthTest
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import health_test_or_hit
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import program_name, split_commands

PROGRAM = "pg_isready"


def health_programs(test: HealthTest) -> list[str]:
    """List the programs a healthcheck test runs, in order."""
    if test.kind == "CMD":
        if not test.args:
            return []
        programs = [program_name(test.args[0])]
        if programs[0] in ("sh", "bash", "ash", "dash") and "-c" in test.args:
            script_index = test.args.index("-c") + 1
            if script_index < len(test.args):
                programs += [command.program for command in split_commands(test.args[script_index])]
        return programs
    if test.kind == "CMD-SHELL":
        return [command.program for command in split_commands(" ".join(test.args))]
    return []


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    name = context.policy.db_service
    service = compose.compose.service(name)
    if service is None:
        return
    test = health_test_or_hit(compose, service, f"runs `{PROGRAM}`")
    if not isinstance(test, HealthTest):
        if test is not None:
            yield test
        return
    programs = [program for program in health_programs(test) if program]
    if PROGRAM in programs:
        return
    shown = f"`{programs[0]}`" if programs else "nothing"
    yield at_node(
        compose, test.node,
        f"the healthcheck of `{name}` runs {shown}, not `{PROGRAM}`; expected a test such as `[\"CMD-SHELL\", \"pg_isready -U $$POSTGRES_USER\"]`",
    )


RULE = Rule(
    id="CF002",
    name="db-healthcheck-pg-isready",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="db has an enabled healthcheck whose test runs pg_isready",
    check=check,
    docs=RuleDocs(
        checks=(
            "The `db` service has a healthcheck that is not disabled and whose test runs `pg_isready`, in any "
            "form: `[\"CMD\", \"pg_isready\", ...]`, `[\"CMD-SHELL\", \"pg_isready ...\"]` or a plain string "
            "(which Compose runs as CMD-SHELL; the string `NONE` is a command named NONE, not a disabled check)."
        ),
        why=(
            "`migrate` and `app` wait for `db` to be healthy. Only `pg_isready` tells that Postgres accepts "
            "connections; a port probe passes while the server is still starting or recovering."
        ),
        noncompliant="services:\n  db:\n    image: postgres:16-alpine\n    healthcheck:\n      test: [\"CMD\", \"nc\", \"-z\", \"localhost\", \"5432\"]\n",
        compliant="services:\n  db:\n    image: postgres:16-alpine\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U pbl -d connectors\"]\n",
        example_file="compose.yaml",
    ),
    parameters=("db_service",),
)

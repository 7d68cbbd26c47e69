"""CF006 app-env-prefix: the app services get only POBLYSH_ variables."""

from __future__ import annotations

import os
from typing import Iterator

from dlint.compose.dotenv import DotenvError, parse_dotenv
from dlint.compose.model import EnvFileRef, Service
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.sources import ReadError, read_source


def _env_file_hits(compose: ComposeUnit, service: Service, ref: EnvFileRef, prefix: str) -> Iterator[Hit]:
    if "$" in ref.path:
        yield at_node(compose, ref.node, f"env_file `{ref.path}` uses a variable, so its keys cannot be verified; expected a fixed path")
        return
    path = ref.path if os.path.isabs(ref.path) else os.path.join(compose.directory, ref.path)
    display = os.path.normpath(os.path.join(os.path.dirname(compose.display), ref.path))
    if not os.path.lexists(path):
        if ref.required:
            yield at_node(
                compose, ref.node,
                f"env_file `{ref.path}` of `{service.name}` does not exist, so its keys cannot be verified",
            )
        return
    source = read_source(path, display, recorded=False)
    if isinstance(source, ReadError):
        yield at_node(
            compose, ref.node,
            f"env_file `{ref.path}` of `{service.name}` cannot be read ({source.message}), so its keys cannot be verified",
        )
        return
    try:
        entries = parse_dotenv(source.text)
    except DotenvError as error:
        yield Hit(display, error.line, error.column, f"env file cannot be parsed ({error.message}), so its keys cannot be verified")
        return
    for entry in entries:
        if not entry.key.startswith(prefix):
            yield Hit(
                display, entry.line, entry.column,
                f"`{entry.key}` from env_file reaches service `{service.name}`; expected only names starting with `{prefix}`",
            )


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    prefix = policy.env_prefix
    for name in policy.app_services:
        service = compose.compose.service(name)
        if service is None or name in policy.env_exempt_services:
            continue
        for variable in service.environment:
            if not variable.key.startswith(prefix):
                yield at_node(
                    compose, variable.node,
                    f"environment `{variable.key}` of service `{name}` does not start with `{prefix}`; rename it or move it out of the app services",
                )
        for ref in service.env_files:
            yield from _env_file_hits(compose, service, ref, prefix)


RULE = Rule(
    id="CF006",
    name="app-env-prefix",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="every environment variable of the app services starts with POBLYSH_",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every variable that `app` and `migrate` receive starts with `POBLYSH_`: keys in `environment` "
            "(mapping or list, `KEY=value` or bare `KEY`) and keys of every `env_file`, read with Compose's "
            "dotenv rules. An env file that cannot be read is reported as unverifiable. `db` is exempt: its "
            "image needs `POSTGRES_*`."
        ),
        why=(
            "The service reads configuration only from `POBLYSH_` variables, so any other name is a setting that "
            "silently does nothing, often a leftover such as `DATABASE_URL` that points somewhere else."
        ),
        noncompliant="services:\n  app:\n    image: connectors:1.0\n    environment:\n      RUST_LOG: debug\n",
        compliant="services:\n  app:\n    image: connectors:1.0\n    environment:\n      POBLYSH_PROFILE: dev\n",
        example_file="compose.yaml",
    ),
    parameters=("app_services", "env_prefix", "env_exempt_services"),
)

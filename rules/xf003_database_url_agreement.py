"""XF003 database-url-agreement: the app's database URL and pg_isready match the db service."""

from __future__ import annotations

import re
import shlex
from typing import Iterator
from urllib.parse import unquote, urlsplit

from dlint.compose.interpolation import Lookup
from dlint.compose.model import Service
from dlint.compose.nodes import Node, Sequence
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit, Project
from dlint.records import record
from dlint.rules._cross import Spot, Value, interpolated, lookup_for, node_spot, service_variable
from dlint.rules.base import Hit, Rule, RuleDocs, Scope
from dlint.shell import parse_shell

# The postgres image's port and user when its variables are not set.
DEFAULT_PORT = "5432"
DEFAULT_USER = "postgres"
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_SHELL_VARIABLE = re.compile(r"^\$(?:\{(\w+)\}|(\w+))$")
# pg_isready options and the part of the connection each one names.
_PG_ISREADY_OPTIONS = {"-U": "user", "--username": "user", "-d": "database", "--dbname": "database",
                       "-h": "host", "--host": "host", "-p": "port", "--port": "port"}


@record(frozen=True)
class Expected:
    """A part of the connection as the db service defines it; `value` None means not checkable."""

    label: str
    value: str | None
    spot: Spot
    note: str = ""


@record(frozen=True)
class Database:
    service: Service
    host: Expected
    port: Expected
    user: Expected
    password: Expected | None
    database: Expected
    hits: tuple[Hit, ...]


def _setting(
    compose: ComposeUnit, db: Service, name: str, default: str | None, lookup: Lookup, hits: list[Hit]
) -> Expected | None:
    value = service_variable(compose, db, name, lookup)
    if value is None:
        if default is None:
            return None
        return Expected(f"the default `{name}` of `{db.name}`", default, node_spot(compose, db.key))
    if value.value is None:
        hits.append(value.spot.hit(f"`{name}` of `{db.name}` cannot be compared with the app's database URL: {value.reason}"))
    return Expected(f"`{name}`", value.value, value.spot)


def _database(compose: ComposeUnit, db: Service, lookup: Lookup) -> Database:
    hits: list[Hit] = []
    user = _setting(compose, db, "POSTGRES_USER", DEFAULT_USER, lookup, hits)
    assert user is not None
    port = _setting(compose, db, "PGPORT", DEFAULT_PORT, lookup, hits)
    assert port is not None
    database = _setting(compose, db, "POSTGRES_DB", None, lookup, hits)
    if database is None:
        database = Expected(user.label, user.value, user.spot, ", the default database name")
    password = _setting(compose, db, "POSTGRES_PASSWORD", None, lookup, hits)
    host = Expected("the database service", db.name, node_spot(compose, db.key))
    return Database(db, host, port, user, password, database, tuple(hits))


def _mismatch(part: str, found: str, source: Value, expected: Expected, secret: bool = False) -> Hit:
    shown = "" if secret else f" `{found}`"
    wanted = "" if secret else f" `{expected.value}`"
    return source.spot.hit(
        f"the {part}{shown} in `{source.text}` ({source.spot.label}) differs from {expected.label}{wanted}"
        f"{expected.note} ({expected.spot.label})"
    )


def _url_hits(name: str, source: Value, db: Database) -> Iterator[Hit]:
    assert source.value is not None
    try:
        parts = urlsplit(source.value)
        port = str(parts.port) if parts.port is not None else DEFAULT_PORT
    except ValueError:
        yield source.spot.hit(f"`{name}` is not a URL that can be read; expected `postgresql://USER:PASSWORD@HOST:PORT/DATABASE`")
        return
    label = Value(name, source.value, source.spot)
    found = {
        "host": (parts.hostname or "", db.host),
        "port": (port, db.port),
        "user": (unquote(parts.username or ""), db.user),
        "database": (unquote(parts.path.lstrip("/")), db.database),
    }
    for part, (value, expected) in found.items():
        if expected.value is not None and value != expected.value:
            yield _mismatch(part, value, label, expected)
    password = db.password
    if password is not None and password.value is not None and unquote(parts.password or "") != password.value:
        yield _mismatch("password", "", label, password, secret=True)


def _pg_isready_options(argv: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Yield (part, value) for each connection option of a pg_isready command line."""
    index = 1
    while index < len(argv):
        word = argv[index]
        index += 1
        name, equals, attached = word.partition("=")
        if name in _PG_ISREADY_OPTIONS and name.startswith("--") and equals:
            yield _PG_ISREADY_OPTIONS[name], attached
        elif word in _PG_ISREADY_OPTIONS and index < len(argv):
            yield _PG_ISREADY_OPTIONS[word], argv[index]
            index += 1
        elif word[:2] in _PG_ISREADY_OPTIONS and len(word) > 2 and not word.startswith("--"):
            yield _PG_ISREADY_OPTIONS[word[:2]], word[2:]


def _container_value(compose: ComposeUnit, db: Service, text: str, lookup: Lookup) -> tuple[str | None, str]:
    """Resolve a `$NAME` argument from the db container's environment, as its shell does."""
    match = _SHELL_VARIABLE.match(text)
    if match is None:
        return (None, f"`{text}` is not a plain value") if "$" in text else (text, "")
    name = match.group(1) or match.group(2)
    value = service_variable(compose, db, name, lookup)
    if value is None or value.value is None:
        return None, f"`{name}` is not set in the environment of `{db.name}`"
    return value.value, ""


def _pg_isready_hits(compose: ComposeUnit, db: Database, lookup: Lookup) -> Iterator[Hit]:
    healthcheck = db.service.healthcheck
    if healthcheck is None or healthcheck.disabled or healthcheck.test is None:
        return
    test = healthcheck.test
    node: Node = test.node.items[1] if isinstance(test.node, Sequence) and len(test.node.items) > 1 else test.node
    words = [interpolated(compose, node, arg, lookup).value for arg in test.args]
    if any(word is None for word in words):
        return
    script = " ".join(word or "" for word in words) if test.kind == "CMD-SHELL" else shlex.join(word or "" for word in words)
    spot = node_spot(compose, node)
    expected = {"user": db.user, "database": db.database, "port": db.port}
    for command in parse_shell(script).commands:
        if command.program != "pg_isready":
            continue
        for part, text in _pg_isready_options(command.argv):
            value, reason = _container_value(compose, db.service, text, lookup)
            if value is None:
                yield spot.hit(f"pg_isready {part} `{text}` ({spot.label}) cannot be checked: {reason}")
            elif part == "host":
                if value not in _LOCAL_HOSTS and value != db.service.name:
                    yield spot.hit(
                        f"pg_isready host `{value}` ({spot.label}) is not the database container itself; "
                        f"expected `localhost` or `{db.service.name}`"
                    )
            elif expected[part].value is not None and value != expected[part].value:
                target = expected[part]
                yield spot.hit(
                    f"pg_isready {part} `{value}` ({spot.label}) differs from {target.label} `{target.value}`"
                    f"{target.note} ({target.spot.label})"
                )


def check(project: Project, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    for compose in project.composes:
        db_service = compose.compose.service(policy.db_service)
        if not compose.linted or db_service is None:
            continue
        lookup = lookup_for(compose)
        db = _database(compose, db_service, lookup)
        yield from db.hits
        yield from _pg_isready_hits(compose, db, lookup)
        for name in policy.app_services:
            service = compose.compose.service(name)
            source = service_variable(compose, service, policy.database_url_variable, lookup) if service else None
            if source is None:
                continue
            if source.value is None:
                yield source.spot.hit(
                    f"`{policy.database_url_variable}` of `{name}` cannot be compared with `{db_service.name}`: {source.reason}"
                )
                continue
            yield from _url_hits(policy.database_url_variable, source, db)


RULE = Rule(
    id="XF003",
    name="database-url-agreement",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="POBLYSH_DATABASE_URL and the db's pg_isready arguments match the db service and its POSTGRES_* settings",
    check=check,
    docs=RuleDocs(
        checks=(
            "In `POBLYSH_DATABASE_URL` of `app` and `migrate`, the host is the `db` service name, the port is 5432 "
            "(or the db's `PGPORT`), and the user, password and database are the db's `POSTGRES_USER`, "
            "`POSTGRES_PASSWORD` and `POSTGRES_DB` (with the postgres image's defaults when unset). The `-U`, `-d`, "
            "`-p` and `-h` arguments of the db's `pg_isready` healthcheck agree with them too; `$POSTGRES_USER` "
            "there is read from the db's environment. Values are read after Compose interpolation; what cannot be "
            "resolved is reported as unverifiable. Passwords are compared but never printed."
        ),
        why=(
            "A URL that disagrees with the database fails only at runtime: `migrate` exits with an authentication "
            "error and `app` never starts. A `pg_isready` pointed at another user or database reports a state that "
            "is not the one the app depends on."
        ),
        noncompliant=(
            "services:\n  db:\n    image: postgres:16-alpine\n    environment:\n      POSTGRES_USER: pbl\n"
            "      POSTGRES_PASSWORD: secret\n      POSTGRES_DB: connectors\n  app:\n    image: connectors:1.0\n"
            "    environment:\n      POBLYSH_DATABASE_URL: postgresql://pbl:secret@database:5432/connectors\n"
        ),
        compliant=(
            "services:\n  db:\n    image: postgres:16-alpine\n    environment:\n      POSTGRES_USER: pbl\n"
            "      POSTGRES_PASSWORD: secret\n      POSTGRES_DB: connectors\n  app:\n    image: connectors:1.0\n"
            "    environment:\n      POBLYSH_DATABASE_URL: postgresql://pbl:secret@db:5432/connectors\n"
        ),
        example_file="compose.yaml",
    ),
    parameters=("db_service", "app_services", "database_url_variable"),
)

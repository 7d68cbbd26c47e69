"""XF003 database-url-agreement: the database URL and pg_isready match the db service."""

from __future__ import annotations

import pathlib

import pytest

from xf_support import COMPOSE, Row, edit, findings, project, rows

APP_URL = "      POBLYSH_DATABASE_URL: postgresql://pbl:secret@db:5432/connectors\n    healthcheck"
PG_ISREADY = '"pg_isready -U pbl -d connectors"'

ANCHORED = """\
x-env: &env
  POBLYSH_DATABASE_URL: postgresql://pbl:secret@database:5432/connectors
services:
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: pbl
      POSTGRES_PASSWORD: secret
      POSTGRES_DB: connectors
  migrate:
    image: connectors:1
    environment: *env
  app:
    image: connectors:1
    environment: *env
"""


def app_url(url: str) -> str:
    return edit(COMPOSE, (APP_URL, f"      POBLYSH_DATABASE_URL: {url}\n    healthcheck"))


def pg_isready(arguments: str) -> str:
    return edit(COMPOSE, (PG_ISREADY, f'"pg_isready {arguments}"'))


def compose(text: str, **others: str) -> dict[str, str]:
    return project(**{"compose.yaml": text}, **others)


CASES = [
    pytest.param(project(), {}, [], id="all-agree"),
    pytest.param(compose(app_url("postgresql://pbl:secret@database:5432/connectors")), {}, [("compose.yaml", 25, 7, "XF003")], id="host-differs"),
    pytest.param(compose(app_url("postgresql://pbl:secret@db:5433/connectors")), {}, [("compose.yaml", 25, 7, "XF003")], id="port-differs"),
    pytest.param(compose(app_url("postgresql://pbl:secret@db/connectors")), {}, [], id="port-defaults-to-5432"),
    pytest.param(compose(app_url("postgresql://admin:secret@db:5432/connectors")), {}, [("compose.yaml", 25, 7, "XF003")], id="user-differs"),
    pytest.param(compose(app_url("postgresql://pbl:wrong@db:5432/connectors")), {}, [("compose.yaml", 25, 7, "XF003")], id="password-differs"),
    pytest.param(compose(app_url("postgresql://pbl:secret@db:5432/other")), {}, [("compose.yaml", 25, 7, "XF003")], id="database-differs"),
    pytest.param(
        compose(edit(COMPOSE, ("@db:5432/connectors\n  app", "@db:5432/other\n  app"), (APP_URL, APP_URL.replace("connectors", "other")))),
        {}, [("compose.yaml", 16, 7, "XF003"), ("compose.yaml", 25, 7, "XF003")], id="migrate-and-app-both-checked",
    ),
    pytest.param(compose(ANCHORED), {}, [("compose.yaml", 2, 3, "XF003")], id="shared-anchor-reported-once"),
    pytest.param(
        compose(edit(COMPOSE, ("      POSTGRES_DB: connectors\n", "      PGDATA: /data\n"))), {},
        [("compose.yaml", 9, 27, "XF003"), ("compose.yaml", 16, 7, "XF003"), ("compose.yaml", 25, 7, "XF003")],
        id="database-defaults-to-user",
    ),
    pytest.param(
        compose(edit(COMPOSE, ("      POSTGRES_DB: connectors\n", "      POSTGRES_DB: connectors\n      PGPORT: 5433\n"))), {},
        [("compose.yaml", 17, 7, "XF003"), ("compose.yaml", 26, 7, "XF003")], id="pgport-moves-the-server",
    ),
    pytest.param(
        compose(app_url("${XF_DB_URL}"), dot_env="XF_DB_URL=postgresql://pbl:secret@dbx:5432/connectors\n"), {},
        [("compose.yaml", 25, 7, "XF003")], id="url-from-dotenv",
    ),
    pytest.param(compose(app_url("${XF_DB_URL}")), {}, [("compose.yaml", 25, 7, "XF003")], id="url-unresolved"),
    pytest.param(
        compose(
            edit(COMPOSE, (APP_URL, "      POBLYSH_PROFILE: dev\n    healthcheck")) + "    env_file: app.env\n",
            **{"app.env": "POBLYSH_DATABASE_URL=postgresql://pbl:secret@dbx:5432/connectors\n"},
        ),
        {}, [("app.env", 1, 1, "XF003")], id="url-from-env-file",
    ),
    pytest.param(
        compose(edit(COMPOSE, ("      POSTGRES_PASSWORD: secret", "      POSTGRES_PASSWORD: ${XF_PG_PASSWORD}"))), {},
        [("compose.yaml", 6, 7, "XF003")], id="db-password-unresolved",
    ),
    pytest.param(
        compose(edit(COMPOSE, ("      POSTGRES_PASSWORD: secret", "      POSTGRES_PASSWORD: ${XF_PG_PASSWORD}"))),
        {"XF_PG_PASSWORD": "secret"}, [], id="db-password-from-environment",
    ),
    pytest.param(compose(pg_isready("-U admin -d connectors")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-user-differs"),
    pytest.param(compose(pg_isready("--username=admin")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-long-option"),
    pytest.param(compose(pg_isready("-Uadmin")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-attached-value"),
    pytest.param(compose(pg_isready("-U pbl -d other")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-database-differs"),
    pytest.param(compose(pg_isready("-U pbl -p 5433")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-port-differs"),
    pytest.param(compose(pg_isready("-h app")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-other-host"),
    pytest.param(compose(pg_isready("-h localhost -p 5432")), {}, [], id="pg-isready-local-host"),
    pytest.param(
        compose(pg_isready("-U $$POSTGRES_USER -d $${POSTGRES_DB}")), {}, [], id="pg-isready-reads-db-environment",
    ),
    pytest.param(compose(pg_isready("-U $$PGUSER")), {}, [("compose.yaml", 9, 27, "XF003")], id="pg-isready-unknown-variable"),
]


@pytest.mark.parametrize(("files", "environ", "expected"), CASES)
def test_rows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], environ: dict[str, str], expected: list[Row],
) -> None:
    for name in ("XF_DB_URL", "XF_PG_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert rows(tmp_path, monkeypatch, files, "XF003") == expected


def test_message_names_both_sides(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = compose(app_url("postgresql://pbl:secret@database:5432/connectors"))
    [finding] = findings(tmp_path, monkeypatch, files, "XF003")
    assert finding.message == (
        "the host `database` in `POBLYSH_DATABASE_URL` (compose.yaml:25) differs from the database service `db` (compose.yaml:2)"
    )


def test_password_never_printed(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = compose(app_url("postgresql://pbl:hunter2@db:5432/connectors"))
    [finding] = findings(tmp_path, monkeypatch, files, "XF003")
    assert "hunter2" not in finding.message
    assert "secret" not in finding.message

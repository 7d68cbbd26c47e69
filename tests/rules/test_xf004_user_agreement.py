"""XF004 user-agreement: a Compose user matches the image's effective USER."""

from __future__ import annotations

import pathlib

import pytest

from xf_support import COMPOSE, DOCKERFILE, Row, edit, findings, project, rows

APP_USER = '    image: poblysh/connectors:dev\n    user: "10001:10001"\n    ports'


def app_user(user: str) -> dict[str, str]:
    return project(**{"compose.yaml": edit(COMPOSE, (APP_USER, f"    image: poblysh/connectors:dev\n    user: {user}\n    ports"))})


def image_user(line: str) -> str:
    return edit(DOCKERFILE, ("USER 10001:10001", line))


CASES = [
    pytest.param(project(), {}, [], id="same-user"),
    pytest.param(app_user('"1000:1000"'), {}, [("compose.yaml", 20, 11, "XF004")], id="uid-differs"),
    pytest.param(app_user('"10001"'), {}, [], id="uid-without-group"),
    pytest.param(app_user('"10001:0"'), {}, [("compose.yaml", 20, 11, "XF004")], id="gid-differs"),
    pytest.param(app_user("root"), {}, [("compose.yaml", 20, 11, "XF004")], id="root-overrides"),
    pytest.param(app_user("connectors"), {}, [("compose.yaml", 20, 11, "XF004")], id="name-against-number"),
    pytest.param(project(Dockerfile=image_user("USER 1000")), {}, [("compose.yaml", 14, 11, "XF004"), ("compose.yaml", 20, 11, "XF004")], id="image-user-differs"),
    pytest.param(project(Dockerfile=image_user("LABEL a=b")), {}, [("compose.yaml", 14, 11, "XF004"), ("compose.yaml", 20, 11, "XF004")], id="image-runs-as-root"),
    pytest.param(
        project(Dockerfile=image_user("ARG UID=10001\nUSER ${UID}"), **{"compose.yaml": edit(COMPOSE, ("  app:\n    build: .\n", '  app:\n    build: {context: ., args: {UID: "1000"}}\n'))}),
        {}, [("compose.yaml", 20, 11, "XF004")], id="image-user-from-build-arg",
    ),
    pytest.param(app_user('"${XF_UID}:10001"') | {".env": "XF_UID=1000\n"}, {}, [("compose.yaml", 20, 11, "XF004")], id="compose-user-from-dotenv"),
    pytest.param(app_user('"${XF_UID}:10001"'), {"XF_UID": "10001"}, [], id="compose-user-from-environment"),
    pytest.param(app_user('"${XF_UID}:10001"'), {}, [("compose.yaml", 20, 11, "XF004")], id="compose-user-unresolved"),
    pytest.param(
        project(Dockerfile=edit(DOCKERFILE, ("FROM debian:bookworm-slim\n", "FROM debian:bookworm-slim AS base\nUSER 1000\nFROM base\n"), ("USER 10001:10001\n", ""))),
        {}, [("compose.yaml", 14, 11, "XF004"), ("compose.yaml", 20, 11, "XF004")], id="user-inherited-from-stage",
    ),
    pytest.param(
        project(**{"compose.yaml": edit(COMPOSE, ('    user: "10001:10001"\n    environment', "    environment"), (APP_USER, "    image: poblysh/connectors:dev\n    ports"))}),
        {}, [], id="no-compose-user",
    ),
]


@pytest.mark.parametrize(("files", "environ", "expected"), CASES)
def test_rows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], environ: dict[str, str], expected: list[Row],
) -> None:
    monkeypatch.delenv("XF_UID", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert rows(tmp_path, monkeypatch, files, "XF004") == expected


def test_message_names_both_sides(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [finding] = findings(tmp_path, monkeypatch, app_user('"1000:1000"'), "XF004")
    assert finding.message == (
        "user `1000:1000` (compose.yaml:20) differs from the image's user `10001:10001` (USER at "
        "Dockerfile:6); set the same uid and gid in both files"
    )

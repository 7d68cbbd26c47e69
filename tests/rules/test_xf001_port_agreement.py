"""XF001 port-agreement: EXPOSE, published port, bind address and healthcheck URL agree."""

from __future__ import annotations

import pathlib

import pytest

from xf_support import COMPOSE, DOCKERFILE, Row, edit, findings, project, rows

EXPOSE_9090 = edit(DOCKERFILE, ("EXPOSE 8080", "EXPOSE 9090"))
EXPOSE_ARG = edit(DOCKERFILE, ("EXPOSE 8080", "ARG PORT=8080\nEXPOSE ${PORT}"))
APP_BUILD = "  app:\n    build: .\n"


def app_build(text: str) -> str:
    return edit(COMPOSE, (APP_BUILD, f"  app:\n    build: {text}\n"))


CASES = [
    pytest.param(project(), {}, [], id="all-agree"),
    pytest.param(project(Dockerfile=EXPOSE_9090), {}, [("Dockerfile", 7, 8, "XF001")], id="expose-differs"),
    pytest.param(
        project(**{"compose.yaml": edit(COMPOSE, ("127.0.0.1:8080/readyz", "127.0.0.1:7070/readyz"))}), {},
        [("compose.yaml", 27, 37, "XF001")], id="healthcheck-url-differs",
    ),
    pytest.param(
        project(**{"compose.yaml": edit(COMPOSE, ("POBLYSH_API_BIND_ADDR: 0.0.0.0:8080", "POBLYSH_API_BIND_ADDR: 0.0.0.0:9000"))}), {},
        [("compose.yaml", 24, 7, "XF001")], id="bind-address-differs",
    ),
    pytest.param(
        project(**{"compose.yaml": edit(COMPOSE, ('- "8080:8080"', '- "8080:9000"'))}), {},
        [("compose.yaml", 22, 9, "XF001")], id="published-target-differs",
    ),
    pytest.param(
        project(**{"compose.yaml": edit(COMPOSE, ('- "8080:8080"', '- "9000:8080"'))}), {}, [], id="host-port-is-free",
    ),
    pytest.param(
        project(Dockerfile=EXPOSE_ARG, **{"compose.yaml": app_build('{context: ., args: {PORT: "9090"}}')}), {},
        [("Dockerfile", 8, 8, "XF001")], id="build-arg-feeds-expose",
    ),
    pytest.param(
        project(Dockerfile=EXPOSE_ARG, dot_env="APP_PORT=9090\n", **{"compose.yaml": app_build('{context: ., args: {PORT: "${APP_PORT}"}}')}),
        {}, [("Dockerfile", 8, 8, "XF001")], id="build-arg-from-dotenv",
    ),
    pytest.param(
        project(Dockerfile=EXPOSE_ARG, dot_env="APP_PORT=9090\n", **{"compose.yaml": app_build('{context: ., args: {PORT: "${APP_PORT}"}}')}),
        {"APP_PORT": "8080"}, [], id="process-env-beats-dotenv",
    ),
    pytest.param(
        project(Dockerfile=EXPOSE_ARG, **{"compose.yaml": app_build('{context: ., args: {PORT: "${XF_UNSET_PORT}"}}')}), {},
        [("Dockerfile", 8, 8, "XF001")], id="build-arg-unresolved",
    ),
    pytest.param(
        project(Dockerfile=EXPOSE_ARG, **{"compose.yaml": app_build("{context: ., args: [PORT]}")}), {"PORT": "9090"},
        [("Dockerfile", 8, 8, "XF001")], id="bare-build-arg-from-environment",
    ),
    pytest.param(
        project(Dockerfile=DOCKERFILE + "FROM debian:bookworm-slim AS debug\nEXPOSE 9090\n", **{"compose.yaml": app_build("{context: ., target: debug}")}),
        {}, [("Dockerfile", 10, 8, "XF001")], id="build-target-is-final",
    ),
    pytest.param(
        project(**{"compose.yaml": app_build('{context: ., dockerfile_inline: "FROM debian:bookworm-slim\\nEXPOSE 9090\\n"}')}), {},
        [("compose.yaml#services.app.build.dockerfile_inline", 2, 8, "XF001")], id="dockerfile-inline",
    ),
    pytest.param(
        project(**{"docker/App.Dockerfile": EXPOSE_9090, "compose.yaml": app_build("{context: ., dockerfile: docker/App.Dockerfile}")}), {},
        [("docker/App.Dockerfile", 7, 8, "XF001")], id="named-dockerfile",
    ),
    pytest.param(
        project(**{"svc/Dockerfile": EXPOSE_9090, "compose.yaml": app_build("./svc")}), {},
        [("svc/Dockerfile", 7, 8, "XF001")], id="context-folder",
    ),
    pytest.param(
        project(Dockerfile=EXPOSE_9090, **{"compose.yaml": edit(COMPOSE, (APP_BUILD, "  app:\n    pull_policy: always\n"))}), {},
        [("Dockerfile", 7, 8, "XF001")], id="runs-image-another-service-builds",
    ),
    pytest.param(
        project(**{"compose.yaml": edit(COMPOSE, (APP_BUILD, "  app:\n    pull_policy: always\n"), ("image: poblysh/connectors:dev\n    user", "image: other/connectors:1\n    user"))}),
        {}, [("compose.yaml", 19, 5, "XF001")], id="image-built-elsewhere",
    ),
    pytest.param(
        project(**{"compose.yaml": app_build("https://github.com/poblysh/connectors.git#main")}), {},
        [("compose.yaml", 18, 5, "XF001")], id="remote-context",
    ),
    pytest.param(project(Dockerfile=None), {}, [("compose.yaml", 18, 5, "XF001")], id="dockerfile-missing"),
]


@pytest.mark.parametrize(("files", "environ", "expected"), CASES)
def test_rows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], environ: dict[str, str], expected: list[Row],
) -> None:
    for name in ("APP_PORT", "PORT", "XF_UNSET_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert rows(tmp_path, monkeypatch, files, "XF001") == expected


def test_message_names_both_sides(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [finding] = findings(tmp_path, monkeypatch, project(Dockerfile=EXPOSE_9090), "XF001")
    assert finding.message == (
        "EXPOSE `9090` (Dockerfile:7) differs from the port in `POBLYSH_API_BIND_ADDR` `8080` (compose.yaml:24)"
    )


def test_dockerfile_named_alone(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = rows(tmp_path, monkeypatch, project(Dockerfile=EXPOSE_9090), "XF001", paths=("Dockerfile",))
    assert found == [("Dockerfile", 7, 8, "XF001")]


def test_unchecked_once_per_service(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = project(Dockerfile=None)
    messages = [finding.message for finding in findings(tmp_path, monkeypatch, files, "XF001")]
    assert messages == [
        "the EXPOSE port cannot be checked for service `app`: Dockerfile `Dockerfile` not found in build context `.`"
    ]


def test_value_replaced_by_override(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    override = "services:\n  app:\n    environment:\n      POBLYSH_API_BIND_ADDR: 0.0.0.0:9090\n"
    found = rows(tmp_path, monkeypatch, {**project(), "compose.override.yaml": override}, "XF001")
    assert found == [("compose.override.yaml", 4, 7, "XF001")]

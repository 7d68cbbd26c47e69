"""XF006 dockerignore-excludes-secrets: each build context keeps .env* out."""

from __future__ import annotations

import pathlib

import pytest

from xf_support import COMPOSE, Row, edit, findings, project, rows


def app_build(text: str) -> str:
    return edit(COMPOSE, ("  app:\n    build: .\n", f"  app:\n    build: {text}\n"))


CASES = [
    pytest.param(project(), [], id="excludes-env-files"),
    pytest.param(project(dot_dockerignore="**/.env*\n"), [], id="double-star-pattern"),
    pytest.param(project(dot_dockerignore=None), [("compose.yaml", 11, 12, "XF006")], id="no-dockerignore-once-per-context"),
    pytest.param(project(dot_dockerignore="target/\n"), [("compose.yaml", 11, 12, "XF006")], id="env-not-excluded"),
    pytest.param(project(dot_dockerignore=".env\n"), [("compose.yaml", 11, 12, "XF006")], id="only-dot-env-excluded"),
    pytest.param(project(dot_dockerignore=".env*\n!.env.local\n"), [(".dockerignore", 2, 1, "XF006")], id="re-included"),
    pytest.param(
        project(**{"Dockerfile.dockerignore": "target/\n"}), [("compose.yaml", 11, 12, "XF006")],
        id="dockerfile-specific-ignore-wins",
    ),
    pytest.param(
        project(**{"svc/Dockerfile": "FROM debian:bookworm-slim\n", "compose.yaml": app_build("./svc")}),
        [("compose.yaml", 18, 12, "XF006")], id="second-context-without-ignore",
    ),
    pytest.param(
        project(**{"svc/Dockerfile": "FROM debian:bookworm-slim\n", "svc/.dockerignore": ".env*\n", "compose.yaml": app_build("{context: ./svc}")}),
        [], id="second-context-with-ignore",
    ),
    pytest.param(
        project(**{"compose.yaml": app_build("https://github.com/poblysh/connectors.git#main")}), [("compose.yaml", 18, 12, "XF006")],
        id="remote-context",
    ),
    pytest.param(
        project(**{"compose.yaml": app_build("${XF_CONTEXT}")}), [("compose.yaml", 18, 12, "XF006")], id="context-unresolved",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_rows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], expected: list[Row],
) -> None:
    monkeypatch.delenv("XF_CONTEXT", raising=False)
    assert rows(tmp_path, monkeypatch, files, "XF006") == expected


def test_severity_is_warning(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [finding] = findings(tmp_path, monkeypatch, project(dot_dockerignore=None), "XF006")
    assert finding.severity.value == "warning"


def test_context_from_environment(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XF_CONTEXT", "./svc")
    files = project(**{"svc/Dockerfile": "FROM debian:bookworm-slim\n", "compose.yaml": app_build("${XF_CONTEXT}")})
    assert rows(tmp_path, monkeypatch, files, "XF006") == [("compose.yaml", 18, 12, "XF006")]

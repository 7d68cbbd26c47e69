"""CF012 pinned-service-image: every image is pinned, and db uses postgres:16-alpine."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from helpers import lint_files
from dlint.rules.cf012_pinned_service_image import RULE

DB = "services:\n  db:\n    image: postgres:16-alpine\n"
DIGEST = "sha256:" + "a" * 64


def app(image: str) -> str:
    """db is compliant; the app image is on line 5, its value at column 12."""
    return DB + f"  app:\n    image: {image}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(app("poblysh/connectors"), [(5, 12, "CF012")], id="untagged"),
        pytest.param(app("poblysh/connectors:latest"), [(5, 12, "CF012")], id="latest"),
        pytest.param(app("registry.example:5000/team/app"), [(5, 12, "CF012")], id="registry-port-untagged"),
        pytest.param(app("Poblysh/Connectors:1.0"), [(5, 12, "CF012")], id="invalid-upper-case"),
        pytest.param(app("connectors:1.0@sha256:abc"), [(5, 12, "CF012")], id="invalid-digest"),
        pytest.param(app('"connectors:"'), [(5, 12, "CF012")], id="invalid-empty-tag"),
        pytest.param(app("poblysh/connectors:1.4.0"), [], id="tag"),
        pytest.param(app(f"poblysh/connectors@{DIGEST}"), [], id="digest"),
        pytest.param(app(f"poblysh/connectors:latest@{DIGEST}"), [], id="latest-with-digest"),
        pytest.param(app("registry.example:5000/team/app:2024.1"), [], id="registry-port-tagged"),
        pytest.param(app('"${MISSING_TAG_VARIABLE_CF012}"'), [(5, 12, "CF012")], id="unset-variable"),
        pytest.param(app("connectors:${TAG:-1.0}"), [], id="variable-default"),
        pytest.param(app("connectors:${TAG:-latest}"), [(5, 12, "CF012")], id="variable-default-latest"),
        pytest.param(app("connectors:${TAG"), [(5, 12, "CF012"), (5, 12, "E001")], id="invalid-interpolation"),
        pytest.param(app("connectors:$${TAG}"), [(5, 12, "CF012")], id="escaped-dollar-is-invalid"),
        pytest.param(DB + "  app:\n    build: .\n", [], id="build-without-image"),
        pytest.param(DB + "  app:\n    build: .\n    image: connectors\n", [(6, 12, "CF012")], id="built-image-untagged"),
        pytest.param("services:\n  db:\n    image: postgres:15-alpine\n", [(3, 12, "CF012")], id="db-other-tag"),
        pytest.param("services:\n  db:\n    image: postgres\n", [(3, 12, "CF012")], id="db-untagged"),
        pytest.param("services:\n  db:\n    image: mysql:8\n", [(3, 12, "CF012")], id="db-other-image"),
        pytest.param("services:\n  db:\n    image: docker.io/library/postgres:16-alpine\n", [], id="db-full-name"),
        pytest.param(f"services:\n  db:\n    image: postgres:16-alpine@{DIGEST}\n", [], id="db-tag-and-digest"),
        pytest.param("services:\n  db:\n    build: ./db\n", [(3, 5, "CF012")], id="db-built"),
        pytest.param("services:\n  db:\n    environment: {}\n", [(2, 3, "CF012"), (2, 3, "E001")], id="db-without-image"),
        pytest.param("services:\n  cache:\n    image: redis:latest\n", [(3, 12, "CF012")], id="any-service"),
    ],
)
def test_cf012(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


@pytest.mark.parametrize(
    ("dotenv", "expected"),
    [
        pytest.param("TAG=1.4.0\n", [], id="tag-from-dotenv"),
        pytest.param("TAG=latest\n", [("compose.yaml", 5, 12, "CF012")], id="latest-from-dotenv"),
        pytest.param("BASE=1.4\nTAG=${BASE}.0\n", [], id="dotenv-refers-to-earlier-entry"),
        pytest.param("OTHER=1\n", [("compose.yaml", 5, 12, "CF012")], id="not-in-dotenv"),
    ],
)
def test_cf012_dotenv(tmp_path: pathlib.Path, dotenv: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": app("connectors:${TAG}"), ".env": dotenv}
    assert lint_files(tmp_path, files, [RULE.id]) == expected


@pytest.mark.parametrize(
    ("process", "expected"),
    [
        pytest.param("2.0", [], id="process-wins"),
        pytest.param("latest", [("compose.yaml", 5, 12, "CF012")], id="process-latest-wins"),
    ],
)
def test_cf012_process_environment(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, process: str, expected: list[tuple[str, int, int, str]]
) -> None:
    monkeypatch.setenv("CF012_TAG", process)
    files = {"compose.yaml": app("connectors:${CF012_TAG}"), ".env": "CF012_TAG=1.0\n"}
    assert lint_files(tmp_path, files, [RULE.id]) == expected


@pytest.mark.parametrize(
    ("image", "message"),
    [
        pytest.param("connectors", "image `connectors` has no tag or digest, so it means `latest`; expected a fixed tag or a digest", id="untagged"),
        pytest.param("connectors:latest", "image `connectors:latest` uses the `latest` tag; expected a fixed tag or a digest", id="latest"),
        pytest.param(
            "connectors:${CF012_UNSET}",
            "image `connectors:${CF012_UNSET}` of `app` cannot be verified: `CF012_UNSET` is not set in the environment or `.env`",
            id="unset",
        ),
        pytest.param(
            "Connectors:1.0",
            "image `Connectors:1.0` of `app` is not a valid reference: repository name must be lower case in `Connectors:1.0`",
            id="invalid",
        ),
    ],
)
def test_cf012_message(tmp_path: pathlib.Path, image: str, message: str) -> None:
    assert messages(tmp_path, app(image), RULE) == [message]


def test_cf012_db_message(tmp_path: pathlib.Path) -> None:
    text = "services:\n  db:\n    image: postgres:latest\n"
    assert messages(tmp_path, text, RULE) == ["service `db` uses image `postgres:latest`; expected `postgres:16-alpine`"]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf012_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("services:\n  db:\n    environment: {POSTGRES_DB: connectors}\n", [], id="db-image-left-to-base"),
        pytest.param(
            "services:\n  db:\n    image: postgres:17\n", [("compose.override.yaml", 3, 12, "CF012")], id="db-image-in-override"
        ),
    ],
)
def test_cf012_override(tmp_path: pathlib.Path, override: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": DB, "compose.override.yaml": override}
    assert lint_files(tmp_path, files, [RULE.id]) == expected

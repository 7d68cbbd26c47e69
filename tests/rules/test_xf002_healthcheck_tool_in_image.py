"""XF002 healthcheck-tool-in-image: the healthcheck's programs are in the image the app runs."""

from __future__ import annotations

import pathlib

import pytest

from xf_support import COMPOSE, DOCKERFILE, Row, edit, findings, project, rows

CURL_RUN = "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*"
NO_CURL = edit(DOCKERFILE, (CURL_RUN, "RUN true"))
CURL_TEST = 'test: ["CMD", "curl", "-fsS", "http://127.0.0.1:8080/readyz"]'


def with_test(test: str) -> str:
    return edit(COMPOSE, (CURL_TEST, f"test: {test}"))


def runtime(lines: str, base: str = "debian:bookworm-slim") -> str:
    """A Dockerfile whose runtime stage (line 3 on) has `lines` in place of the curl install."""
    return edit(DOCKERFILE, (CURL_RUN, lines), ("FROM debian:bookworm-slim", f"FROM {base}"))


CASES = [
    pytest.param(project(), [], id="curl-installed-with-apt"),
    pytest.param(project(Dockerfile=NO_CURL), [("compose.yaml", 27, 21, "XF002")], id="curl-missing-on-debian"),
    pytest.param(
        project(Dockerfile=NO_CURL, **{"compose.yaml": with_test('["CMD-SHELL", "curl -f http://localhost:8080/readyz || exit 1"]')}),
        [("compose.yaml", 27, 27, "XF002")], id="cmd-shell-curl-missing",
    ),
    pytest.param(
        project(Dockerfile=NO_CURL, **{"compose.yaml": with_test('curl -f http://localhost:8080/readyz')}),
        [("compose.yaml", 27, 13, "XF002")], id="string-form-curl-missing",
    ),
    pytest.param(
        project(Dockerfile=NO_CURL, **{"compose.yaml": with_test('["CMD", "wget", "-qO-", "http://localhost:8080/readyz"]')}),
        [("compose.yaml", 27, 21, "XF002")], id="wget-missing-on-debian",
    ),
    pytest.param(
        project(Dockerfile=runtime("RUN apk add --no-cache ca-certificates", "alpine:3.20"),
                **{"compose.yaml": with_test('["CMD", "wget", "-qO-", "http://localhost:8080/readyz"]')}),
        [], id="busybox-wget-on-alpine",
    ),
    pytest.param(
        project(Dockerfile=runtime("RUN apk add --no-cache ca-certificates", "alpine:3.20")),
        [("compose.yaml", 27, 21, "XF002")], id="curl-missing-on-alpine",
    ),
    pytest.param(project(Dockerfile=runtime("RUN apk add --no-cache curl", "alpine:3.20")), [], id="curl-added-with-apk"),
    pytest.param(
        project(Dockerfile=runtime("RUN <<EOF\napt-get update\napt-get install -y curl\nEOF")), [],
        id="curl-installed-in-heredoc",
    ),
    pytest.param(
        project(Dockerfile=runtime('RUN ["apt-get", "install", "-y", "curl"]')), [], id="curl-installed-exec-form",
    ),
    pytest.param(
        project(Dockerfile=runtime("COPY --from=builder /usr/bin/curl /usr/local/bin/")), [], id="curl-copied-into-folder",
    ),
    pytest.param(
        project(Dockerfile=runtime("COPY --from=builder /usr/bin/curl /opt/tools/curl")),
        [("compose.yaml", 27, 21, "XF002")], id="curl-copied-off-path",
    ),
    pytest.param(
        project(Dockerfile=NO_CURL, **{"compose.yaml": with_test('["CMD", "connectors", "healthcheck"]')}), [],
        id="app-binary-checks-itself",
    ),
    pytest.param(
        project(Dockerfile=edit(DOCKERFILE, ("FROM debian:bookworm-slim\n", "FROM debian:bookworm-slim AS base\n" + CURL_RUN + "\nFROM base\n"),
                                ("\n" + CURL_RUN + "\nCOPY", "\nCOPY"))),
        [], id="curl-installed-in-parent-stage",
    ),
    pytest.param(
        project(Dockerfile=runtime("RUN true", "gcr.io/distroless/cc-debian12"),
                **{"compose.yaml": with_test('["CMD-SHELL", "connectors healthcheck"]')}),
        [("compose.yaml", 27, 27, "XF002")], id="no-shell-in-distroless",
    ),
    pytest.param(
        project(Dockerfile=runtime("RUN true", "ghcr.io/acme/runtime:1")), [("compose.yaml", 27, 21, "XF002")],
        id="unknown-base-is-unverifiable",
    ),
    pytest.param(
        project(**{"compose.yaml": with_test('["NONE"]')}, Dockerfile=NO_CURL), [], id="disabled-healthcheck",
    ),
    pytest.param(project(Dockerfile=None), [("compose.yaml", 18, 5, "XF002")], id="dockerfile-missing"),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_rows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], expected: list[Row],
) -> None:
    assert rows(tmp_path, monkeypatch, files, "XF002") == expected


@pytest.mark.parametrize(
    ("files", "start"),
    [
        pytest.param(project(Dockerfile=NO_CURL), "the healthcheck runs `curl` (compose.yaml:27), which the image of Dockerfile:3", id="missing"),
        pytest.param(
            project(Dockerfile=runtime("RUN true", "ghcr.io/acme/runtime:1")),
            "the healthcheck program `curl` (compose.yaml:27) cannot be checked in the image of Dockerfile:3", id="unknown-base",
        ),
    ],
)
def test_message(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], start: str,
) -> None:
    [finding] = findings(tmp_path, monkeypatch, files, "XF002")
    assert finding.message.startswith(start)

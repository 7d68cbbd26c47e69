"""CF007 app-readiness-healthcheck: app's healthcheck requests /readyz."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from helpers import lint_files
from dlint.rules.cf007_app_readiness_healthcheck import RULE

HEAD = "services:\n  app:\n    image: connectors:1.0\n"


def healthcheck(value: str, *extra: str) -> str:
    """The app with a healthcheck; `test:` is on line 5 and its value starts at column 13."""
    return HEAD + "    healthcheck:\n" + f"      test: {value}\n" + "".join(f"      {line}\n" for line in extra)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(healthcheck('["CMD", "curl", "-fsS", "http://127.0.0.1:8080/readyz"]'), [], id="cmd-curl"),
        pytest.param(healthcheck('["CMD-SHELL", "curl -f http://localhost:8080/readyz || exit 1"]'), [], id="cmd-shell"),
        pytest.param(healthcheck("wget -qO- http://localhost:8080/readyz"), [], id="string"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://localhost:${PORT}/readyz"]'), [], id="variable-port"),
        pytest.param(healthcheck('["CMD-SHELL", "curl -f http://localhost:$$PORT/readyz"]'), [], id="escaped-shell-variable"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/readyz?full=1"]'), [], id="query"),
        pytest.param(healthcheck('["CMD", "wget", "--spider", "-q", "localhost:8080/readyz"]'), [], id="no-scheme"),
        pytest.param(healthcheck('["CMD", "/usr/bin/curl", "-f", "http://[::1]:8080/readyz"]'), [], id="ipv6"),
        pytest.param(healthcheck('["CMD", "sh", "-c", "curl -f \'http://app:8080/readyz\'"]'), [], id="sh-c-quoted"),
        pytest.param(healthcheck('["CMD", "connectors", "healthcheck", "/readyz"]'), [], id="binary-with-path"),
        pytest.param(
            healthcheck("[\"CMD\", \"python3\", \"-c\", \"import urllib.request as u; u.urlopen('http://localhost:8080/readyz')\"]"),
            [], id="url-inside-script",
        ),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://localhost:8080${CF007_PATH:-/readyz}"]'), [], id="path-default"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/healthz"]'), [(5, 13, "CF007")], id="healthz"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/readyz/"]'), [(5, 13, "CF007")], id="trailing-slash"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/api/readyz"]'), [(5, 13, "CF007")], id="other-prefix"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/"]'), [(5, 13, "CF007")], id="root-path"),
        pytest.param(healthcheck('["CMD-SHELL", "nc -z localhost 8080"]'), [(5, 13, "CF007")], id="port-probe"),
        pytest.param(healthcheck("NONE"), [(5, 13, "CF007")], id="string-none-is-a-command"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "http://localhost:8080${CF007_UNSET}"]'), [(5, 13, "CF007")], id="path-unset"),
        pytest.param(healthcheck('["CMD", "curl", "-f", "${CF007_UNSET_URL}"]'), [(5, 13, "CF007")], id="url-unset"),
        pytest.param(healthcheck('["NONE"]'), [(5, 13, "CF007")], id="none-list"),
        pytest.param(
            healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/readyz"]', "disable: true"),
            [(6, 16, "CF007")], id="disabled",
        ),
        pytest.param(HEAD + "    healthcheck:\n      interval: 5s\n", [(4, 5, "CF007")], id="no-test"),
        pytest.param(HEAD, [(2, 3, "CF007")], id="no-healthcheck"),
        pytest.param("services:\n  db:\n    image: postgres:16-alpine\n", [], id="no-app"),
    ],
)
def test_cf007(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            healthcheck('["CMD", "curl", "-f", "http://127.0.0.1:8080/healthz"]'),
            "the healthcheck of `app` requests `/healthz`, not `/readyz`; "
            "expected a test such as `[\"CMD\", \"curl\", \"-fsS\", \"http://127.0.0.1:8080/readyz\"]`",
            id="other-path",
        ),
        pytest.param(
            healthcheck('["CMD", "curl", "-f", "${CF007_UNSET_URL}"]'),
            "the healthcheck of `app` cannot be verified to request `/readyz`: "
            "`CF007_UNSET_URL` is not set in the environment or `.env`",
            id="unset",
        ),
        pytest.param(HEAD, "service `app` has no healthcheck; expected a test that requests `/readyz`", id="missing"),
    ],
)
def test_cf007_message(tmp_path: pathlib.Path, text: str, message: str) -> None:
    assert messages(tmp_path, text, RULE) == [message]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf007_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("services:\n  app:\n    image: connectors:2.0\n", [], id="healthcheck-left-to-base"),
        pytest.param("services:\n  app:\n    healthcheck:\n      interval: 5s\n", [], id="test-left-to-base"),
        pytest.param(
            "services:\n  app:\n    healthcheck:\n      disable: true\n",
            [("compose.override.yaml", 4, 16, "CF007")], id="disabled-in-override",
        ),
    ],
)
def test_cf007_override(tmp_path: pathlib.Path, override: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": healthcheck('["CMD", "curl", "-f", "http://localhost:8080/readyz"]'), "compose.override.yaml": override}
    assert lint_files(tmp_path, files, [RULE.id]) == expected

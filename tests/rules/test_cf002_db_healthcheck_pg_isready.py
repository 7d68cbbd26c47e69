"""CF002 db-healthcheck-pg-isready: db has an enabled healthcheck that runs pg_isready."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

DB = "services:\n  db:\n    image: postgres:16-alpine\n    healthcheck:\n"  # the test is on line 5


def compose(test_lines: str) -> dict[str, str]:
    return {"compose.yaml": DB + test_lines}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"compose.yaml": "services:\n  db:\n    image: postgres:16-alpine\n"}, [(2, 3)], id="no-healthcheck"),
        pytest.param(compose("      test: NONE\n"), [(5, 13)], id="none-string-is-a-command"),
        pytest.param(compose("      test: [NONE]\n"), [(5, 13)], id="none-list-disables"),
        pytest.param(compose("      test: [CMD, pg_isready]\n      disable: true\n"), [(6, 16)], id="disable-true"),
        pytest.param(compose("      interval: 5s\n"), [(4, 5)], id="no-test"),
        pytest.param(compose("      test: [CMD, nc, -z, localhost, '5432']\n"), [(5, 13)], id="cmd-other-program"),
        pytest.param(compose("      test: echo pg_isready\n"), [(5, 13)], id="string-mentions-only"),
        pytest.param(compose("      test: [\"CMD-SHELL\", \"curl -f localhost\"]\n"), [(5, 13)], id="cmd-shell-other-program"),
        pytest.param(compose("      test: pg_isready -U pbl -d connectors\n"), [], id="string"),
        pytest.param(compose("      test: [CMD, pg_isready, -U, pbl]\n"), [], id="cmd"),
        pytest.param(compose("      test: [CMD, /usr/local/bin/pg_isready]\n"), [], id="cmd-absolute-path"),
        pytest.param(compose("      test: [\"CMD-SHELL\", \"pg_isready -U $$POSTGRES_USER\"]\n"), [], id="cmd-shell"),
        pytest.param(compose("      test: [CMD-SHELL, 'sleep 1 && pg_isready']\n"), [], id="cmd-shell-chain"),
        pytest.param(compose("      test: [CMD, sh, -c, 'pg_isready -q']\n"), [], id="cmd-sh-c"),
        pytest.param(compose("      test: [CMD, pg_isready]\n      disable: false\n"), [], id="disable-false"),
        pytest.param(
            {
                "compose.yaml": DB + "      test: [CMD, pg_isready]\n",
                "compose.override.yaml": "services:\n  db:\n    environment:\n      POSTGRES_DB: x\n",
            },
            [], id="override-without-healthcheck",
        ),
        pytest.param({"compose.yaml": "services:\n  app:\n    image: c:1\n"}, [], id="no-db-service"),
    ],
)
def test_cf002(tmp_path: pathlib.Path, files: dict[str, str], expected: list[tuple[int, int]]) -> None:
    found = lint_files(tmp_path, files, select=["CF002"])
    assert found == [("compose.yaml", line, column, "CF002") for line, column in expected]


def test_cf002_override_disables(tmp_path: pathlib.Path) -> None:
    files = {
        "compose.yaml": DB + "      test: [CMD, pg_isready]\n",
        "compose.override.yaml": "services:\n  db:\n    healthcheck:\n      disable: true\n",
    }
    assert lint_files(tmp_path, files, select=["CF002"]) == [("compose.override.yaml", 4, 16, "CF002")]


def test_cf002_bad_test_kind_is_a_syntax_error(tmp_path: pathlib.Path) -> None:
    assert lint_files(tmp_path, compose("      test: [pg_isready]\n"), select=["CF002"]) == [("compose.yaml", 5, 13, "E001")]

"""CF010 healthy-dependency-has-healthcheck: known targets, no cycle, healthy targets have a check."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from helpers import lint_files
from dlint.rules.cf010_healthy_dependency_has_healthcheck import RULE

CHECKED_DB = "  db:\n    image: postgres:16-alpine\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n"
APP_WAITS_HEALTHY = "  app:\n    image: connectors:1.0\n    depends_on:\n      db:\n        condition: service_healthy\n"


def db_with(*lines: str) -> str:
    """db with the given lines, then app waiting for it; the condition value is on line 8 + len(lines)."""
    db = "  db:\n    image: postgres:16-alpine\n" + "".join(f"    {line}\n" for line in lines)
    return "services:\n" + db + APP_WAITS_HEALTHY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("services:\n" + CHECKED_DB + APP_WAITS_HEALTHY, [], id="healthy-with-check"),
        pytest.param(db_with(), [(8, 20, "CF010")], id="no-healthcheck"),
        pytest.param(db_with("healthcheck:", '  test: ["CMD", "pg_isready"]', "  disable: true"), [(11, 20, "CF010")], id="disabled"),
        pytest.param(db_with("healthcheck:", '  test: ["NONE"]'), [(10, 20, "CF010")], id="test-none"),
        pytest.param(db_with("healthcheck:", "  interval: 5s"), [(10, 20, "CF010")], id="no-test"),
        pytest.param(db_with("healthcheck:", "  test: NONE"), [], id="string-none-is-a-command"),
        pytest.param(db_with("healthcheck:", "  test: pg_isready", "  disable: false"), [], id="disable-false"),
        pytest.param(
            "services:\n  db:\n    image: postgres:16-alpine\n  app:\n    image: connectors:1.0\n    depends_on: [db]\n",
            [], id="started-needs-no-check",
        ),
        pytest.param(
            "services:\n  app:\n    image: connectors:1.0\n    depends_on: [cache]\n", [(4, 18, "CF010")], id="unknown-short",
        ),
        pytest.param(
            "services:\n  app:\n    image: connectors:1.0\n    depends_on:\n      cache:\n        condition: service_healthy\n"
            "        required: false\n",
            [(5, 7, "CF010")], id="unknown-long-not-required",
        ),
        pytest.param(
            "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [a]\n",
            [(7, 18, "CF010")], id="two-cycle",
        ),
        pytest.param("services:\n  a:\n    image: x:1\n    depends_on: [a]\n", [(4, 18, "CF010")], id="self-cycle"),
        pytest.param(
            "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [c]\n"
            "  c:\n    image: x:1\n    depends_on: [a]\n",
            [(10, 18, "CF010")], id="three-cycle",
        ),
        pytest.param(
            "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [a, c]\n"
            "  c:\n    image: x:1\n    depends_on: [b]\n",
            [(7, 18, "CF010"), (10, 18, "CF010")], id="two-cycles-sharing-a-service",
        ),
        pytest.param(
            "services:\n  a:\n    image: x:1\n    depends_on: [b, c]\n  b:\n    image: x:1\n    depends_on: [c]\n"
            "  c:\n    image: x:1\n",
            [], id="diamond-is-no-cycle",
        ),
    ],
)
def test_cf010(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


def test_cf010_override_file_may_name_base_services(tmp_path: pathlib.Path) -> None:
    files = {
        "compose.yaml": "services:\n" + CHECKED_DB,
        "compose.override.yaml": "services:\n  app:\n    image: connectors:1.0\n    depends_on: [db]\n",
    }
    assert lint_files(tmp_path, files, [RULE.id]) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "services:\n  a:\n    image: x:1\n    depends_on: [b]\n  b:\n    image: x:1\n    depends_on: [c]\n"
            "  c:\n    image: x:1\n    depends_on: [a]\n",
            "depends_on forms the cycle `a -> b -> c -> a`; Compose cannot start these services",
            id="cycle",
        ),
        pytest.param(
            db_with(),
            "`app` waits for `db` to be healthy, but `db` has no healthcheck; "
            "add a healthcheck to `db` or wait with another condition",
            id="no-healthcheck",
        ),
        pytest.param(
            db_with("healthcheck:", "  disable: true"),
            "`app` waits for `db` to be healthy, but the healthcheck of `db` is disabled; "
            "add a healthcheck to `db` or wait with another condition",
            id="disabled",
        ),
        pytest.param(
            "services:\n  app:\n    image: connectors:1.0\n    depends_on: [cache]\n",
            "`app` depends on `cache`, which is not a service; expected one of `app`",
            id="unknown",
        ),
    ],
)
def test_cf010_message(tmp_path: pathlib.Path, text: str, message: str) -> None:
    assert messages(tmp_path, text, RULE) == [message]


def test_cf010_long_chain(tmp_path: pathlib.Path) -> None:
    count = 3000
    services = "".join(f"  s{i}:\n    image: x:1\n    depends_on: [s{i + 1}]\n" for i in range(count))
    text = "services:\n" + services + f"  s{count}:\n    image: x:1\n    depends_on: [s0]\n"
    assert lint_compose(tmp_path, text, RULE) == [(3 * count + 4, 18, "CF010")]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf010_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param(
            "services:\n  db:\n    environment: {POSTGRES_DB: connectors}\n" + APP_WAITS_HEALTHY, [], id="healthcheck-in-base"
        ),
        pytest.param(
            "services:\n  db:\n    healthcheck:\n      disable: true\n" + APP_WAITS_HEALTHY,
            [("compose.override.yaml", 9, 20, "CF010")], id="disabled-in-override",
        ),
    ],
)
def test_cf010_override_healthcheck(tmp_path: pathlib.Path, override: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": "services:\n" + CHECKED_DB, "compose.override.yaml": override}
    assert lint_files(tmp_path, files, [RULE.id]) == expected

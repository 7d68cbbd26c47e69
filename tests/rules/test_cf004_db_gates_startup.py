"""CF004 db-gates-startup: app and migrate wait for db with service_healthy."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

HEALTHY = "    depends_on:\n      db:\n        condition: service_healthy\n"
BOTH_OK = "services:\n  migrate:\n    image: c:1\n" + HEALTHY + "  app:\n    image: c:1\n" + HEALTHY


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"compose.yaml": "services:\n  migrate:\n    image: c:1\n  app:\n    image: c:1\n"},
            [("compose.yaml", 2, 3), ("compose.yaml", 4, 3)], id="neither-depends",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  migrate:\n    depends_on: [db]\n    image: c:1\n  app:\n    image: c:1\n    depends_on:\n      - db\n"},
            [("compose.yaml", 3, 18), ("compose.yaml", 8, 9)], id="short-forms",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  migrate:\n    image: c:1\n" + HEALTHY + "  app:\n    image: c:1\n    depends_on:\n      db:\n        condition: service_started\n"},
            [("compose.yaml", 11, 20)], id="service-started",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  migrate:\n    image: c:1\n" + HEALTHY + "  app:\n    image: c:1\n    depends_on:\n      migrate:\n        condition: service_completed_successfully\n"},
            [("compose.yaml", 9, 5)], id="db-not-listed",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  migrate:\n    image: c:1\n    depends_on: {db: {condition: service_healthy}}\n  app:\n    image: c:1\n" + HEALTHY},
            [], id="flow-and-block-mappings",
        ),
        pytest.param({"compose.yaml": BOTH_OK}, [], id="both-healthy"),
        pytest.param({"compose.yaml": "services:\n  db: {image: p:1}\n"}, [], id="no-app-services"),
        pytest.param(
            {"compose.yaml": BOTH_OK, "compose.override.yaml": "services:\n  migrate:\n    image: c:2\n"},
            [], id="override-leaves-depends-on-out",
        ),
    ],
)
def test_cf004(tmp_path: pathlib.Path, files: dict[str, str], expected: list[tuple[str, int, int]]) -> None:
    found = lint_files(tmp_path, files, select=["CF004"])
    assert found == [(path, line, column, "CF004") for path, line, column in expected]

"""CF003 migrate-gates-app: app waits for migrate with service_completed_successfully."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

APP = "services:\n  app:\n    image: c:1\n"  # depends_on starts at line 4


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"compose.yaml": APP}, [("compose.yaml", 2, 3)], id="no-depends-on"),
        pytest.param(
            {"compose.yaml": APP + "    depends_on:\n      db:\n        condition: service_healthy\n"},
            [("compose.yaml", 4, 5)], id="migrate-not-listed",
        ),
        pytest.param({"compose.yaml": APP + "    depends_on: [db, migrate]\n"}, [("compose.yaml", 4, 22)], id="short-flow-list"),
        pytest.param({"compose.yaml": APP + "    depends_on:\n      - migrate\n"}, [("compose.yaml", 5, 9)], id="short-block-list"),
        pytest.param(
            {"compose.yaml": APP + "    depends_on:\n      migrate:\n        condition: service_started\n"},
            [("compose.yaml", 6, 20)], id="service-started",
        ),
        pytest.param(
            {"compose.yaml": APP + "    depends_on:\n      migrate:\n        condition: service_healthy\n"},
            [("compose.yaml", 6, 20)], id="service-healthy",
        ),
        pytest.param({"compose.yaml": APP + "    depends_on:\n      migrate: {}\n"}, [("compose.yaml", 5, 7), ("compose.yaml", 5, 7, "E001")], id="long-without-condition"),
        pytest.param({"compose.yaml": APP + "    depends_on:\n      migrate:\n"}, [("compose.yaml", 5, 7)], id="long-null"),
        pytest.param(
            {"compose.yaml": APP + "    depends_on:\n      migrate:\n        condition: service_completed_successfully\n"},
            [], id="completed-successfully",
        ),
        pytest.param(
            {"compose.yaml": APP + "    depends_on:\n      migrate:\n        condition: service_completed_successfully\n        restart: true\n"},
            [], id="with-restart",
        ),
        pytest.param({"compose.yaml": "services:\n  db: {image: p:1}\n"}, [], id="no-app-service"),
        pytest.param(
            {
                "compose.yaml": APP + "    depends_on:\n      migrate:\n        condition: service_completed_successfully\n",
                "compose.override.yaml": "services:\n  app:\n    image: c:2\n",
            },
            [], id="override-leaves-depends-on-out",
        ),
        pytest.param(
            {
                "compose.yaml": APP + "    depends_on:\n      migrate:\n        condition: service_completed_successfully\n",
                "compose.override.yaml": "services:\n  app:\n    depends_on: [migrate]\n",
            },
            [("compose.override.yaml", 3, 18)], id="override-short-form",
        ),
    ],
)
def test_cf003(tmp_path: pathlib.Path, files: dict[str, str], expected: list[tuple[str, int, int]]) -> None:
    found = lint_files(tmp_path, files, select=["CF003"])
    # An entry with a fourth item names another rule, such as E001 for what Compose rejects.
    assert found == sorted(entry if len(entry) == 4 else (*entry, "CF003") for entry in expected)

"""CF001 required-services: db, migrate and app exist."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

ALL = "services:\n  db:\n    image: postgres:16-alpine\n  migrate:\n    image: c:1\n  app:\n    image: c:1\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"compose.yaml": "services:\n  db:\n    image: postgres:16-alpine\n"},
            [("compose.yaml", 1, 1), ("compose.yaml", 1, 1)], id="two-missing",
        ),
        pytest.param(
            {"compose.yaml": "name: demo\nservices:\n  db: {image: p:1}\n  app: {image: c:1}\n"},
            [("compose.yaml", 2, 1)], id="points-at-services-key",
        ),
        pytest.param(
            {"compose.yaml": "name: demo\n"},
            [("compose.yaml", 1, 1)] * 3, id="no-services-key",
        ),
        pytest.param({"compose.yaml": ALL}, [], id="all-present"),
        pytest.param({"compose.yaml": "services: {db: {image: p:1}, migrate: {image: c:1}, app: {image: c:1}}\n"}, [], id="flow-services"),
        pytest.param(
            {"compose.yaml": "x-jobs: &jobs\n  migrate: {image: c:1}\nservices:\n  <<: *jobs\n  db: {image: p:1}\n  app: {image: c:1}\n"},
            [], id="service-from-merge-key",
        ),
        pytest.param(
            {"compose.yaml": ALL, "compose.override.yaml": "services:\n  app:\n    image: c:2\n"},
            [], id="override-file-skipped",
        ),
    ],
)
def test_cf001(tmp_path: pathlib.Path, files: dict[str, str], expected: list[tuple[str, int, int]]) -> None:
    found = lint_files(tmp_path, files, select=["CF001"])
    assert found == [(path, line, column, "CF001") for path, line, column in expected]

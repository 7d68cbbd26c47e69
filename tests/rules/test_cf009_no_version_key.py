"""CF009 no-version-key: no top-level `version:` key."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from dlint.rules.cf009_no_version_key import RULE

SERVICES = "services:\n  db:\n    image: postgres:16-alpine\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('version: "3.8"\n' + SERVICES, [(1, 1, "CF009")], id="quoted-version"),
        pytest.param("version: 3\n" + SERVICES, [(1, 1, "CF009")], id="number-version"),
        pytest.param(SERVICES + "version: '2.4'\n", [(4, 1, "CF009")], id="version-last"),
        pytest.param("version:\n" + SERVICES, [(1, 1, "CF009")], id="empty-version"),
        pytest.param(SERVICES, [], id="no-version"),
        pytest.param(SERVICES + "    labels:\n      version: '1'\n", [], id="nested-version-key"),
        pytest.param("x-version: 1\n" + SERVICES, [], id="extension-key"),
    ],
)
def test_cf009(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


def test_cf009_message_shows_value(tmp_path: pathlib.Path) -> None:
    assert messages(tmp_path, 'version: "3.8"\n' + SERVICES, RULE) == [
        "top-level `version: 3.8` is obsolete in Compose v2 and ignored; remove the key"
    ]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf009_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant

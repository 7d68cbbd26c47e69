"""Real situations, one folder each under tests/cases/, run through the `dlint` command line.

Each case runs `dlint check --select IDS --format json .` from inside its folder and
must report exactly the expected `FILE:LINE RULE` set with the expected exit code.
E001 and E002 are reported whatever is selected.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass

import pytest

from dlint.cli import main

CASES_DIR = pathlib.Path(__file__).parent / "cases"
CORE = ("DF001", "DF002", "DF003", "DF004", "DF006", "CF001", "CF002", "CF003", "CF004", "CF006")


@dataclass(frozen=True)
class Case:
    name: str
    select: tuple[str, ...]
    exit_code: int
    expect: frozenset[str]


CASES = [
    Case("bom-crlf-root-user", ("DF001", "DF002", "DF003"), 1, frozenset({"Dockerfile:5 DF002"})),
    Case(
        "card-rules-all-broken", CORE, 1,
        frozenset({
            "Dockerfile:1 DF001", "Dockerfile:1 DF002", "Dockerfile:3 DF004", "Dockerfile:4 DF004",
            "Dockerfile:6 DF006", "Dockerfile:7 DF003", "compose.yaml:9 CF002", "compose.yaml:21 CF006",
            "compose.yaml:26 CF003",
        }),
    ),
    Case("comment-inside-continuation", ("DF006",), 1, frozenset({"Dockerfile:7 DF006"})),
    Case("compose-deep-nesting", ("CF006",), 1, frozenset({"compose.yaml:1 E001"})),
    Case("compose-duplicate-keys", ("CF006",), 1, frozenset({"compose.yaml:6 E001"})),
    Case("compose-merge-key-precedence", ("CF006",), 0, frozenset()),
    Case("db-healthcheck-none-string", ("CF002",), 1, frozenset({"compose.yaml:5 CF002"})),
    Case("db-healthcheck-string-form", ("CF002",), 0, frozenset()),
    Case("depends-on-short-form", ("CF003", "CF004"), 1, frozenset({"compose.yaml:14 CF003", "compose.yaml:14 CF004"})),
    Case("empty-continuation-line", ("DF002",), 0, frozenset()),
    Case("env-file-broad-copy", ("DF004",), 1, frozenset({"Dockerfile:3 DF004"})),
    Case(
        "env-file-explicit-copies", ("DF004",), 1,
        frozenset({"Dockerfile:3 DF004", "Dockerfile:4 DF004", "Dockerfile:8 DF004"}),
    ),
    Case("env-file-ignored-then-reincluded", ("DF004",), 0, frozenset()),
    Case(
        "env-list-map-and-env-file", ("CF006",), 1,
        frozenset({"compose.yaml:7 CF006", "compose.yaml:12 CF006", "app.env:3 CF006"}),
    ),
    Case(
        "expose-extra-ports", ("DF003",), 1,
        frozenset({"Dockerfile:5 DF003", "Dockerfile:6 DF003", "Dockerfile:7 DF003"}),
    ),
    Case("expose-from-arg", ("DF003",), 0, frozenset()),
    Case("from-default-expansion", ("DF001", "DF005"), 0, frozenset()),
    Case("heredoc-phantom-instructions", ("DF001", "DF002", "DF003", "DF005"), 0, frozenset()),
    Case("stage-name-case-and-platform", ("DF001", "DF005"), 0, frozenset()),
    Case("user-from-stage-args", ("DF002",), 0, frozenset()),
    Case("user-from-undeclared-arg", ("DF002",), 1, frozenset({"Dockerfile:7 DF002"})),
    Case("user-inherited-from-stage", ("DF001", "DF002", "DF003"), 0, frozenset()),
]


def run_case(case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, set[str]]:
    monkeypatch.chdir(CASES_DIR / case.name)
    code = main(["check", "--select", ",".join(case.select), "--format", "json", "."])
    document = json.loads(capsys.readouterr().out)
    return code, {f"{item['path']}:{item['line']} {item['rule']}" for item in document["findings"]}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_findings(case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _code, found = run_case(case, monkeypatch, capsys)
    assert found == case.expect


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_exit_code(case: Case, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _found = run_case(case, monkeypatch, capsys)
    assert code == case.exit_code


def test_every_folder_is_a_case() -> None:
    folders = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir())
    assert folders == sorted(case.name for case in CASES)

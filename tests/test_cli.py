"""The `dlint` command line: exit codes, usage errors, JSON shape, determinism, colour."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from dlint import __version__
from dlint.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main
from dlint.rules import RULES

CLEAN = (
    "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
    "FROM debian:bookworm-slim\nCOPY --from=builder /src/connectors /usr/local/bin/connectors\n"
    "USER 10001\nEXPOSE 8080\n"
)
ROOT = CLEAN.replace("USER 10001", "USER root")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def project(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "argv", "expected"),
    [
        pytest.param({"Dockerfile": CLEAN}, ["check", "."], EXIT_CLEAN, id="clean"),
        pytest.param({"Dockerfile": ROOT}, ["check", "."], EXIT_FINDINGS, id="finding"),
        pytest.param({"Dockerfile": ROOT}, ["check", "--fail-on", "never", "."], EXIT_CLEAN, id="fail-on-never"),
        pytest.param({"Dockerfile": ROOT}, ["check", "--ignore", "DF002", "."], EXIT_CLEAN, id="ignored"),
        pytest.param({"Dockerfile": "FROM a\nFOO x\n"}, ["check", "--select", "DF002", "."], EXIT_FINDINGS, id="syntax-error"),
        pytest.param({"Dockerfile": CLEAN}, ["check", "missing"], EXIT_ERROR, id="missing-path"),
        pytest.param({"Dockerfile": CLEAN}, ["check", "--select", "DF999", "."], EXIT_ERROR, id="unknown-rule"),
        pytest.param({"Dockerfile": CLEAN}, ["check", "--format", "xml", "."], EXIT_ERROR, id="unknown-format"),
        pytest.param({}, ["frobnicate"], EXIT_ERROR, id="unknown-command"),
    ],
)
def test_exit_codes(
    project: pathlib.Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], argv: list[str], expected: int
) -> None:
    for name, text in files.items():
        (project / name).write_text(text)
    code, _out, _err = run(argv, capsys)
    assert code == expected


def test_missing_path_is_one_line(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, err = run(["check", "nowhere"], capsys)
    assert (out, err) == ("", "dlint: path `nowhere` does not exist\n")


def test_unknown_rule_names_it(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, _out, err = run(["check", "--select", "DF999", "."], capsys)
    assert "`DF999`" in err and err.count("\n") == 1


@pytest.mark.parametrize("key", ["df002", "non-root-user", "DF002,DF003", "E001"])
def test_select_accepts_ids_and_names(project: pathlib.Path, capsys: pytest.CaptureFixture[str], key: str) -> None:
    (project / "Dockerfile").write_text(CLEAN)
    code, _out, _err = run(["check", "--select", key, "."], capsys)
    assert code == EXIT_CLEAN


def json_document(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> dict:
    (project / "Dockerfile").write_text(ROOT)
    _code, out, _err = run(["check", "--format", "json", "."], capsys)
    return json.loads(out)


def test_json_top_level(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert sorted(json_document(project, capsys)) == ["findings", "summary", "version"]


def test_json_version(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert json_document(project, capsys)["version"] == 1


def test_json_finding_fields(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (finding,) = json_document(project, capsys)["findings"]
    assert {key: finding[key] for key in ("path", "line", "column", "rule", "name", "severity")} == {
        "path": "Dockerfile", "line": 5, "column": 6, "rule": "DF002", "name": "non-root-user", "severity": "error",
    }


def test_json_message_is_a_sentence(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (finding,) = json_document(project, capsys)["findings"]
    assert finding["message"].startswith("USER `root`") and not finding["message"].endswith(".")


def test_json_summary(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert json_document(project, capsys)["summary"] == {"files": 1, "errors": 1, "warnings": 0}


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_output_is_deterministic(project: pathlib.Path, capsys: pytest.CaptureFixture[str], output_format: str) -> None:
    (project / "Dockerfile").write_text("FROM a\nCOPY . .\nUSER root\nEXPOSE 1 2 3\nENV A=1 B=2\n")
    (project / "compose.yaml").write_text("services:\n  app:\n    environment: [A=1, B=2]\n    depends_on: [db]\n")
    first = run(["check", "--format", output_format, "."], capsys)
    second = run(["check", "--format", output_format, "."], capsys)
    assert first == second


def test_text_output(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "Dockerfile").write_text(ROOT)
    _code, out, _err = run(["check", "--select", "DF002", "."], capsys)
    assert out.splitlines() == [
        "Dockerfile:5:6: error DF002 [non-root-user] USER `root` runs as root; expected `10001` or `10001:10001`",
        "1 error, 0 warnings in 1 file",
    ]


@pytest.mark.parametrize("no_color", ["1", ""])
def test_no_colour_when_piped(tmp_path: pathlib.Path, no_color: str) -> None:
    (tmp_path / "Dockerfile").write_text(ROOT)
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": no_color}
    result = subprocess.run(
        [sys.executable, "-m", "dlint", "check", "."], cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert "\033[" not in result.stdout and "DF002" in result.stdout


def test_no_colour_with_no_color_on_a_terminal(
    project: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "Dockerfile").write_text(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    _code, out, _err = run(["check", "."], capsys)
    assert "\033[" not in out


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(["rules"], capsys)
    others = ["E001", "E002", "S001", "S002", "S003", "S004"]
    assert [line.split()[0] for line in out.splitlines()] == [rule.id for rule in RULES] + others


def test_rules_shows_name_and_severity(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(["rules"], capsys)
    assert out.splitlines()[0].split()[1:3] == [RULES[0].name, RULES[0].severity.value]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["--version"], capsys)
    assert (code, out) == (EXIT_CLEAN, f"dlint {__version__}\n")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["check", "--fail-on", "sometimes"], id="bad-choice"),
        pytest.param(["check", "--nope"], id="unknown-option"),
        pytest.param(["check", "--form", "json"], id="abbreviated-option"),
        pytest.param(["explain"], id="missing-argument"),
        pytest.param(["baseline", "frobnicate"], id="unknown-subcommand"),
        pytest.param(["check", "--config", "."], id="config-is-a-folder"),
    ],
)
def test_usage_error_is_one_line(project: pathlib.Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out, err.count("\n"), err.startswith("dlint: ")) == (EXIT_ERROR, "", 1, True)


def test_options_after_paths(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "Dockerfile").write_text(ROOT)
    code, _out, _err = run(["check", ".", "--ignore", "DF002"], capsys)
    assert code == EXIT_CLEAN


def test_help_exits_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["check", "--help"], capsys)
    assert (code, "--compose-file" in out) == (EXIT_CLEAN, True)

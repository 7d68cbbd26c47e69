from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

from dlint.cli import main
from dlint.rules import RULES

# Compliant with every rule except DF002: its USER is 1000, not the policy's 10001 (line 12).
ROOT_USER = """\
FROM rust:1.85-slim AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --locked
FROM debian:bookworm-slim
RUN apt-get update \\
    && apt-get install -y --no-install-recommends ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors
EXPOSE 8080
USER 1000
CMD ["connectors"]
"""


def write(root: pathlib.Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir(exist_ok=True)
    (root / ".dockerignore").write_text(".env*\n", encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[tuple[str, int, str, str]], str]:
    """Run `dlint check --format json`; the exit code, (path, line, rule, severity) and stderr."""
    code = main(["check", "--format", "json", *argv])
    captured = capsys.readouterr()
    findings = json.loads(captured.out)["findings"] if captured.out else []
    return code, [(item["path"], item["line"], item["rule"], item["severity"]) for item in findings], captured.err


CHECK_CASES = [
    pytest.param({}, [], 1, [("Dockerfile", 12, "DF002", "error")], id="defaults"),
    pytest.param({".dlint.yaml": "policy:\n  uid: 1000\n"}, [], 0, [], id="policy-from-file"),
    pytest.param({"pyproject.toml": "[tool.dlint.policy]\nuid = 1000\n"}, [], 0, [], id="policy-from-pyproject"),
    pytest.param({".dlint.yaml": "policy:\n  uid: 1000\n"}, ["--no-config"], 1, [("Dockerfile", 12, "DF002", "error")], id="no-config"),
    pytest.param(
        {".dlint.yaml": "policy:\n  uid: 1000\n", "strict.yaml": "policy:\n  uid: 10001\n"}, ["--config", "strict.yaml"], 1,
        [("Dockerfile", 12, "DF002", "error")], id="explicit-config-wins",
    ),
    pytest.param({".dlint.yaml": "rules:\n  DF002: {enabled: false}\n"}, [], 0, [], id="rule-disabled"),
    pytest.param(
        {".dlint.yaml": "rules:\n  DF002: {enabled: false}\n"}, ["--select", "DF002"], 1, [("Dockerfile", 12, "DF002", "error")],
        id="select-overrides-disabled",
    ),
    pytest.param({}, ["--ignore", "non-root-user"], 0, [], id="ignore-by-name"),
    pytest.param(
        {".dlint.yaml": "rules:\n  non-root-user: {severity: warning}\n"}, [], 0, [("Dockerfile", 12, "DF002", "warning")],
        id="severity-override",
    ),
    pytest.param(
        {".dlint.yaml": "fail-on: warning\nrules:\n  DF002: {severity: warning}\n"}, [], 1, [("Dockerfile", 12, "DF002", "warning")],
        id="fail-on-from-config",
    ),
    pytest.param({".dlint.yaml": "fail-on: never\n"}, [], 0, [("Dockerfile", 12, "DF002", "error")], id="fail-on-never"),
    pytest.param(
        {".dlint.yaml": "fail-on: never\n"}, ["--fail-on", "error"], 1, [("Dockerfile", 12, "DF002", "error")], id="fail-on-flag-wins",
    ),
    pytest.param({".dlint.yaml": "exclude: [Dockerfile]\n"}, [], 0, [], id="excluded"),
]


@pytest.mark.parametrize(("files", "argv", "code", "expected"), CHECK_CASES)
def test_check(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], argv: list[str], code: int,
    expected: list[tuple[str, int, str, str]],
) -> None:
    write(tmp_path, {"Dockerfile": ROOT_USER, **files})
    assert run(capsys, *argv)[:2] == (code, expected)


def test_check_per_folder_configs(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"a/Dockerfile": ROOT_USER, "a/.dlint.yaml": "policy:\n  uid: 1000\n", "b/Dockerfile": ROOT_USER})
    assert run(capsys)[:2] == (1, [("b/Dockerfile", 12, "DF002", "error")])


CONFIG_ERRORS = [
    pytest.param(
        {".dlint.yaml": "rules:\n  DF002:\n    enabled: 'false'\n"}, [],
        "dlint: .dlint.yaml:3: `rules.DF002.enabled` must be a boolean (`true` or `false`), not the string `'false'`\n",
        id="wrong-type",
    ),
    pytest.param(
        {"sub/.dlint.yaml": "policy:\n  port: 1\n  port: 2\n", "sub/Dockerfile": ROOT_USER}, [],
        "dlint: sub/.dlint.yaml:3: duplicate key `port` (first defined at line 2); remove one of them\n",
        id="duplicate-key-in-subfolder",
    ),
    pytest.param({}, ["--config", "absent.yaml"], "dlint: absent.yaml:1: configuration file does not exist\n", id="missing-explicit"),
    pytest.param(
        {".dlint.yaml": ""}, ["--config", ".dlint.yaml", "--no-config"], "dlint: --config and --no-config cannot be used together\n",
        id="config-and-no-config",
    ),
]


@pytest.mark.parametrize(("files", "argv", "stderr"), CONFIG_ERRORS)
def test_config_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], argv: list[str], stderr: str,
) -> None:
    write(tmp_path, {"Dockerfile": ROOT_USER, **files})
    assert run(capsys, *argv) == (2, [], stderr)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({".dlint.yaml": ""}, "dlint: configuration: .dlint.yaml (1 files)\n", id="file"),
        pytest.param({}, "dlint: configuration: built-in defaults (1 files)\n", id="defaults"),
    ],
)
def test_verbose_names_config(tmp_path: pathlib.Path, files: dict[str, str], expected: str) -> None:
    # A child process: pytest's own log handlers would swallow what --verbose prints.
    write(tmp_path, {"Dockerfile": ROOT_USER, **files})
    done = subprocess.run([sys.executable, "-m", "dlint", "check", "--verbose", "."], capture_output=True, text=True, check=False)
    assert expected in done.stderr


def test_no_inline_ignores_flag(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"Dockerfile": ROOT_USER.replace("USER", "# dlint ignore=DF002 -- a\nUSER")})
    assert run(capsys, "--no-inline-ignores")[:2] == (1, [("Dockerfile", 13, "DF002", "error")])


@pytest.mark.parametrize("key", ["DF002", "non-root-user", "df002"])
def test_explain(capsys: pytest.CaptureFixture[str], key: str) -> None:
    assert main(["explain", key]) == 0
    assert capsys.readouterr().out.startswith("DF002 non-root-user (error, dockerfile)\n")


def test_explain_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "DF999"]) == 2
    assert capsys.readouterr().err == "dlint: unknown rule `DF999`; run `dlint rules` to list the rules\n"


def test_rules_json_lists_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    assert [item["id"] for item in json.loads(capsys.readouterr().out)["rules"]] == [rule.id for rule in RULES]


def test_rules_json_lists_other_findings(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "--format", "json"])
    found = [(item["id"], item["severity"]) for item in json.loads(capsys.readouterr().out)["findings"]]
    assert found == [("E001", "error"), ("E002", "error"), ("S001", "error"), ("S002", "error"), ("S003", "warning"), ("S004", "warning")]


def test_rules_json_policy_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "--format", "json"])
    policy = json.loads(capsys.readouterr().out)["policy"]
    assert (policy["uid"], policy["port"], policy["app-services"]) == ("10001", 8080, ["app", "migrate"])


def test_rules_text_lists_suppression_findings(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[-4:]] == ["S001", "S002", "S003", "S004"]

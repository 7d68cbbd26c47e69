"""The GitHub, GitLab and JUnit formats, and one run writing several outputs."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from ci_support import copy_case, run_cli, write_files
from dlint.findings import Finding, Severity
from dlint.formats import RenderContext
from dlint.formats.github import escape_data, escape_property, workflow_command


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    project = copy_case("broken", tmp_path)
    monkeypatch.chdir(project)
    return project


# GitHub


@pytest.mark.parametrize(
    ("environment", "argv", "first"),
    [
        pytest.param({"GITHUB_ACTIONS": "true"}, [], "::error file=api/Dockerfile,line=3,col=6,title=DF004::", id="actions"),
        pytest.param({}, [], "api/Dockerfile:3:6: error DF004", id="elsewhere"),
        pytest.param({"GITHUB_ACTIONS": "false"}, [], "api/Dockerfile:3:6: error DF004", id="actions-false"),
        pytest.param({"GITHUB_ACTIONS": "true"}, ["--format", "text"], "api/Dockerfile:3:6: error DF004", id="actions-text-asked"),
        pytest.param({"GITHUB_ACTIONS": "true"}, ["--format", "json"], "{", id="actions-json-asked"),
    ],
)
def test_github_detection(environment: dict[str, str], argv: list[str], first: str, broken: Path,
                          capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    run = run_cli(capsys, "check", *argv, ".")
    assert run.out.startswith(first)


def test_github_detection_with_file_output(broken: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A format sent to a file leaves standard output to the detected default."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = run_cli(capsys, "check", "--format", f"sarif={broken / 'out.sarif'}", ".")
    assert run.out.startswith("::error ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("50% done", "50%25 done", id="percent"),
        pytest.param("a\nb", "a%0Ab", id="newline"),
        pytest.param("a\r\nb", "a%0D%0Ab", id="crlf"),
        pytest.param("key: a, b", "key: a, b", id="colon-comma-kept"),
    ],
)
def test_github_escape_data(text: str, expected: str) -> None:
    assert escape_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a,b.yaml", "a%2Cb.yaml", id="comma"),
        pytest.param("c:/x", "c%3A/x", id="colon"),
        pytest.param("100%", "100%25", id="percent"),
    ],
)
def test_github_escape_property(text: str, expected: str) -> None:
    assert escape_property(text) == expected


def test_github_command() -> None:
    finding = Finding("a,b/Dockerfile", 2, 7, "DF007", "exec-form-command", Severity.WARNING, "CMD `a\nb` is 100%")
    command = workflow_command(finding, RenderContext())
    assert command == "::warning file=a%2Cb/Dockerfile,line=2,col=7,title=DF007::CMD `a%0Ab` is 100%25 [exec-form-command]"


# GitLab


def gitlab_issues(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return json.loads(run_cli(capsys, "check", "--format", "gitlab", ".").out)


@pytest.mark.parametrize("field", ["description", "check_name", "fingerprint", "severity", "location"])
def test_gitlab_fields(field: str, broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert all(issue.get(field) for issue in gitlab_issues(capsys))


def test_gitlab_location(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issue = next(item for item in gitlab_issues(capsys) if item["check_name"] == "DF002")
    assert issue["location"] == {"path": "api/Dockerfile", "lines": {"begin": 9}}


def test_gitlab_fingerprints_unique(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fingerprints = [issue["fingerprint"] for issue in gitlab_issues(capsys)]
    assert len(set(fingerprints)) == len(fingerprints)


def test_gitlab_fingerprints_survive_line_shift(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {issue["fingerprint"]: issue["location"] for issue in gitlab_issues(capsys)}
    dockerfile = broken / "api" / "Dockerfile"
    dockerfile.write_text("# moved down\n\n" + dockerfile.read_text(encoding="utf-8"), encoding="utf-8")
    after = {issue["fingerprint"]: issue["location"] for issue in gitlab_issues(capsys)}
    assert set(after) == set(before)
    assert after != before


def test_gitlab_fingerprint_follows_content(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another offending value makes a new issue."""
    before = {issue["fingerprint"] for issue in gitlab_issues(capsys) if issue["check_name"] == "DF003"}
    dockerfile = broken / "api" / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text(encoding="utf-8").replace("EXPOSE 8080 9000", "EXPOSE 8080 9001"), encoding="utf-8")
    after = {issue["fingerprint"] for issue in gitlab_issues(capsys) if issue["check_name"] == "DF003"}
    assert after.isdisjoint(before)


@pytest.mark.parametrize(("rule", "severity"), [("DF002", "major"), ("DF007", "minor")])
def test_gitlab_severity(rule: str, severity: str, broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert {issue["severity"] for issue in gitlab_issues(capsys) if issue["check_name"] == rule} == {severity}


def test_github_warning(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", "--format", "github", ".")
    assert "::warning file=api/Dockerfile,line=11,col=5,title=DF007::" in run.out


# JUnit


def junit_root(capsys: pytest.CaptureFixture[str], *argv: str) -> ElementTree.Element:
    return ElementTree.fromstring(run_cli(capsys, "check", "--format", "junit", *argv, ".").out)


def test_junit_cases(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = junit_root(capsys, "--select", "DF002,CF003")
    cases = [(case.get("classname"), case.get("name"), case.find("failure") is not None) for case in root.iter("testcase")]
    assert cases == [
        ("api/Dockerfile", "DF002 non-root-user", True),
        ("api/compose.yaml", "CF003 migrate-gates-app", True),
    ]


def test_junit_syntax_error_case(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file error gets its own test case in the file where it occurs."""
    write_files(tmp_path, {"compose.yaml": "services: [\n"})
    monkeypatch.chdir(tmp_path)
    cases = [(case.get("name"), case.find("failure") is not None) for case in junit_root(capsys, "--select", "CF001").iter("testcase")]
    assert cases == [("CF001 required-services", False), ("E001 syntax-error", True)]


@pytest.mark.parametrize(("attribute", "expected"), [("tests", "2"), ("failures", "2"), ("errors", "0")])
def test_junit_counts(attribute: str, expected: str, broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert junit_root(capsys, "--select", "DF002,CF003").get(attribute) == expected


def test_junit_failure_lists_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"Dockerfile": "FROM debian:bookworm-slim\nEXPOSE 22 9000 8080\n"})
    monkeypatch.chdir(tmp_path)
    failure = junit_root(capsys, "--select", "DF003").find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.text == (
        "Dockerfile:2:8: error DF003 [expose-only-8080] EXPOSE `22` opens another port; expected only `8080`\n"
        "Dockerfile:2:11: error DF003 [expose-only-8080] EXPOSE `9000` opens another port; expected only `8080`"
    )


# Several outputs in one run

SUMMARY = re.compile(r"\d+ errors?, \d+ warnings? in 2 files")


def test_file_and_text(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", "--format", "sarif=out.sarif", "--format", "junit=out.xml", ".")
    written = (json.loads(Path("out.sarif").read_text(encoding="utf-8"))["version"], ElementTree.parse("out.xml").getroot().tag)
    assert (run.code, SUMMARY.fullmatch(run.out.splitlines()[-1]) is not None, written) == (1, True, ("2.1.0", "testsuites"))


def test_output_option(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", "--format", "json", "--output", "report.json", ".")
    assert (run.out, json.loads(Path("report.json").read_text(encoding="utf-8"))["version"]) == ("", 1)


def test_output_option_default_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "check", "--output", "report.txt", ".")
    assert SUMMARY.fullmatch(Path("report.txt").read_text(encoding="utf-8").splitlines()[-1])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--format", "text", "--format", "json"], "only one format can go to standard output", id="two-stdout"),
        pytest.param(["--format", "yaml"], "unknown format `yaml`", id="unknown"),
        pytest.param(["--format", "sarif="], "names no file", id="empty-file"),
        pytest.param(["--format", "sarif=a.out", "--format", "junit=a.out"], "file `a.out` is named for two outputs", id="same-file"),
        pytest.param(["--format", "sarif=missing/dir/a.sarif"], "cannot write `missing/dir/a.sarif`", id="unwritable"),
    ],
)
def test_output_errors(argv: list[str], message: str, broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", *argv, ".")
    assert (run.code, message in run.err) == (2, True)

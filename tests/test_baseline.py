"""`dlint baseline write FILE` and `dlint check --baseline FILE`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ci_support import copy_case, run_cli


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The broken golden project whose findings the tests write to a baseline."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = copy_case("broken", tmp_path)
    monkeypatch.chdir(root)
    return root


def write(capsys: pytest.CaptureFixture[str], *argv: str) -> int:
    return run_cli(capsys, "baseline", "write", "dlint-baseline.json", *argv).code


def rules_reported(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[tuple[str, int, str]]]:
    run = run_cli(capsys, "check", "--format", "json", *argv)
    findings = json.loads(run.out)["findings"]
    return run.code, [(finding["path"], finding["line"], finding["rule"]) for finding in findings]


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_write_exit(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert write(capsys, ".") == 0


def test_write_entries(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, ".")
    document = json.loads((project / "dlint-baseline.json").read_text(encoding="utf-8"))
    entry = next(item for item in document["findings"] if item["rule"] == "DF002")
    _code, reported = rules_reported(capsys, ".")
    assert (document["version"], len(document["findings"]), entry["path"], entry["line"]) == (1, len(reported), "api/Dockerfile", 9)


def test_write_repeatable(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, ".")
    first = (project / "dlint-baseline.json").read_bytes()
    write(capsys, ".")
    assert (project / "dlint-baseline.json").read_bytes() == first


def test_write_select(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, "--select", "DF002", ".")
    document = json.loads((project / "dlint-baseline.json").read_text(encoding="utf-8"))
    assert [item["rule"] for item in document["findings"]] == ["DF002"]


def test_all_known(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, ".")
    assert rules_reported(capsys, "--baseline", "dlint-baseline.json", ".") == (0, [])


def test_hidden_count_on_stderr(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, ".")
    _code, reported = rules_reported(capsys, ".")
    run = run_cli(capsys, "check", "--baseline", "dlint-baseline.json", ".")
    assert f"{len(reported)} findings in baseline `dlint-baseline.json` not shown" in run.err


def test_line_shift(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, ".")
    dockerfile = project / "api" / "Dockerfile"
    dockerfile.write_text("# syntax=docker/dockerfile:1\n# a new header\n\n" + dockerfile.read_text(encoding="utf-8"), encoding="utf-8")
    assert rules_reported(capsys, "--baseline", "dlint-baseline.json", ".") == (0, [])


def test_new_breach(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(capsys, ".")
    edit(project / "api" / "Dockerfile", "EXPOSE 8080 9000", "EXPOSE 8080 9000 9001")
    assert rules_reported(capsys, "--baseline", "dlint-baseline.json", ".") == (1, [("api/Dockerfile", 10, "DF003")])


def test_same_breach_edited(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An edit that keeps the offending value keeps the match."""
    write(capsys, ".")
    edit(project / "api" / "compose.yaml", "- TZ=UTC", "- TZ=Europe/Paris")
    assert rules_reported(capsys, "--baseline", "dlint-baseline.json", ".") == (0, [])


def test_new_value(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Another offending value is a new finding."""
    write(capsys, ".")
    edit(project / "api" / "compose.yaml", "- TZ=UTC", "- TIMEZONE=UTC")
    assert rules_reported(capsys, "--baseline", "dlint-baseline.json", ".") == (1, [("api/compose.yaml", 15, "CF006")])


def test_duplicate_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second copy of an accepted breach is new: the baseline counts findings."""
    write(capsys, ".")
    edit(project / "api" / "Dockerfile", "ENV LOG_LEVEL=debug\n", "ENV LOG_LEVEL=debug\nENV LOG_LEVEL=debug\n")
    assert rules_reported(capsys, "--baseline", "dlint-baseline.json", ".") == (1, [("api/Dockerfile", 9, "DF006")])


def test_other_working_folder(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the baseline are relative to its folder, so a run from elsewhere still matches."""
    write(capsys, ".")
    monkeypatch.chdir(project / "api")
    assert rules_reported(capsys, "--baseline", "../dlint-baseline.json", ".") == (0, [])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "cannot read baseline", id="missing"),
        pytest.param("{", "is not JSON", id="not-json"),
        pytest.param('{"version": 7, "findings": []}', "is not a dlint baseline of version 1", id="version"),
        pytest.param('{"version": 1}', "has no `findings` list", id="no-list"),
        pytest.param('{"version": 1, "findings": [{"rule": "DF002"}]}', "entry 1 needs", id="bad-entry"),
    ],
)
def test_bad_baseline(content: str | None, message: str, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if content is not None:
        (project / "dlint-baseline.json").write_text(content, encoding="utf-8")
    run = run_cli(capsys, "check", "--baseline", "dlint-baseline.json", ".")
    assert (run.code, message in run.err) == (2, True)


def test_cross_file_finding_survives_shift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Cross-file messages name the other side as `file:line`; shifting lines must keep the match.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Dockerfile").write_text(
        "FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n"
        "COPY --from=builder /src/connectors /usr/local/bin/connectors\nUSER 1000\nEXPOSE 8080\n",
        encoding="utf-8",
    )
    (tmp_path / "compose.yaml").write_text('services:\n  app:\n    build: .\n    user: "10001"\n', encoding="utf-8")
    write(capsys, "--select", "XF004", ".")
    edit(tmp_path / "Dockerfile", "FROM rust", "# a new first line\nFROM rust")
    edit(tmp_path / "compose.yaml", "services:", "# a new first line\nservices:")
    code, reported = rules_reported(capsys, "--select", "XF004", "--baseline", "dlint-baseline.json", ".")
    assert (code, reported) == (0, [])

"""`--changed-since REF` in a real temporary git repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ci_support import git, run_cli, write_files

BAD_DOCKERFILE = "FROM debian:bookworm-slim\nUSER root\n"
GOOD_DOCKERFILE = "FROM rust:1.86-slim AS build\nFROM debian:bookworm-slim\nCOPY --from=build /connectors /connectors\nUSER 10001\nEXPOSE 8080\n"
BAD_COMPOSE = "services:\n  app:\n    build: .\n    environment:\n      TZ: UTC\n"
GOOD_COMPOSE = "services:\n  app:\n    build: .\n    environment:\n      POBLYSH_PROFILE: dev\n"
RULES = "DF002,CF006"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two services, both breaking the policy, committed on `main`; then a branch `topic`."""
    write_files(tmp_path, {
        "alpha/Dockerfile": BAD_DOCKERFILE, "alpha/compose.yaml": BAD_COMPOSE,
        "beta/Dockerfile": BAD_DOCKERFILE, "beta/compose.yaml": BAD_COMPOSE,
        "README.md": "services\n",
    })
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "start")
    git(tmp_path, "checkout", "-q", "-b", "topic")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def linted(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    run = run_cli(capsys, "check", "--select", RULES, "--format", "json", "--changed-since", "main", *argv)
    assert run.code in (0, 1), run.err
    return sorted({finding["path"] for finding in json.loads(run.out)["findings"]})


def commit(repo: Path, files: dict[str, str]) -> None:
    write_files(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, [], id="nothing-changed"),
        pytest.param({"README.md": "more\n"}, [], id="other-file"),
        pytest.param({"alpha/Dockerfile": BAD_DOCKERFILE + "# edit\n"}, ["alpha/Dockerfile", "alpha/compose.yaml"], id="dockerfile-and-pair"),
        pytest.param({"beta/compose.yaml": BAD_COMPOSE + "# edit\n"}, ["beta/Dockerfile", "beta/compose.yaml"], id="compose-and-pair"),
        pytest.param({"gamma/Dockerfile.worker": BAD_DOCKERFILE}, ["gamma/Dockerfile.worker"], id="new-file"),
        pytest.param({"node_modules/x/Dockerfile": BAD_DOCKERFILE}, [], id="skipped-folder"),
    ],
)
def test_committed(changes: dict[str, str], expected: list[str], repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if changes:
        commit(repo, changes)
    assert linted(capsys, ".") == expected


def test_uncommitted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(repo, {"beta/Dockerfile": BAD_DOCKERFILE + "# edit\n"})
    assert linted(capsys, ".") == ["beta/Dockerfile", "beta/compose.yaml"]


def test_untracked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(repo, {"delta/compose.yaml": BAD_COMPOSE})
    assert linted(capsys, ".") == ["delta/compose.yaml"]


def test_deleted(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "alpha" / "compose.yaml").unlink()
    assert linted(capsys, ".") == []


def test_fixed_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A change that fixes the Dockerfile leaves only its paired Compose file's finding."""
    commit(repo, {"alpha/Dockerfile": GOOD_DOCKERFILE})
    assert linted(capsys, ".") == ["alpha/compose.yaml"]


def test_main_moved_on(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Changes made on `main` after the branch started are not the branch's changes."""
    commit(repo, {"alpha/Dockerfile": BAD_DOCKERFILE + "# topic\n"})
    git(repo, "checkout", "-q", "main")
    commit(repo, {"beta/Dockerfile": BAD_DOCKERFILE + "# main\n"})
    git(repo, "checkout", "-q", "topic")
    assert linted(capsys, ".") == ["alpha/Dockerfile", "alpha/compose.yaml"]


def test_limited_to_paths(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, {"alpha/Dockerfile": BAD_DOCKERFILE + "# a\n", "beta/Dockerfile": BAD_DOCKERFILE + "# b\n"})
    assert linted(capsys, "beta") == ["beta/Dockerfile", "beta/compose.yaml"]


def test_from_subfolder(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    commit(repo, {"alpha/compose.yaml": BAD_COMPOSE + "# a\n"})
    monkeypatch.chdir(repo / "alpha")
    assert linted(capsys) == ["Dockerfile", "compose.yaml"]


def test_unknown_ref(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", "--changed-since", "no-such-branch", ".")
    assert (run.code, "git ref `no-such-branch` not found" in run.err) == (2, True)


def test_outside_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check", "--changed-since", "main", ".")
    assert (run.code, "not inside a git repository" in run.err) == (2, True)

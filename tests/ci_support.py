"""Helpers for the tests of outputs, baselines and changed files: run the CLI in a folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlint.cli import main

GOLDEN = Path(__file__).parent / "golden"
# The rules of the golden cases: fixed, so a new rule in the registry does not change them.
GOLDEN_RULES = "DF001,DF002,DF003,DF004,DF006,DF007,CF001,CF002,CF003,CF004,CF006"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def copy_case(name: str, destination: Path) -> Path:
    """Copy a golden project to `destination` (outside any git repository) and return it."""
    target = destination / name
    shutil.copytree(GOLDEN / name / "project", target)
    return target


def write_files(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


GIT_ENVIRONMENT = {
    "GIT_AUTHOR_NAME": "dlint tests",
    "GIT_AUTHOR_EMAIL": "tests@dlint.invalid",
    "GIT_COMMITTER_NAME": "dlint tests",
    "GIT_COMMITTER_EMAIL": "tests@dlint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *arguments: str) -> str:
    environment = {**os.environ, **GIT_ENVIRONMENT, "HOME": str(root)}
    completed = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *arguments],
        cwd=root, env=environment, capture_output=True, text=True, check=True, timeout=60,
    )
    return completed.stdout

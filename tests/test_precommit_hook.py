"""The pre-commit hook, run by the real pre-commit against this repository.

`pre-commit try-repo` builds the hook's environment the way a user's pre-commit does:
it installs dlint from this repository into a fresh virtualenv (dependencies come
from PyPI), then runs the hook on the files of a temporary git repository. The first
run takes a while; later runs of this module reuse the environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ci_support import GIT_ENVIRONMENT, GOLDEN, git, write_files
from dlint.discovery import kind_of

REPOSITORY = Path(__file__).resolve().parents[1]
HOOKS_FILE = REPOSITORY / ".pre-commit-hooks.yaml"
TRY_REPO_TIMEOUT_SECONDS = 1200


@dataclass(frozen=True)
class HookRun:
    code: int
    output: str


def load_hook() -> dict[str, object]:
    hooks = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))
    return next(hook for hook in hooks if hook["id"] == "dlint")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(consumer: Path, home: Path, *argv: str) -> HookRun:
    environment = {name: value for name, value in os.environ.items() if name not in ("GITHUB_ACTIONS", "PRE_COMMIT_COLOR")}
    environment.update(GIT_ENVIRONMENT)
    environment.update({"PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPOSITORY), "dlint", "--color", "never", *argv],
        cwd=consumer, env=environment, capture_output=True, text=True, timeout=TRY_REPO_TIMEOUT_SECONDS, check=False,
    )
    return HookRun(completed.returncode, completed.stdout + completed.stderr)


def consumer_repo(root: Path, files: dict[str, str]) -> Path:
    write_files(root, files)
    git(root, "init", "-q")
    git(root, "add", "-A")
    return root


def golden_files(case: str) -> dict[str, str]:
    project = GOLDEN / case / "project"
    return {str(path.relative_to(project)): path.read_text(encoding="utf-8") for path in project.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, pre_commit_home: Path) -> dict[str, HookRun]:
    """Each situation run once; the tests below read the results."""
    compliant = consumer_repo(tmp_path_factory.mktemp("compliant"), golden_files("compliant"))
    broken = consumer_repo(tmp_path_factory.mktemp("broken"), golden_files("broken"))
    paired = consumer_repo(tmp_path_factory.mktemp("paired"), {
        "Dockerfile": "FROM debian:bookworm-slim\nUSR 10001\n",
        "compose.yaml": "services:\n  app:\n    build: .\n",
        "README.md": "a service\n",
    })
    return {
        "compliant": try_repo(compliant, pre_commit_home, "--all-files"),
        "broken": try_repo(broken, pre_commit_home, "--files", "api/Dockerfile"),
        "compose-only": try_repo(paired, pre_commit_home, "--files", "compose.yaml"),
        "no-match": try_repo(paired, pre_commit_home, "--files", "README.md"),
    }


@pytest.mark.parametrize(
    ("situation", "code"),
    [("compliant", 0), ("broken", 1), ("compose-only", 1), ("no-match", 0)],
)
def test_exit_code(situation: str, code: int, runs: dict[str, HookRun]) -> None:
    assert runs[situation].code == code, runs[situation].output


@pytest.mark.parametrize(
    ("situation", "status"),
    [("compliant", "Passed"), ("broken", "Failed"), ("compose-only", "Failed"), ("no-match", "(no files to check)Skipped")],
)
def test_status(situation: str, status: str, runs: dict[str, HookRun]) -> None:
    assert re.search(rf"^dlint\.+{re.escape(status)}$", runs[situation].output, re.MULTILINE), runs[situation].output


@pytest.mark.parametrize(
    ("situation", "line"),
    [
        pytest.param("broken", "api/Dockerfile:9:6: error DF002 [non-root-user] USER `root` runs as root; expected `10001` or `10001:10001`", id="finding"),
        pytest.param("compose-only", "Dockerfile:2:1: error E001 [syntax-error] unknown instruction `USR`; check the spelling", id="paired-dockerfile-read"),
    ],
)
def test_output(situation: str, line: str, runs: dict[str, HookRun]) -> None:
    assert line in runs[situation].output.splitlines()


def test_summary(runs: dict[str, HookRun]) -> None:
    assert re.search(r"^\d+ errors?, \d+ warnings? in 1 file$", runs["broken"].output, re.MULTILINE), runs["broken"].output


def test_broken_lints_only_given_file(runs: dict[str, HookRun]) -> None:
    """The Compose file beside the changed Dockerfile is read for pairing, so its own
    rules do not run; only the checks across both files may point into it."""
    assert re.search(r"^api/compose\.yaml:\d+:\d+: \w+ CF", runs["broken"].output, re.MULTILINE) is None


@pytest.mark.parametrize(
    ("key", "value"),
    [("entry", "dlint check"), ("language", "python"), ("require_serial", None), ("pass_filenames", None)],
)
def test_hook_definition(key: str, value: object) -> None:
    assert load_hook().get(key) == value


NAMES = [
    "Dockerfile", "Dockerfile.prod", "Dockerfile.dockerignore", "Dockerfile.prod.dockerignore", "api.Dockerfile",
    "api.Dockerfile.dockerignore", "Containerfile", "Containerfile.dev", "compose.yaml", "compose.yml",
    "compose.prod.yaml", "compose.override.yml", "docker-compose.yml", "docker-compose.yaml", "docker-compose.ci.yaml",
    "compose.json", "compose.yaml.orig", "mycompose.yaml", "xDockerfile", "Dockerfile-old", "dockerfile", "README.md",
    ".dockerignore", "docker-compose", "values.yaml",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("folder", ["", "deploy/api/"], ids=["root", "nested"])
def test_files_pattern_matches_discovery(name: str, folder: str) -> None:
    pattern = re.compile(str(load_hook()["files"]))
    assert bool(pattern.search(folder + name)) == (kind_of(name) is not None)

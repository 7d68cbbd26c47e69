"""Asking git about the files to lint: the repository root and the changed files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from dlint.debuglog import get_logger

logger = get_logger(__name__)

GIT_TIMEOUT_SECONDS = 60


class GitError(Exception):
    """git is missing, the folder is not in a repository, or a ref does not exist."""


def repository_root(start: Path) -> Path | None:
    """Return the nearest folder at or above `start` that contains `.git` (a folder or a worktree file)."""
    current = start.resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _git(arguments: list[str], cwd: Path) -> str:
    try:
        completed = subprocess.run(
            ["git", *arguments], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except FileNotFoundError:
        raise GitError("`git` is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`git {arguments[0]}` took longer than {GIT_TIMEOUT_SECONDS} seconds") from None
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise GitError(detail[-1] if detail else f"`git {arguments[0]}` failed")
    return completed.stdout


def _base_commit(ref: str, root: Path) -> str:
    """Return the merge base of `ref` and HEAD, so a branch is compared with where it started.

    A shallow clone may lack the merge base. Then `ref` itself is the base, which can
    only add files to the set and never hides a change.
    """
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except GitError:
        raise GitError(f"git ref `{ref}` not found; fetch it first (in CI, check out with enough history)") from None
    try:
        return _git(["merge-base", ref, "HEAD"], root).strip()
    except GitError:
        logger.debug("no merge base of %s and HEAD; comparing with %s itself", ref, ref)
        return ref


def changed_files(ref: str, start: Path) -> list[Path]:
    """Absolute paths of files added, changed or renamed since `ref`, committed or not,
    plus untracked files that are not ignored. Deleted files are left out."""
    root = repository_root(start)
    if root is None:
        raise GitError(f"`{start}` is not inside a git repository")
    base = _base_commit(ref, root)
    diff = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--"], root)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    names = {name for name in (diff + untracked).split("\0") if name}
    return sorted(root / name for name in names)

"""Finding the Dockerfiles and Compose files to lint under the paths a user gives."""

from __future__ import annotations

import fnmatch
import os

from dlint.records import record

SKIPPED_DIRECTORIES = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", "target", ".venv", "venv", "__pycache__",
        ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform",
        ".gradle", ".idea", ".cargo",
    }
)
DOCKERFILE_PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile", "Containerfile.*")
COMPOSE_PATTERNS = (
    "compose.yaml", "compose.yml", "compose.*.yaml", "compose.*.yml",
    "docker-compose*.yaml", "docker-compose*.yml",
)
DEFAULT_COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")


class PathNotFound(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


@record(frozen=True)
class Discovered:
    """A file to lint: its path on disk, the path to report, and what kind it is."""

    path: str
    display: str
    kind: str  # "dockerfile" or "compose"


def kind_of(name: str) -> str | None:
    """Classify a file name as a Dockerfile or a Compose file by dlint's naming rules."""
    if name.endswith(".dockerignore"):
        return None
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in DOCKERFILE_PATTERNS):
        return "dockerfile"
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in COMPOSE_PATTERNS):
        return "compose"
    return None


def kind_of_given_file(name: str) -> str:
    """Classify a file named on the command line, which is linted even when its name is unusual."""
    known = kind_of(name)
    if known is not None:
        return known
    if name.lower().endswith((".yaml", ".yml")):
        return "compose"
    return "dockerfile"


def display_path(given: str, relative: str) -> str:
    joined = os.path.join(given, relative) if relative else given
    return os.path.normpath(joined)


def discover(paths: list[str]) -> list[Discovered]:
    """Expand files and folders into the files to lint, sorted and without repeats.

    Raises PathNotFound for a path that does not exist. Symbolic links to folders are
    not followed, so a link loop cannot make the walk endless.
    """
    found: dict[str, Discovered] = {}
    for given in paths:
        if not os.path.lexists(given):
            raise PathNotFound(given)
        if os.path.isdir(given):
            for item in _walk(given):
                found.setdefault(os.path.realpath(item.path), item)
        else:
            name = os.path.basename(given)
            item = Discovered(given, os.path.normpath(given), kind_of_given_file(name))
            found.setdefault(os.path.realpath(given), item)
    return sorted(found.values(), key=lambda item: item.display)


def _walk(root: str) -> list[Discovered]:
    items = []

    def ignore_error(_error: OSError) -> None:
        # An unreadable folder is skipped; its files cannot be linted anyway.
        return None

    for directory, subdirectories, files in os.walk(root, onerror=ignore_error):
        subdirectories[:] = sorted(name for name in subdirectories if name not in SKIPPED_DIRECTORIES)
        relative_directory = os.path.relpath(directory, root)
        for name in sorted(files):
            kind = kind_of(name)
            if kind is None:
                continue
            path = os.path.join(directory, name)
            relative = name if relative_directory == "." else os.path.join(relative_directory, name)
            items.append(Discovered(path, display_path(root, relative), kind))
        # A folder named like a Dockerfile is reported as unreadable, not skipped.
        for name in subdirectories:
            if kind_of(name) == "dockerfile":
                path = os.path.join(directory, name)
                relative = name if relative_directory == "." else os.path.join(relative_directory, name)
                items.append(Discovered(path, display_path(root, relative), "dockerfile"))
    return items


def compose_project_files(files: list[str]) -> list[Discovered]:
    """Return the files given with `-f`, in order, as one Compose project.

    Raises PathNotFound for a file that does not exist.
    """
    found = []
    for given in files:
        if not os.path.isfile(given):
            raise PathNotFound(given)
        found.append(Discovered(given, os.path.normpath(given), "compose"))
    return found

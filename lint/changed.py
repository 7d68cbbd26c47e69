"""Choosing the files to lint from the files git reports as changed since a ref.

A changed file is linted when dlint would find it under the paths given. The files it
pairs with (the Compose file that builds a changed Dockerfile, the Dockerfile a changed
Compose file builds) are linted too, because a change on one side can break the other.
"""

from __future__ import annotations

import os
from pathlib import Path

from dlint.discovery import SKIPPED_DIRECTORIES, Discovered, PathNotFound, display_path, kind_of, kind_of_given_file
from dlint.policy import Policy
from dlint.project import load_project
from dlint.vcs import changed_files


def _inside(changed: Path, given: str) -> Discovered | None:
    """Return the changed file as discovery would list it under `given`, or None."""
    base = Path(given).resolve()
    if base.is_file():
        if changed != base:
            return None
        return Discovered(given, os.path.normpath(given), kind_of_given_file(base.name))
    try:
        relative = changed.relative_to(base)
    except ValueError:
        return None
    if any(part in SKIPPED_DIRECTORIES for part in relative.parts[:-1]):
        return None
    kind = kind_of(changed.name)
    if kind is None:
        return None
    display = display_path(given, str(relative))
    return Discovered(display, display, kind)


def _paired(discovered: list[Discovered], policy: Policy) -> list[Discovered]:
    """Return the files the project loader reads besides the ones given, as files to lint."""
    project = load_project(discovered, policy)
    units = [*project.dockerfiles, *project.composes]
    kinds = {id(unit): ("dockerfile" if unit in project.dockerfiles else "compose") for unit in units}
    return [
        Discovered(unit.path, unit.display, kinds[id(unit)])
        for unit in units
        if not unit.linted and "#" not in unit.display and os.path.isfile(unit.path)
    ]


def discover_changed(paths: list[str], ref: str, policy: Policy) -> list[Discovered]:
    """Return the Dockerfiles and Compose files under `paths` changed since `ref`, with their pairs."""
    for given in paths:
        if not os.path.lexists(given):
            raise PathNotFound(given)
    found: dict[str, Discovered] = {}
    for changed in changed_files(ref, Path.cwd()):
        if not changed.is_file():
            continue
        for given in paths:
            item = _inside(changed.resolve(), given)
            if item is not None:
                found.setdefault(str(changed.resolve()), item)
                break
    selected = list(found.values())
    for item in _paired(selected, policy):
        found.setdefault(os.path.realpath(item.path), item)
    return sorted(found.values(), key=lambda item: item.display)

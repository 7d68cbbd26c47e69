"""Compose projects of several files: merging, extends, include, and where findings point."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dlint.cli import main
from dlint.compose.model import Service
from dlint.compose.project import ComposeProject, LoadIssue, default_compose_files, load_compose_project

BASE = "services:\n  app:\n    image: connectors:1.0\n    environment:\n      POBLYSH_A: \"1\"\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _run(root: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[tuple[str, int, int, str]]]:
    monkeypatch.chdir(root)
    code = main(["check", "--format", "json", *argv])
    document = json.loads(capsys.readouterr().out)
    found = [(item["path"], item["line"], item["column"], item["rule"]) for item in document["findings"]]
    return code, found


CLI_CASES = [
    pytest.param(
        {"compose.yaml": BASE, "compose.override.yaml": "services:\n  app:\n    environment:\n      RUST_LOG: debug\n"},
        ["--select", "CF006", "."],
        [("compose.override.yaml", 4, 7, "CF006")],
        id="override-finding-in-override",
    ),
    pytest.param(
        {"compose.yaml": BASE + "      RUST_LOG: debug\n", "compose.override.yaml": "services:\n  app:\n    environment:\n      RUST_LOG: !reset\n"},
        ["--select", "CF006", "."],
        [],
        id="override-reset-removes-variable",
    ),
    pytest.param(
        {"compose.yaml": BASE + "      RUST_LOG: debug\n", "compose.override.yaml": "services:\n  app:\n    environment:\n      - POBLYSH_B=2\n"},
        ["--select", "CF006", "compose.override.yaml"],
        [("compose.yaml", 6, 7, "CF006")],
        id="override-alone-merged-with-base",
    ),
    pytest.param(
        {"docker-compose.yml": BASE, "docker-compose.override.yml": "services:\n  app:\n    environment: [RUST_LOG=debug]\n"},
        ["--select", "CF006", "."],
        [("docker-compose.override.yml", 3, 19, "CF006")],
        id="legacy-names-merged",
    ),
    pytest.param(
        {
            "compose.yaml": BASE,
            "compose.override.yaml": "services:\n  app:\n    environment: [RUST_LOG=debug]\n",
            "prod.yaml": "services:\n  app:\n    environment:\n      LOG: info\n",
        },
        ["--select", "CF006", "-f", "compose.yaml", "-f", "prod.yaml"],
        [("prod.yaml", 4, 7, "CF006")],
        id="explicit-files-skip-override",
    ),
    pytest.param(
        {
            "compose.yaml": "services:\n  app:\n    extends:\n      file: common/base.yaml\n      service: hardened\n",
            "common/base.yaml": "services:\n  hardened:\n    image: connectors:1.0\n    environment:\n      LOG: info\n",
        },
        ["--select", "CF006", "compose.yaml"],
        [("common/base.yaml", 5, 7, "CF006")],
        id="extends-finding-in-other-file",
    ),
    pytest.param(
        {
            "compose.yaml": "include:\n  - lib/compose.yaml\nservices:\n  app:\n    image: connectors:1.0\n",
            "lib/compose.yaml": "services:\n  migrate:\n    image: connectors:1.0\n    env_file: lib.env\n",
            "lib/lib.env": "POBLYSH_A=1\nDATABASE_URL=x\n",
        },
        ["--select", "CF006", "compose.yaml"],
        [("lib/lib.env", 2, 1, "CF006")],
        id="include-env-file-relative-to-included-file",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  app:\n    extends:\n      file: missing.yaml\n      service: base\n"},
        ["compose.yaml"],
        [("compose.yaml", 4, 13, "E001")],
        id="extends-missing-file",
    ),
    pytest.param(
        {"compose.yaml": "include:\n  - other/compose.yaml\nservices:\n  app:\n    image: a:1\n"},
        ["compose.yaml"],
        [("compose.yaml", 2, 5, "E001")],
        id="include-missing-file",
    ),
    pytest.param(
        {"compose.yaml": "include:\n  - path: https://example.com/compose.yaml\nservices:\n  app:\n    image: a:1\n"},
        ["compose.yaml"],
        [("compose.yaml", 2, 11, "E001")],
        id="include-remote",
    ),
    pytest.param(
        {"compose.yaml": "services:\n  app:\n    extends: base\n"},
        ["compose.yaml"],
        [("compose.yaml", 3, 14, "E001")],
        id="extends-unknown-service",
    ),
]


@pytest.mark.parametrize(("files", "argv", "expected"), CLI_CASES)
def test_cli_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    files: dict[str, str], argv: list[str], expected: list[tuple[str, int, int, str]],
) -> None:
    _write(tmp_path, files)
    monkeypatch.delenv("TAG", raising=False)
    _, found = _run(tmp_path, argv, monkeypatch, capsys)
    assert found == expected


@pytest.mark.parametrize(
    ("files", "code"),
    [
        pytest.param({"compose.yaml": "services:\n  app:\n    extends:\n      file: gone.yaml\n      service: x\n"}, 1, id="missing-file-fails"),
        pytest.param({"compose.yaml": "services:\n  app:\n    image: a:1\n"}, 0, id="clean-passes"),
    ],
)
def test_cli_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], files: dict[str, str], code: int
) -> None:
    _write(tmp_path, files)
    assert _run(tmp_path, ["--select", "CF006", "."], monkeypatch, capsys)[0] == code


def test_cli_missing_compose_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-f", "nowhere.yaml"]) == 2


def _load(root: Path, files: dict[str, str], names: list[str], environ: dict[str, str] | None = None) -> ComposeProject | list[LoadIssue]:
    _write(root, files)
    return load_compose_project([str(root / name) for name in names], environ or {}, displays=names)


def _app(loaded: ComposeProject | list[LoadIssue], resolved: bool = False) -> Service:
    assert isinstance(loaded, ComposeProject), loaded
    model = loaded.resolved if resolved else loaded.compose
    assert model is not None
    return model.services["app"]


MERGE_CASES = [
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    environment: [A=1, B=1]\n", "b.yaml": "services:\n  app:\n    environment:\n      B: 2\n"},
        lambda app: [(v.key, v.value, v.node.mark.path, v.node.line) for v in app.environment],
        [("A", "1", "a.yaml", 4), ("B", "2", "b.yaml", 4)],
        id="environment-list-and-mapping-merge-per-variable",
    ),
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    ports: ['80:80']\n", "b.yaml": "services:\n  app:\n    ports: ['80:80', '81:81']\n"},
        lambda app: [(p.text, p.node.mark.path) for p in app.ports],
        [("80:80", "a.yaml"), ("81:81", "b.yaml")],
        id="ports-append-without-duplicates",
    ),
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    command: [a, b]\n", "b.yaml": "services:\n  app:\n    command: c\n"},
        lambda app: (app.command.words, app.command.node.mark.path),
        (("c",), "b.yaml"),
        id="command-replaced",
    ),
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    labels: {x: '1'}\n    expose: ['1']\n", "b.yaml": "services:\n  app:\n    labels: [y=2]\n    expose: ['2']\n"},
        lambda app: (app.node.get("labels").keys(), [item.text for item in app.node.get("expose").items]),
        (["x", "y"], ["1", "2"]),
        id="labels-merge-expose-appends",
    ),
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    depends_on: [db]\n  db:\n    image: db\n", "b.yaml": "services:\n  app:\n    depends_on:\n      db:\n        condition: service_healthy\n"},
        lambda app: (app.depends_on["db"].condition, app.depends_on["db"].condition_node.mark.path),
        ("service_healthy", "b.yaml"),
        id="depends-on-merge-per-field",
    ),
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    cap_drop: [ALL]\n", "b.yaml": "services:\n  app:\n    cap_drop: !override [NET_RAW]\n"},
        lambda app: [item.text for item in app.cap_drop],
        ["NET_RAW"],
        id="override-tag-replaces-list",
    ),
    pytest.param(
        {"a.yaml": "services:\n  app:\n    image: a:1\n    user: root\n", "b.yaml": "services:\n  app:\n    user: !reset null\n"},
        lambda app: app.user,
        None,
        id="reset-tag-removes-key",
    ),
]


@pytest.mark.parametrize(("files", "read", "expected"), MERGE_CASES)
def test_merge(tmp_path: Path, files: dict[str, str], read, expected) -> None:  # type: ignore[no-untyped-def]
    assert read(_app(_load(tmp_path, files, ["a.yaml", "b.yaml"]))) == expected


INTERPOLATION_CASES = [
    pytest.param({}, "app:${TAG}", ("TAG",), id="unset-stays-unresolved"),
    pytest.param({"TAG": "2"}, "app:2", (), id="process-environment"),
]


@pytest.mark.parametrize(("environ", "text", "unresolved"), INTERPOLATION_CASES)
def test_interpolation_text(tmp_path: Path, environ: dict[str, str], text: str, unresolved: tuple[str, ...]) -> None:
    loaded = _load(tmp_path, {"compose.yaml": "services:\n  app:\n    image: app:${TAG}\n"}, ["compose.yaml"], environ)
    image = _app(loaded, resolved=True).image
    written = _app(loaded).image
    assert image is not None
    assert image.text == text
    assert image.unresolved == unresolved
    assert image.source == "app:${TAG}"
    assert written is not None
    assert written.text == "app:${TAG}"


def test_interpolation_process_beats_dotenv(tmp_path: Path) -> None:
    files = {"compose.yaml": "services:\n  app:\n    image: app:${TAG}\n", ".env": "TAG=dotenv\n"}
    image = _app(_load(tmp_path, files, ["compose.yaml"], {"TAG": "process"}), resolved=True).image
    assert image is not None
    assert image.text == "app:process"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"compose.yaml": "", "compose.override.yaml": ""}, ["compose.yaml", "compose.override.yaml"], id="base-and-override"),
        pytest.param({"docker-compose.yml": "", "compose.override.yml": ""}, ["docker-compose.yml", "compose.override.yml"], id="mixed-names"),
        pytest.param({"compose.override.yaml": ""}, [], id="override-without-base"),
        pytest.param({"compose.yaml": "", ".env": "COMPOSE_FILE=compose.yaml:prod.yaml\n"}, ["compose.yaml", "prod.yaml"], id="compose-file-in-dotenv"),
    ],
)
def test_default_files(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    _write(tmp_path, files)
    assert [os.path.basename(path) for path in default_compose_files(str(tmp_path), {})] == expected


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param(
            {"compose.yaml": "include:\n  - a.yaml\nservices: {}\n", "a.yaml": "include:\n  - compose.yaml\n"},
            "include `compose.yaml` leads back to a file that includes it", id="include-cycle",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  a:\n    extends: b\n  b:\n    extends: a\n"},
            "service `b` extends `a`, which extends it back", id="extends-cycle",
        ),
    ],
)
def test_issues(tmp_path: Path, files: dict[str, str], message: str) -> None:
    loaded = _load(tmp_path, files, ["compose.yaml"])
    assert isinstance(loaded, list)
    assert message in [issue.message for issue in loaded]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        pytest.param(
            {"compose.yaml": "services:\n  app:\n    image: a\n    depends_on: [ghost]\n"},
            "service `app` depends on `ghost`, which is not defined", id="undefined-dependency",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  app:\n    image: a\n    depends_on: [debug]\n  debug:\n    image: b\n    profiles: [debug]\n"},
            "service `app` depends on `debug`, which runs only with profile `debug`; activate the profile or drop the dependency",
            id="dependency-in-inactive-profile",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  app:\n    restart: always\n"},
            "service `app` has neither `image` nor `build`; expected one of them", id="no-image-no-build",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  app:\n    image: a\n    env_file: gone.env\n"},
            "env file `gone.env` of service `app` does not exist", id="missing-env-file",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  app:\n    image: a:${TAG:?set TAG}\n"},
            "`a:${TAG:?set TAG}` cannot be interpolated: set TAG", id="required-variable-unset",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  app:\n    image: a\n    depends_on:\n      db: {}\n  db:\n    image: b\n"},
            "depends_on `db` has no `condition`; expected one of `service_started`, `service_healthy`, `service_completed_successfully`",
            id="dependency-without-condition",
        ),
    ],
)
def test_rejections(tmp_path: Path, files: dict[str, str], message: str) -> None:
    loaded = _load(tmp_path, files, ["compose.yaml"])
    assert isinstance(loaded, ComposeProject)
    assert message in [issue.message for issue in loaded.rejections]

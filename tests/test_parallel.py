"""parallel: linting in chunks in worker processes reports what one project in one process does."""

from __future__ import annotations

import pathlib

import pytest

from dlint import parallel
from dlint.config import ConfigResolver
from dlint.discovery import Discovered, discover
from dlint.formats.json import render_json
from dlint.formats.text import render_text
from dlint.rules import RULES
from dlint.runner import RunOptions, lint_files

DOCKERFILE = """\
FROM rust:1.85-slim AS builder
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors
USER {user}
EXPOSE {port}
CMD ["connectors"]
"""

COMPOSE = """\
services:
  db:
    image: postgres:16-alpine
    environment:
      POSTGRES_USER: pbl
      POSTGRES_PASSWORD: secret
      POSTGRES_DB: connectors
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U pbl -d connectors"]
  app:{ignore}
    build:
      context: {context}{target}
    image: poblysh/{name}:dev
    environment:
      POBLYSH_DATABASE_URL: postgresql://pbl:secret@db:5432/connectors
    ports:
      - "{port}:8080"
    depends_on:
      db:
        condition: service_healthy
    user: "10001:10001"
"""


def _service(root: pathlib.Path, number: int) -> None:
    """One service folder; the number decides which rules it breaks and how."""
    folder = root / "services" / f"svc-{number:03d}"
    folder.mkdir(parents=True)
    user = "root" if number % 5 == 0 else "10001:10001"
    port = 9090 if number % 7 == 0 else 8080
    (folder / "Dockerfile").write_text(DOCKERFILE.format(user=user, port=port))
    # Every third service builds the one shared image, which ties its chunk to the others'.
    context = "../../shared/base" if number % 3 == 0 else "."
    ignore = "  # dlint ignore CF008 reason: local port" if number % 4 == 0 else ""
    # One of them builds its builder stage, which the shared Dockerfile's own chunk cannot know.
    target = "\n      target: builder" if number == 3 else ""
    compose = COMPOSE.format(context=context, target=target, name=f"svc{number}", port=8080 + number % 2, ignore=ignore)
    if number % 11 == 0:
        compose += "  broken: [\n"
    (folder / "compose.yaml").write_text(compose)
    (folder / ".dockerignore").write_text(".env*\n" if number % 2 else "target\n")
    (folder / ".env").write_text("POBLYSH_PROFILE=dev\n")


def _tree(root: pathlib.Path) -> None:
    for number in range(40):
        _service(root, number)
    shared = root / "shared" / "base"
    shared.mkdir(parents=True)
    (shared / "Dockerfile").write_text(DOCKERFILE.format(user="root", port=8080))
    for number in range(12):
        job = root / "jobs" / f"job-{number:02d}"
        job.mkdir(parents=True)
        (job / "Dockerfile").write_text(DOCKERFILE.format(user="10001" if number % 2 else "0", port=8080))
    # A Dockerfile named alone pairs with the Compose file two folders up.
    nested = root / "nested" / "app"
    (nested / "deep" / "x").mkdir(parents=True)
    (nested / "deep" / "x" / "Dockerfile").write_text(DOCKERFILE.format(user="root", port=8080))
    (nested / "compose.yaml").write_text(COMPOSE.format(context="deep/x", target="", name="nested", port=8080, ignore=""))


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> list[Discovered]:
    root = tmp_path_factory.mktemp("mono")
    _tree(root)
    return discover([str(root)])


def _outputs(discovered: list[Discovered], jobs: int) -> tuple[str, str, bool]:
    result = lint_files(discovered, ConfigResolver(RULES, use_files=False), RunOptions(jobs=jobs))
    return render_json(result.report), render_text(result.report, colour=False), result.failing


def test_tree_is_large_enough(tree: list[Discovered]) -> None:
    assert parallel.worth_splitting(tree, jobs=2)


@pytest.mark.parametrize("chunk_files", [pytest.param(4, id="small-chunks"), pytest.param(24, id="default-chunks")])
def test_parallel_matches_serial(tree: list[Discovered], chunk_files: int, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _outputs(tree, jobs=1)
    monkeypatch.setattr(parallel, "CHUNK_FILES", chunk_files)
    assert _outputs(tree, jobs=2) == serial


def test_serial_run_finds_something(tree: list[Discovered]) -> None:
    assert _outputs(tree, jobs=1)[0].count('"rule"') > 20


def _item(path: str) -> Discovered:
    return Discovered(path, path, "dockerfile")


@pytest.mark.parametrize(
    ("paths", "size", "expected"),
    [
        pytest.param(["a/Dockerfile", "a/compose.yaml", "b/Dockerfile"], 2, [[0, 1], [2]], id="folder-fills-chunk"),
        pytest.param(["a/Dockerfile", "b/Dockerfile", "a/compose.yaml"], 2, [[0, 2], [1]], id="folder-kept-whole"),
        pytest.param(["a/Dockerfile", "b/Dockerfile", "c/Dockerfile"], 5, [[0, 1, 2]], id="one-chunk"),
    ],
)
def test_chunk_indexes(paths: list[str], size: int, expected: list[list[int]]) -> None:
    assert parallel.chunk_indexes([_item(path) for path in paths], size) == expected


@pytest.mark.parametrize(
    ("loaded", "expected"),
    [
        pytest.param([{"a"}, {"b"}, {"c"}], [[0], [1], [2]], id="disjoint"),
        pytest.param([{"a"}, {"b"}, {"a", "c"}], [[0, 2], [1]], id="shared-file"),
        pytest.param([{"a", "b"}, {"c"}, {"b", "d"}, {"d", "c"}], [[0, 1, 2, 3]], id="through-others"),
        pytest.param([set(), {"a"}], [[0], [1]], id="empty"),
    ],
)
def test_sharing_groups(loaded: list[set[str]], expected: list[list[int]]) -> None:
    assert parallel._sharing_groups([frozenset(paths) for paths in loaded]) == expected

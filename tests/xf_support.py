"""A compliant project folder for the rules across both files, and a way to lint variants of it."""

from __future__ import annotations

import pathlib
from typing import Mapping

import pytest

from dlint.discovery import discover
from dlint.engine import run_rules
from dlint.findings import Finding
from dlint.policy import DEFAULT_POLICY
from dlint.project import load_project
from dlint.rules import find_rule
from helpers import write_files

DOCKERFILE = """\
FROM rust:1.85-slim AS builder
RUN cargo build --release
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors
USER 10001:10001
EXPOSE 8080
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
  migrate:
    build: .
    image: poblysh/connectors:dev
    command: ["connectors", "migrate", "up"]
    user: "10001:10001"
    environment:
      POBLYSH_DATABASE_URL: postgresql://pbl:secret@db:5432/connectors
  app:
    build: .
    image: poblysh/connectors:dev
    user: "10001:10001"
    ports:
      - "8080:8080"
    environment:
      POBLYSH_API_BIND_ADDR: 0.0.0.0:8080
      POBLYSH_DATABASE_URL: postgresql://pbl:secret@db:5432/connectors
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://127.0.0.1:8080/readyz"]
"""

DOCKERIGNORE = ".env*\n"

BASE_FILES = {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE, ".dockerignore": DOCKERIGNORE}

Row = tuple[str, int, int, str]


def edit(text: str, *replacements: tuple[str, str]) -> str:
    """Apply text replacements, each of which must match exactly once."""
    for old, new in replacements:
        assert text.count(old) == 1, f"`{old}` must occur once"
        text = text.replace(old, new)
    return text


def project(**changes: str | None) -> dict[str, str]:
    """The compliant project with files replaced (`Dockerfile=...`) or removed (`=None`).

    Names with dots are passed with underscores: `dot_env` is `.env`, `dot_dockerignore` is
    `.dockerignore`.
    """
    files = dict(BASE_FILES)
    for key, text in changes.items():
        name = {"dot_env": ".env", "dot_dockerignore": ".dockerignore"}.get(key, key.replace("__", "/"))
        if text is None:
            files.pop(name, None)
        else:
            files[name] = text
    return files


def findings(
    root: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: Mapping[str, str], rule_id: str,
    paths: tuple[str, ...] = (".",),
) -> list[Finding]:
    """Lint `files` written below `root` from inside it, so paths read as in the project."""
    write_files(root, files)
    monkeypatch.chdir(root)
    rule = find_rule(rule_id)
    assert rule is not None
    loaded = load_project(discover(list(paths)), DEFAULT_POLICY)
    return [finding for finding in run_rules(loaded, [rule]).findings if finding.rule == rule_id]


def rows(
    root: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: Mapping[str, str], rule_id: str,
    paths: tuple[str, ...] = (".",),
) -> list[Row]:
    return [(f.path, f.line, f.column, f.rule) for f in findings(root, monkeypatch, files, rule_id, paths)]

"""DF008 no-secret-in-build: no ARG or ENV gives a secret a value at build time."""

from __future__ import annotations

import pathlib

import pytest

from dlint.policy import DEFAULT_POLICY
from dlint.rules.df008_no_secret_in_build import RULE, secret_word

from helpers import lint_dockerfile

BASE = "FROM debian:bookworm-slim\n"


def _lint(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str, str]]:
    return lint_dockerfile(tmp_path, text, RULE)


def _positions(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str]]:
    return [(line, column, rule) for line, column, rule, _message in _lint(tmp_path, text)]


FIRES = [
    pytest.param(BASE + "ENV DB_PASSWORD=hunter2\n", [(2, 5)], id="env-password"),
    pytest.param(BASE + "ENV DB_PASSWORD hunter2\n", [(2, 5)], id="env-legacy-form"),
    pytest.param("ARG GITHUB_TOKEN=ghp_x\n" + BASE, [(1, 5)], id="global-arg-default"),
    pytest.param(BASE + "ARG API_KEY=abc\n", [(2, 5)], id="stage-arg-default"),
    pytest.param(BASE + "ENV A=1 AWS_SECRET_ACCESS_KEY=abc\n", [(2, 9)], id="second-pair"),
    pytest.param(BASE + "ENV apiKey=abc\n", [(2, 5)], id="camel-case"),
    pytest.param(BASE + "ENV REGISTRY_CREDENTIALS=abc\n", [(2, 5)], id="plural"),
    pytest.param(BASE + "ENV SSH_PRIVATE_KEY=abc\n", [(2, 5)], id="private-key"),
    pytest.param(BASE + "ARG SIGNING_KEY\nENV SIGNING_KEY=$SIGNING_KEY\n", [(3, 5)], id="env-copies-build-arg"),
    pytest.param(
        BASE + "ENV POBLYSH_DATABASE_URL=postgresql://pbl:secret@db:5432/connectors\n", [(2, 26)],
        id="url-with-password",
    ),
    pytest.param(BASE + "ENV CACHE=redis://:pass@cache:6379\n", [(2, 11)], id="url-password-without-user"),
    pytest.param(BASE + "ARG TOKEN_URL=https://ci:tok@auth.example/token\n", [(2, 15)], id="exempt-name-bad-url"),
    pytest.param(
        "FROM rust:1.85-slim AS builder\nENV CARGO_TOKEN=x\nFROM debian:bookworm-slim\n", [(2, 5)],
        id="build-stage-too",
    ),
]

QUIET = [
    pytest.param(BASE + "ENV MONKEY=banana\n", id="key-inside-word"),
    pytest.param(BASE + "ENV API_KEY=\n", id="empty-value"),
    pytest.param(BASE + 'ENV API_KEY=""\n', id="empty-quoted-value"),
    pytest.param("ARG NPM_TOKEN\n" + BASE + "ARG NPM_TOKEN\n", id="arg-without-default"),
    pytest.param(BASE + "ENV KEY_FILE=/run/secrets/key\n", id="name-ends-in-file"),
    pytest.param(BASE + "ENV DB_PASSWORD=/run/secrets/db_password\n", id="value-is-secret-mount"),
    pytest.param(BASE + "ENV TOKEN_URL=https://auth.example/token\n", id="url-without-password"),
    pytest.param(BASE + "ENV SECRETS_DIR=/run/secrets\n", id="name-ends-in-dir"),
    pytest.param(BASE + "ENV PUBLIC_KEY=ssh-ed25519\n", id="public-key"),
    pytest.param(BASE + "ENV REPO=ssh://git@github.com/org/repo\n", id="user-without-password"),
    pytest.param(BASE + "ENV POBLYSH_PROFILE=dev\n", id="plain-setting"),
    pytest.param(BASE + "LABEL API_KEY=abc\n", id="label-is-not-checked"),
    pytest.param(BASE + "RUN --mount=type=secret,id=token cat /run/secrets/token\n", id="secret-mount"),
]


@pytest.mark.parametrize(("text", "expected"), FIRES)
def test_fires(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int]]) -> None:
    assert _positions(tmp_path, text) == [(line, column, "DF008") for line, column in expected]


@pytest.mark.parametrize("text", QUIET)
def test_quiet(tmp_path: pathlib.Path, text: str) -> None:
    assert _positions(tmp_path, text) == []


NAMES = [
    pytest.param("API_KEY", "KEY", id="api-key"),
    pytest.param("AWS_SECRET_ACCESS_KEY", "SECRET", id="aws-secret"),
    pytest.param("DB_PASSWORD", "PASSWORD", id="db-password"),
    pytest.param("githubToken", "TOKEN", id="camel-case"),
    pytest.param("MONKEY", None, id="monkey"),
    pytest.param("KEYBOARD_LAYOUT", None, id="keyboard"),
    pytest.param("TOKEN_URL", None, id="token-url"),
    pytest.param("PASSWORD_FILE", None, id="password-file"),
    pytest.param("JWT_PUBLIC_KEY", None, id="public-key"),
]


@pytest.mark.parametrize(("name", "word"), NAMES)
def test_secret_word(name: str, word: str | None) -> None:
    assert secret_word(name, DEFAULT_POLICY.secret_name_patterns) == word


def test_password_not_printed(tmp_path: pathlib.Path) -> None:
    [(_line, _column, _rule, message)] = _lint(tmp_path, BASE + "ENV URL=postgresql://pbl:hunter2@db/x\n")
    assert "hunter2" not in message


def test_password_redacted(tmp_path: pathlib.Path) -> None:
    [(_line, _column, _rule, message)] = _lint(tmp_path, BASE + "ENV URL=postgresql://pbl:hunter2@db/x\n")
    assert "`postgresql://pbl:***@db/x`" in message


def test_message_names_secret_mount(tmp_path: pathlib.Path) -> None:
    [(_line, _column, _rule, message)] = _lint(tmp_path, BASE + "ENV DB_PASSWORD=hunter2\n")
    assert "`RUN --mount=type=secret,id=db_password`" in message


def test_docs_noncompliant_fires(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.noncompliant) != []


def test_docs_compliant_quiet(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.compliant) == []

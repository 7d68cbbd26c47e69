"""DF009 runtime-copies-artifacts-only: the final stage does not copy the whole build context."""

from __future__ import annotations

import pathlib

import pytest

from dlint.rules.df009_runtime_copies_artifacts_only import RULE

from helpers import lint_dockerfile

BUILD = "FROM rust:1.85-slim AS builder\nCOPY . /src\n"
RUNTIME = "FROM debian:bookworm-slim\n"


def _lint(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str, str]]:
    return lint_dockerfile(tmp_path, text, RULE)


def _positions(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str]]:
    return [(line, column, rule) for line, column, rule, _message in _lint(tmp_path, text)]


FIRES = [
    pytest.param(BUILD + RUNTIME + "COPY . /app\n", [(4, 6)], id="copy-dot"),
    pytest.param(BUILD + RUNTIME + "ADD ./ /app\n", [(4, 5)], id="add-dot-slash"),
    pytest.param(BUILD + RUNTIME + "COPY / /app\n", [(4, 6)], id="copy-root"),
    pytest.param(BUILD + RUNTIME + "COPY * /app/\n", [(4, 6)], id="copy-star"),
    pytest.param(BUILD + RUNTIME + "COPY ./* /app/\n", [(4, 6)], id="copy-dot-star"),
    pytest.param(BUILD + RUNTIME + 'COPY [".", "/app"]\n', [(4, 7)], id="json-form"),
    pytest.param(BUILD + RUNTIME + "COPY --chown=10001:10001 . /app\n", [(4, 26)], id="with-chown"),
    pytest.param(BUILD + RUNTIME + "COPY Cargo.toml . /app/\n", [(4, 17)], id="dot-among-sources"),
    pytest.param(
        "FROM debian:bookworm-slim AS base\nCOPY . /app\nFROM base\nUSER 10001\n", [(2, 6)],
        id="inherited-through-stage",
    ),
    pytest.param(RUNTIME + "ARG SRC=.\nCOPY ${SRC} /app\n", [(3, 6)], id="arg-resolves-to-dot"),
    pytest.param(RUNTIME + "ARG SRC\nCOPY $SRC /app\n", [(3, 6)], id="arg-without-default-unverifiable"),
    pytest.param(BUILD, [(2, 6)], id="single-stage-is-final"),
]

QUIET = [
    pytest.param(
        BUILD + RUNTIME + "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n",
        id="artifact-from-build-stage",
    ),
    pytest.param(BUILD + RUNTIME + "COPY --from=builder . /app\n", id="whole-stage-from-builder"),
    pytest.param(BUILD + RUNTIME + "COPY config/ /etc/connectors/\n", id="named-folder"),
    pytest.param(BUILD + RUNTIME + "COPY *.toml /etc/connectors/\n", id="narrow-glob"),
    pytest.param(BUILD + RUNTIME + "ADD https://example.com/ca.pem /etc/ssl/\n", id="remote-add"),
    pytest.param(BUILD + RUNTIME + "COPY <<EOF /etc/motd\nhello\nEOF\n", id="heredoc"),
    pytest.param(
        "FROM debian:bookworm-slim AS base\nCOPY . /app\n" + RUNTIME + "COPY --from=base /app/connectors /x\n",
        id="copied-from-stage-not-checked",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIRES)
def test_fires(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int]]) -> None:
    assert _positions(tmp_path, text) == [(line, column, "DF009") for line, column in expected]


@pytest.mark.parametrize("text", QUIET)
def test_quiet(tmp_path: pathlib.Path, text: str) -> None:
    assert _positions(tmp_path, text) == []


def test_unverifiable_message(tmp_path: pathlib.Path) -> None:
    [(_line, _column, _rule, message)] = _lint(tmp_path, RUNTIME + "ARG SRC\nCOPY $SRC /app\n")
    assert "cannot be verified" in message


def test_docs_noncompliant_fires(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.noncompliant) != []


def test_docs_compliant_quiet(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.compliant) == []

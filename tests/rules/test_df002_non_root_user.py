"""DF002 non-root-user: the final stage's effective USER is 10001, with ARG/ENV scoping as BuildKit does it."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files, messages

BUILDER = "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
RUNTIME = "FROM debian:bookworm-slim\nCOPY --from=builder /a /b\n"
HEAD = BUILDER + RUNTIME  # four lines; the final FROM is line 3


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        pytest.param(HEAD, [(3, 1)], id="no-user"),
        pytest.param(HEAD + "USER root\n", [(5, 6)], id="root"),
        pytest.param(HEAD + "USER 0:0\n", [(5, 6)], id="uid-zero"),
        pytest.param(HEAD + "USER app\n", [(5, 6)], id="user-name"),
        pytest.param(HEAD + "USER 1000\n", [(5, 6)], id="other-uid"),
        pytest.param(HEAD + "USER 10001:0\n", [(5, 6)], id="root-group"),
        pytest.param(HEAD + "USER 10001\nRUN id\nUSER root\n", [(7, 6)], id="switch-back-to-root"),
        pytest.param("FROM rust:1.85-slim AS builder\nUSER 10001\n" + RUNTIME, [(3, 1)], id="builder-user-not-inherited"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nUSER 10001\nFROM base\nUSER root\n",
            [(6, 6)], id="inherited-then-root",
        ),
        pytest.param("ARG UID=10001\n" + HEAD + "USER $UID\n", [(6, 6)], id="global-arg-not-redeclared"),
        pytest.param(HEAD + "ARG UID\nUSER $UID\n", [(6, 6)], id="build-arg-without-default"),
        pytest.param(HEAD + "USER $APP_UID\n", [(5, 6)], id="undeclared-variable"),
        pytest.param(HEAD + "ARG UID=\nUSER ${UID-10001}\n", [(6, 6)], id="dash-keeps-empty-value"),
        pytest.param(HEAD + "ENV UID=0\nUSER ${UID:-10001}\n", [(6, 6)], id="env-set-default-unused"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nARG UID=10001\nFROM base\nUSER ${UID}\n",
            [(6, 6)], id="arg-not-inherited-by-stage",
        ),
        pytest.param(HEAD + "USER 10001\n", [], id="uid"),
        pytest.param(HEAD + "USER 10001:10001\n", [], id="uid-and-gid"),
        pytest.param(HEAD + "user 10001\n", [], id="lower-case-keyword"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nUSER 10001\nFROM base\nCOPY --from=builder /a /b\n",
            [], id="inherited-from-stage",
        ),
        pytest.param("ARG UID=10001\n" + HEAD + "ARG UID\nUSER $UID\n", [], id="global-arg-redeclared"),
        pytest.param(
            "ARG UID=10001\nARG GID=10001\n" + HEAD + "ARG UID\nARG GID\nUSER ${UID}:${GID}\n",
            [], id="uid-and-gid-from-args",
        ),
        pytest.param(HEAD + "ARG UID\nUSER ${UID:-10001}\n", [], id="build-arg-default-expansion"),
        pytest.param(HEAD + "ARG UID=\nUSER ${UID:-10001}\n", [], id="colon-default-on-empty"),
        pytest.param(HEAD + "ARG UID=0\nENV UID=10001\nUSER $UID\n", [], id="env-overrides-arg"),
        pytest.param(HEAD + "ENV UID=10001\nARG UID=0\nUSER $UID\n", [], id="env-wins-over-later-arg"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nENV UID=10001\nFROM base\nUSER ${UID}\n",
            [], id="env-inherited-by-stage",
        ),
        pytest.param(HEAD + "ARG UID=1\nUSER ${UID:+10001}\n", [], id="alternative-value"),
        pytest.param(HEAD + "USER 10001\nCOPY <<EOF /etc/motd\nUSER root\nEOF\n", [], id="heredoc-body"),
        pytest.param(HEAD + "USER 10001\nRUN echo done \\\n\nUSER root\n", [], id="empty-continuation-line"),
    ],
)
def test_df002(tmp_path: pathlib.Path, dockerfile: str, expected: list[tuple[int, int]]) -> None:
    found = lint_files(tmp_path, {"Dockerfile": dockerfile}, select=["DF002"])
    assert found == [("Dockerfile", line, column, "DF002") for line, column in expected]


@pytest.mark.parametrize(
    ("dockerfile", "fragment"),
    [
        pytest.param(HEAD + "USER root\n", "USER `root` runs as root", id="root"),
        pytest.param(HEAD + "ARG UID\nUSER $UID\n", "cannot be verified", id="unverifiable"),
        pytest.param("ARG UID=10001\n" + HEAD + "USER $UID\n", "is not re-declared", id="global-not-redeclared"),
    ],
)
def test_df002_message(tmp_path: pathlib.Path, dockerfile: str, fragment: str) -> None:
    (message,) = messages(tmp_path, {"Dockerfile": dockerfile}, ["DF002"])
    assert fragment in message


def test_df002_build_target(tmp_path: pathlib.Path) -> None:
    files = {
        "Dockerfile": HEAD + "USER 10001\nFROM debian:bookworm-slim AS debug\n",
        "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      target: debug\n",
    }
    assert lint_files(tmp_path, files, select=["DF002"]) == [("Dockerfile", 6, 1, "DF002")]


def test_df002_build_arg_from_compose(tmp_path: pathlib.Path) -> None:
    files = {
        "Dockerfile": HEAD + "ARG UID\nUSER $UID\n",
        "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      args:\n        UID: '0'\n",
    }
    texts = messages(tmp_path, files, ["DF002"])
    # Without build arguments the USER is unverifiable; with the service's UID=0 it is root.
    assert [("cannot be verified" in text, "runs as root" in text) for text in texts] == [(False, True), (True, False)]

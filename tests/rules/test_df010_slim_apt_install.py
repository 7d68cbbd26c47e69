"""DF010 slim-apt-install: no recommended packages, and the package lists leave with the same RUN."""

from __future__ import annotations

import pathlib

import pytest

from dlint.rules.df010_slim_apt_install import RULE

from helpers import lint_dockerfile

BASE = "FROM debian:bookworm-slim\n"
CLEAN = " && rm -rf /var/lib/apt/lists/*"


def _lint(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str, str]]:
    return lint_dockerfile(tmp_path, text, RULE)


def _positions(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str]]:
    return [(line, column, rule) for line, column, rule, _message in _lint(tmp_path, text)]


FIRES = [
    pytest.param(
        BASE + "RUN apt-get update && apt-get install -y curl" + CLEAN + "\n", [(2, 23)], id="recommends",
    ),
    pytest.param(
        BASE + "RUN apt-get update && apt-get install -y --no-install-recommends curl\n", [(2, 1)], id="lists-kept",
    ),
    pytest.param(BASE + "RUN apt-get install -y curl\n", [(2, 1), (2, 5)], id="both"),
    pytest.param(BASE + "RUN apt install -y curl" + CLEAN + "\n", [(2, 5)], id="apt"),
    pytest.param(BASE + "RUN /usr/bin/apt-get install -y curl" + CLEAN + "\n", [(2, 5)], id="full-path"),
    pytest.param(BASE + "RUN apt-get -y install curl" + CLEAN + "\n", [(2, 5)], id="option-before-install"),
    pytest.param(
        BASE + "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y curl\n", [(2, 46)],
        id="after-flags",
    ),
    pytest.param(
        BASE + "RUN apt-get update \\\n    && apt-get install -y curl" + CLEAN + "\n", [(2, 1)],
        id="continued-points-at-run",
    ),
    pytest.param(
        BASE + "RUN <<EOF\nset -e\napt-get update\n  apt-get install -y --no-install-recommends curl\nEOF\n",
        [(2, 1)], id="heredoc-lists-kept",
    ),
    pytest.param(
        BASE + "RUN <<EOF\napt-get update\n  apt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        [(4, 3)], id="heredoc-recommends",
    ),
    pytest.param(
        BASE + "RUN bash <<-EOF\n\tapt-get install -y curl\n\trm -rf /var/lib/apt/lists/*\n\tEOF\n",
        [(3, 2)], id="heredoc-to-shell",
    ),
    pytest.param(BASE + 'RUN ["sh", "-c", "apt-get install -y curl' + CLEAN + '"]\n', [(2, 1)], id="json-sh-c"),
    pytest.param(
        BASE + "RUN sh -c 'apt-get install -y curl'" + CLEAN + "\n", [(2, 12)], id="inside-sh-c",
    ),
    pytest.param(
        BASE + "RUN apt-get install -y --no-install-recommends a" + CLEAN + " && apt-get install -y b\n",
        [(2, 84)], id="second-install",
    ),
    pytest.param(
        "FROM rust:1.85-slim AS builder\nRUN apt-get install -y --no-install-recommends pkg-config\n" + BASE,
        [(2, 1)], id="build-stage-too",
    ),
    pytest.param(
        BASE + "RUN apt-get update && apt-get install -y --no-install-recommends curl\n"
        "RUN rm -rf /var/lib/apt/lists/*\n",
        [(2, 1)], id="removed-in-later-run",
    ),
]

QUIET = [
    pytest.param(
        BASE + "RUN apt-get update && apt-get install -y --no-install-recommends curl" + CLEAN + "\n",
        id="slim",
    ),
    pytest.param(
        BASE + "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n",
        id="continued",
    ),
    pytest.param(
        BASE + "RUN apt-get install -o APT::Install-Recommends=false -y curl; rm -rf /var/lib/apt/lists\n",
        id="apt-config-option",
    ),
    pytest.param(
        BASE + "RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked "
        "apt-get update && apt-get install -y --no-install-recommends curl\n",
        id="cache-mount-lists",
    ),
    pytest.param(
        BASE + "RUN --mount=type=cache,target=/var/cache/apt apt-get install -y --no-install-recommends curl\n",
        id="cache-mount-apt-cache",
    ),
    pytest.param(
        BASE + "RUN <<EOF\napt-get update\napt-get install -y --no-install-recommends curl\n"
        "rm -rf /var/lib/apt/lists/*\nEOF\n",
        id="heredoc",
    ),
    pytest.param(
        BASE + "RUN cat <<EOF > /etc/motd\napt-get install -y curl\nEOF\n", id="heredoc-is-file-content",
    ),
    pytest.param(BASE + "RUN apt-get update && apt-get upgrade -y\n", id="no-install"),
    pytest.param(BASE + "RUN echo apt-get install curl\n", id="echoed"),
    pytest.param(BASE + "CMD apt-get install -y curl\n", id="not-a-run"),
]


@pytest.mark.parametrize(("text", "expected"), FIRES)
def test_fires(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int]]) -> None:
    assert _positions(tmp_path, text) == [(line, column, "DF010") for line, column in expected]


@pytest.mark.parametrize("text", QUIET)
def test_quiet(tmp_path: pathlib.Path, text: str) -> None:
    assert _positions(tmp_path, text) == []


MESSAGES = [
    pytest.param(BASE + "RUN apt-get install -y curl" + CLEAN + "\n", "`--no-install-recommends`", id="recommends"),
    pytest.param(
        BASE + "RUN apt-get install -y --no-install-recommends curl\n", "`rm -rf /var/lib/apt/lists/*`",
        id="lists",
    ),
    pytest.param(BASE + "RUN apt install -y curl" + CLEAN + "\n", "`apt install`", id="names-apt"),
]


@pytest.mark.parametrize(("text", "phrase"), MESSAGES)
def test_message(tmp_path: pathlib.Path, text: str, phrase: str) -> None:
    [(_line, _column, _rule, message)] = _lint(tmp_path, text)
    assert phrase in message


def test_docs_noncompliant_fires(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.noncompliant) != []


def test_docs_compliant_quiet(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.compliant) == []

"""DF003 expose-only-8080: the final image exposes 8080/tcp and nothing else."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files, messages

BUILDER = "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
RUNTIME = "FROM debian:bookworm-slim\nCOPY --from=builder /a /b\n"
HEAD = BUILDER + RUNTIME  # the final FROM is line 3


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        pytest.param(HEAD, [(3, 1)], id="no-expose"),
        pytest.param(HEAD + "EXPOSE 8080 9090\n", [(5, 13)], id="extra-port"),
        pytest.param(HEAD + "EXPOSE 8080\nEXPOSE 8000-8090\n", [(6, 8)], id="range"),
        pytest.param(HEAD + "EXPOSE 8080\nEXPOSE 8080/udp\n", [(6, 8)], id="udp"),
        pytest.param(HEAD + "EXPOSE 8080/udp\n", [(3, 1), (5, 8)], id="only-udp"),
        pytest.param(HEAD + "EXPOSE abc\n", [(3, 1), (5, 8)], id="not-a-port"),
        pytest.param(HEAD + "EXPOSE 8080 \\\n  9090\n", [(6, 3)], id="continued-line"),
        pytest.param("FROM rust:1.85-slim AS builder\nEXPOSE 8080\n" + RUNTIME, [(3, 1)], id="builder-expose-not-inherited"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nEXPOSE 22\nFROM base\nEXPOSE 8080\n",
            [(4, 8)], id="inherited-extra-port",
        ),
        pytest.param(HEAD + "ARG PORT=9090\nEXPOSE $PORT\n", [(3, 1), (6, 8)], id="arg-other-port"),
        pytest.param("ARG PORT=8080\n" + HEAD + "EXPOSE $PORT\n", [(4, 1), (6, 8)], id="global-arg-not-redeclared"),
        pytest.param(HEAD + "ARG PORT\nEXPOSE $PORT\n", [(6, 8)], id="build-arg-unverifiable"),
        pytest.param(HEAD + "EXPOSE 8080\n", [], id="port"),
        pytest.param(HEAD + "EXPOSE 8080/tcp\n", [], id="port-tcp"),
        pytest.param(HEAD + "EXPOSE 8080/TCP\n", [], id="protocol-upper-case"),
        pytest.param(HEAD + "ARG PORT=8080\nEXPOSE ${PORT}/tcp\n", [], id="arg-default"),
        pytest.param("ARG PORT=8080\n" + HEAD + "ARG PORT\nEXPOSE $PORT\n", [], id="global-arg-redeclared"),
        pytest.param(HEAD + "ENV POBLYSH_PORT=8080\nEXPOSE $POBLYSH_PORT\n", [], id="env-value"),
        pytest.param(HEAD + "ARG PORT\nEXPOSE ${PORT:-8080}\n", [], id="default-expansion"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nEXPOSE 8080\nFROM base\nCOPY --from=builder /a /b\n",
            [], id="inherited-from-stage",
        ),
        pytest.param(HEAD + "EXPOSE 8080\nRUN <<EOF\nEXPOSE 22\nEOF\n", [], id="heredoc-body"),
    ],
)
def test_df003(tmp_path: pathlib.Path, dockerfile: str, expected: list[tuple[int, int]]) -> None:
    found = lint_files(tmp_path, {"Dockerfile": dockerfile}, select=["DF003"])
    assert found == [("Dockerfile", line, column, "DF003") for line, column in expected]


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        pytest.param(
            HEAD + "EXPOSE 8080\nARG PORT=9090\nEXPOSE $PORT\n",
            "EXPOSE `$PORT` (resolves to `9090`) opens another port; expected only `8080`",
            id="resolved-value-shown",
        ),
        pytest.param(
            HEAD + "EXPOSE 8080 8000-8090\n",
            "EXPOSE `8000-8090` opens a port range; expected only `8080`",
            id="range",
        ),
    ],
)
def test_df003_message(tmp_path: pathlib.Path, dockerfile: str, expected: str) -> None:
    assert messages(tmp_path, {"Dockerfile": dockerfile}, ["DF003"]) == [expected]

"""DF006 runtime-env-prefix: every ENV name that reaches the final image starts with POBLYSH_."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

BUILDER = "FROM rust:1.85-slim AS builder\nENV CARGO_HOME=/cargo\n"
RUNTIME = "FROM debian:bookworm-slim\nCOPY --from=builder /a /b\n"
HEAD = BUILDER + RUNTIME  # ENV lines start at line 5


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        pytest.param(HEAD + "ENV RUST_LOG=info\n", [(5, 5)], id="other-name"),
        pytest.param(HEAD + "ENV POBLYSH_A=1 RUST_LOG=info TZ=UTC\n", [(5, 17), (5, 31)], id="pairs"),
        pytest.param(HEAD + "ENV RUST_LOG info level\n", [(5, 5)], id="legacy-form"),
        pytest.param(HEAD + "ENV POBLYSH_A=1 \\\n    RUST_LOG=info\n", [(6, 5)], id="continued"),
        pytest.param(HEAD + "ENV POBLYSH_A=1 \\\n# the log level\n    RUST_LOG=info\n", [(7, 5)], id="comment-in-continuation"),
        pytest.param(HEAD + "ENV poblysh_a=1\n", [(5, 5)], id="prefix-is-case-sensitive"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nENV TZ=UTC\nFROM base\nCOPY --from=builder /a /b\n",
            [(4, 5)], id="inherited-from-stage",
        ),
        pytest.param(HEAD + "ARG SUFFIX\nENV POBLYSH_${SUFFIX}=1\n", [(6, 5)], id="unverifiable-name"),
        pytest.param(HEAD + "ENV POBLYSH_PROFILE=prod\n", [], id="prefixed"),
        pytest.param(HEAD + 'ENV "POBLYSH_A"=1\n', [], id="quoted-name"),
        pytest.param(HEAD + "ARG PART=PROFILE\nENV POBLYSH_${PART}=prod\n", [], id="name-from-arg"),
        pytest.param(HEAD + "ARG RUST_LOG=info\n", [], id="arg-is-not-env"),
        pytest.param(HEAD + "RUN <<EOF\nENV RUST_LOG=info\nEOF\n", [], id="heredoc-body"),
        pytest.param(BUILDER + RUNTIME, [], id="builder-env-not-inherited"),
    ],
)
def test_df006(tmp_path: pathlib.Path, dockerfile: str, expected: list[tuple[int, int]]) -> None:
    found = lint_files(tmp_path, {"Dockerfile": dockerfile}, select=["DF006"])
    assert found == [("Dockerfile", line, column, "DF006") for line, column in expected]

"""DF001 multi-stage-build: a build stage, and a final stage on another base that copies from it."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

BUILDER = "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        pytest.param("FROM rust:1.85-slim\nCOPY . .\n", [(1, 1)], id="single-stage"),
        pytest.param(BUILDER + "FROM debian:bookworm-slim\nCOPY app /app\n", [(3, 1)], id="no-copy-from"),
        pytest.param(
            "FROM debian:bookworm-slim AS builder\nFROM debian:bookworm-slim\nCOPY --from=builder /a /b\n",
            [(2, 1)], id="same-base",
        ),
        pytest.param(
            "FROM debian:bookworm-slim AS builder\nFROM builder AS runtime\nCOPY --from=builder /a /b\n",
            [(2, 1)], id="runtime-built-on-builder",
        ),
        pytest.param(
            "ARG BASE=rust:1.85-slim\nFROM $BASE AS builder\nFROM ${BASE}\nCOPY --from=builder /a /b\n",
            [(3, 1)], id="same-base-through-arg",
        ),
        pytest.param(
            "ARG RUNTIME\nFROM rust:1.85-slim AS builder\nFROM ${RUNTIME:-rust:1.85-slim}\nCOPY --from=builder /a /b\n",
            [(3, 1)], id="same-base-through-default",
        ),
        pytest.param(BUILDER + "FROM debian:bookworm-slim\nCOPY --from=alpine:3 /a /b\n", [(3, 1)], id="copy-from-external-image"),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS runtime\nCOPY --from=runtime /a /b\n",
            [(3, 1)], id="copy-from-itself",
        ),
        pytest.param(BUILDER + "FROM debian:bookworm-slim\nCOPY --from=builder /a /b\n", [], id="compliant"),
        pytest.param(BUILDER + "FROM debian:bookworm-slim\nCOPY --from=0 /a /b\n", [], id="numeric-index"),
        pytest.param(
            "FROM rust:1.85-slim AS Builder\nFROM debian:bookworm-slim\nCOPY --from=BUILDER /a /b\n",
            [], id="stage-name-other-case",
        ),
        pytest.param(
            "FROM --platform=$BUILDPLATFORM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nCOPY --from=builder /a /b\n",
            [], id="platform-flag-not-the-image",
        ),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim AS base\nCOPY --from=builder /a /b\nFROM base\nUSER 10001\n",
            [], id="copy-inherited-through-stage",
        ),
        pytest.param(
            "ARG RUNTIME\nFROM rust:1.85-slim AS builder\nFROM ${RUNTIME:-debian:bookworm-slim}\nCOPY --from=builder /a /b\n",
            [], id="default-expansion-in-from",
        ),
        pytest.param(
            BUILDER + "FROM debian:bookworm-slim\nCOPY <<EOF /x\nFROM rust:1.85-slim\nEOF\nCOPY --from=builder /a /b\n",
            [], id="heredoc-body-is-not-a-stage",
        ),
    ],
)
def test_df001(tmp_path: pathlib.Path, dockerfile: str, expected: list[tuple[int, int]]) -> None:
    found = lint_files(tmp_path, {"Dockerfile": dockerfile}, select=["DF001"])
    assert found == [("Dockerfile", line, column, "DF001") for line, column in expected]


def test_df001_build_target(tmp_path: pathlib.Path) -> None:
    files = {
        "Dockerfile": BUILDER + "FROM debian:bookworm-slim AS runtime\nCOPY --from=builder /a /b\nFROM alpine:3 AS debug\nRUN x\n",
        "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      target: runtime\n",
    }
    assert lint_files(tmp_path, files, select=["DF001"]) == [("Dockerfile", 5, 1, "DF001")]

"""DF005 pinned-base-image: pinned external bases, the policy builder and runtime images."""

from __future__ import annotations

import pathlib

import pytest

from dlint.rules.df005_pinned_base_image import RULE

from helpers import lint_dockerfile

BUILD = "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
COPY_BINARY = "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n"
RUNTIME = "FROM debian:bookworm-slim\n" + COPY_BINARY
DIGEST = "sha256:" + "0123456789abcdef" * 4


def _lint(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str, str]]:
    return lint_dockerfile(tmp_path, text, RULE)


def _positions(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str]]:
    return [(line, column, rule) for line, column, rule, _message in _lint(tmp_path, text)]


FIRES = [
    pytest.param("FROM rust AS builder\nRUN cargo build\n" + RUNTIME, [(1, 6)], id="builder-untagged"),
    pytest.param(BUILD + "FROM debian:latest\n" + COPY_BINARY, [(3, 6)], id="runtime-latest"),
    pytest.param(BUILD + "FROM debian\n" + COPY_BINARY, [(3, 6)], id="runtime-untagged"),
    pytest.param(
        "FROM alpine AS tools\n" + BUILD + RUNTIME, [(1, 6)], id="unused-stage-untagged",
    ),
    pytest.param(
        "FROM alpine:latest AS tools\n" + BUILD + RUNTIME, [(1, 6)], id="unused-stage-latest",
    ),
    pytest.param(
        BUILD + "FROM registry.example:5000/team/app AS extra\n" + RUNTIME, [(3, 6)], id="registry-port-is-no-tag",
    ),
    pytest.param(
        "FROM rust:1.84-slim AS builder\n" + RUNTIME, [(1, 6)], id="builder-too-old",
    ),
    pytest.param("FROM rust:1.85 AS builder\n" + RUNTIME, [(1, 6)], id="builder-not-slim"),
    pytest.param("FROM rust:1-slim AS builder\n" + RUNTIME, [(1, 6)], id="builder-no-minor"),
    pytest.param("FROM node:20 AS builder\n" + RUNTIME, [(1, 6)], id="builder-other-image"),
    pytest.param(BUILD + "FROM debian:bookworm\n" + COPY_BINARY, [(3, 6)], id="runtime-not-slim"),
    pytest.param(BUILD + "FROM scratch\n" + COPY_BINARY, [(3, 6)], id="runtime-scratch"),
    pytest.param(
        BUILD + "FROM alpine:3.20 AS base\nFROM base\n" + COPY_BINARY, [(3, 6)], id="runtime-through-stage-chain",
    ),
    pytest.param(
        "FROM --platform=$BUILDPLATFORM rust:1.80-slim AS builder\n" + RUNTIME, [(1, 32)], id="platform-flag-skipped",
    ),
    pytest.param(
        "ARG BASE\n" + BUILD + "FROM $BASE\n" + COPY_BINARY, [(4, 6)], id="arg-without-default-unverifiable",
    ),
    pytest.param(
        "ARG TAG=latest\n" + BUILD + "FROM debian:${TAG}\n" + COPY_BINARY, [(4, 6)], id="arg-default-latest",
    ),
    pytest.param(
        "FROM rust:1.85-slim AS chef\nFROM chef AS builder\nFROM golang:1.22 AS builder2\n"
        "FROM debian:bookworm-slim\nCOPY --from=builder2 /go/bin/connectors /usr/local/bin/connectors\n",
        [(3, 6)], id="copied-stage-is-build-stage",
    ),
    pytest.param(BUILD + "FROM Debian:Bookworm\n" + COPY_BINARY, [(3, 6)], id="invalid-reference"),
]

QUIET = [
    pytest.param(BUILD + RUNTIME, id="policy-images"),
    pytest.param("FROM rust:1.86.0-slim AS builder\n" + RUNTIME, id="newer-patch-version"),
    pytest.param("FROM rust:2.0-slim AS builder\n" + RUNTIME, id="newer-major-version"),
    pytest.param(
        f"FROM rust:1.85-slim@{DIGEST} AS builder\nFROM debian:bookworm-slim@{DIGEST}\n" + COPY_BINARY,
        id="tag-and-digest",
    ),
    pytest.param(
        "FROM --platform=$BUILDPLATFORM rust:1.85-slim AS Builder\nRUN cargo build\n" + RUNTIME,
        id="stage-name-case-and-platform",
    ),
    pytest.param(
        "ARG RUNTIME_IMAGE\n" + BUILD + "FROM ${RUNTIME_IMAGE:-debian:bookworm-slim}\n" + COPY_BINARY,
        id="default-of-arg-without-value",
    ),
    pytest.param(
        "ARG RUST_VERSION=1.85\nFROM rust:${RUST_VERSION}-slim AS builder\n" + RUNTIME, id="global-arg-default",
    ),
    pytest.param(
        BUILD + "FROM debian:bookworm-slim AS base\nRUN true\nFROM BASE\n" + COPY_BINARY,
        id="final-through-stage-chain",
    ),
    pytest.param(
        "FROM rust:1.85-slim AS chef\nFROM chef AS builder\nFROM alpine:3.20 AS certs\n"
        "FROM debian:bookworm-slim\nCOPY --from=certs /etc/ssl/certs /etc/ssl/certs\n" + COPY_BINARY,
        id="binary-names-build-stage",
    ),
    pytest.param("FROM scratch AS empty\n" + BUILD + RUNTIME, id="scratch-stage"),
    pytest.param(
        "FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nCOPY <<EOF /doc\nFROM evil:latest\nEOF\n",
        id="heredoc-body-is-no-from",
    ),
    pytest.param(
        "FROM rust:1.85-slim AS deps\nFROM deps AS builder\nFROM debian:bookworm-slim\n",
        id="no-copy-earlier-stages-are-build",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIRES)
def test_fires(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int]]) -> None:
    assert _positions(tmp_path, text) == [(line, column, "DF005") for line, column in expected]


@pytest.mark.parametrize("text", QUIET)
def test_quiet(tmp_path: pathlib.Path, text: str) -> None:
    assert _positions(tmp_path, text) == []


MESSAGES = [
    pytest.param("FROM alpine AS tools\n" + BUILD + RUNTIME, "no tag", id="untagged"),
    pytest.param(BUILD + "FROM alpine:latest AS x\n" + RUNTIME, "moving tag `latest`", id="latest"),
    pytest.param("FROM rust:1.84-slim AS builder\n" + RUNTIME, "older than 1.85", id="too-old"),
    pytest.param(BUILD + "FROM debian:bookworm\n" + COPY_BINARY, "`debian:bookworm-slim`", id="runtime"),
    pytest.param("ARG BASE\n" + BUILD + "FROM $BASE\n" + COPY_BINARY, "cannot be verified", id="unverifiable"),
    pytest.param(
        "ARG TAG=latest\n" + BUILD + "FROM debian:${TAG}\n" + COPY_BINARY, "(resolves to `debian:latest`)",
        id="resolved-value-shown",
    ),
]


@pytest.mark.parametrize(("text", "phrase"), MESSAGES)
def test_message(tmp_path: pathlib.Path, text: str, phrase: str) -> None:
    messages = [message for _line, _column, _rule, message in _lint(tmp_path, text)]
    assert any(phrase in message for message in messages), messages


def test_wrong_runtime_reported_once(tmp_path: pathlib.Path) -> None:
    assert len(_lint(tmp_path, BUILD + "FROM debian:latest\n" + COPY_BINARY)) == 1


def test_compose_build_target(tmp_path: pathlib.Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  app:\n    build:\n      context: .\n      target: debug\n")
    text = BUILD + "FROM ubuntu:24.04 AS debug\n" + COPY_BINARY + RUNTIME
    assert _positions(tmp_path, text) == [(3, 6, "DF005")]


def test_docs_noncompliant_fires(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.noncompliant) != []


def test_docs_compliant_quiet(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.compliant) == []

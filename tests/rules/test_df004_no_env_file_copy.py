"""DF004 no-env-file-copy: no `.env*` file reaches any stage, with `.dockerignore` read as BuildKit does."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files

BUILDER = "FROM rust:1.85-slim AS builder\n"
RUNTIME = "FROM debian:bookworm-slim\nCOPY --from=builder /a /b\n"
ENV_FILE = "POBLYSH_PROFILE=dev\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"Dockerfile": BUILDER + "COPY .env /src/.env\n"}, [(2, 6)], id="explicit"),
        pytest.param({"Dockerfile": BUILDER + "ADD .env.local /src/\n"}, [(2, 5)], id="add"),
        pytest.param({"Dockerfile": BUILDER + "copy .env /src/\n"}, [(2, 6)], id="lower-case-keyword"),
        pytest.param({"Dockerfile": BUILDER + "COPY Cargo.toml .env.prod /src/\n"}, [(2, 17)], id="second-source"),
        pytest.param({"Dockerfile": BUILDER + "COPY config/.env /src/\n"}, [(2, 6)], id="in-subfolder"),
        pytest.param({"Dockerfile": BUILDER + "COPY --chown=1:1 .env /src/\n"}, [(2, 18)], id="after-flag"),
        pytest.param({"Dockerfile": BUILDER + 'COPY [".env", "/src/"]\n'}, [(2, 7)], id="json-form"),
        pytest.param({"Dockerfile": BUILDER + "ARG F=.env\nCOPY $F /src/\n"}, [(3, 6)], id="name-from-arg"),
        pytest.param({"Dockerfile": BUILDER + "COPY .env* ./\n"}, [(2, 6)], id="glob-env-star"),
        pytest.param({"Dockerfile": BUILDER + "COPY config/*.env* ./config/\n"}, [(2, 6)], id="glob-in-folder"),
        pytest.param(
            {"Dockerfile": BUILDER + RUNTIME + "COPY --from=builder /src/.env.production /etc/app/.env\n"},
            [(4, 21)], id="from-other-stage",
        ),
        pytest.param({"Dockerfile": BUILDER + "COPY . .\n", "src/main.rs": "fn main() {}\n"}, [(2, 6)], id="whole-context-no-dockerignore"),
        pytest.param({"Dockerfile": BUILDER + "COPY ./ /src/\n", ".env": ENV_FILE}, [(2, 6)], id="whole-context-dot-slash"),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . .\n", ".dockerignore": "target/\n"},
            [(2, 6)], id="dockerignore-without-env",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . .\n", ".dockerignore": ".env*\n!.env.example\n", ".env.example": ENV_FILE},
            [(2, 6)], id="env-reincluded",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . /src\n", ".dockerignore": "*\n!*\n", ".env": ENV_FILE},
            [(2, 6)], id="everything-reincluded",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . .\n", ".dockerignore": ".env*\n", "config/.env": ENV_FILE},
            [(2, 6)], id="nested-env-not-excluded",
        ),
        pytest.param(
            {
                "Dockerfile": BUILDER + "COPY . .\n", "Dockerfile.dockerignore": "target\n",
                ".dockerignore": ".env*\n", ".env": ENV_FILE,
            },
            [(2, 6)], id="dockerfile-dockerignore-wins",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY config /src/config\n", "config/.env.local": ENV_FILE, ".dockerignore": "target\n"},
            [(2, 6)], id="folder-holding-env",
        ),
        pytest.param({"Dockerfile": BUILDER + "COPY config.toml /src/.env\n"}, [], id="destination-named-env"),
        pytest.param({"Dockerfile": BUILDER + "COPY environment.txt /src/\n"}, [], id="name-starting-env"),
        pytest.param({"Dockerfile": BUILDER + "COPY <<EOF /src/.env\nA=1\nEOF\n"}, [], id="heredoc-destination"),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . .\n", ".dockerignore": ".env*\n", ".env": ENV_FILE},
            [], id="whole-context-env-excluded",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . /src\n", ".dockerignore": "*\n!src/\n!Cargo.toml\n", ".env": ENV_FILE, "src/main.rs": "x\n"},
            [], id="ignore-all-then-reinclude-sources",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY . .\n", "Dockerfile.dockerignore": ".env*\n", ".env": ENV_FILE},
            [], id="dockerfile-dockerignore",
        ),
        pytest.param(
            {"Dockerfile": BUILDER + "COPY config /src/config\n", "config/.env.local": ENV_FILE, ".dockerignore": "**/.env*\n"},
            [], id="folder-env-excluded",
        ),
    ],
)
def test_df004(tmp_path: pathlib.Path, files: dict[str, str], expected: list[tuple[int, int]]) -> None:
    found = lint_files(tmp_path, files, select=["DF004"])
    assert found == [("Dockerfile", line, column, "DF004") for line, column in expected]

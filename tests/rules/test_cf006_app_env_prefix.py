"""CF006 app-env-prefix: app and migrate receive only POBLYSH_ variables."""

from __future__ import annotations

import pathlib

import pytest

from helpers import lint_files


def app(lines: str) -> str:
    return "services:\n  app:\n    image: c:1\n" + lines  # the first added line is line 4


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"compose.yaml": app("    environment:\n      - POBLYSH_A=1\n      - RUST_LOG=debug\n      - TZ\n")},
            [("compose.yaml", 6, 9), ("compose.yaml", 7, 9)], id="list-with-bare-key",
        ),
        pytest.param(
            {"compose.yaml": app("    environment:\n      DATABASE_URL: x\n      POBLYSH_B: 2\n")},
            [("compose.yaml", 5, 7)], id="mapping",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  migrate:\n    image: c:1\n    environment:\n      RUST_LOG:\n"},
            [("compose.yaml", 5, 7)], id="migrate-null-value",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file: app.env\n"), "app.env": "\ufeffexport POBLYSH_A=1\n# a comment\nTZ=UTC\n  export  RUST_LOG=x\n"},
            [("app.env", 3, 1), ("app.env", 4, 11)], id="env-file-bom-export-comment",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file:\n      - base.env\n      - path: local.env\n"), "base.env": "A=1\n", "local.env": "POBLYSH_A=1\nB=2\n"},
            [("base.env", 1, 1), ("local.env", 2, 1)], id="env-file-list-and-long-form",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file:\n      - missing.env\n")},
            [("compose.yaml", 5, 9)], id="env-file-missing",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file: ${ENV_FILE}\n")},
            [("compose.yaml", 4, 15)], id="env-file-variable",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file: app.env\n"), "app.env": "A='unterminated\n"},
            [("app.env", 1, 3), ("app.env", 1, 3, "E001")], id="env-file-unparsable",
        ),
        pytest.param(
            {"compose.yaml": "x-env: &env\n  RUST_LOG: debug\nservices:\n  app:\n    image: c:1\n    environment: *env\n  migrate:\n    image: c:1\n    environment: *env\n"},
            [("compose.yaml", 2, 3), ("compose.yaml", 2, 3)], id="anchor-reported-per-service",
        ),
        pytest.param(
            {"compose.yaml": app("    environment:\n      POBLYSH_PROFILE: dev\n      POBLYSH_API_BIND_ADDR: 0.0.0.0:8080\n")},
            [], id="prefixed",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file:\n      - path: missing.env\n        required: false\n")},
            [], id="optional-env-file-missing",
        ),
        pytest.param(
            {"compose.yaml": "services:\n  db:\n    image: p:1\n    environment:\n      POSTGRES_USER: pbl\n  worker:\n    image: w:1\n    environment:\n      RUST_LOG: x\n"},
            [], id="other-services-exempt",
        ),
        pytest.param(
            {"compose.yaml": app("    env_file: app.env\n"), "app.env": "# only comments\n\nexport POBLYSH_A=1\n"},
            [], id="env-file-prefixed",
        ),
    ],
)
def test_cf006(tmp_path: pathlib.Path, files: dict[str, str], expected: list[tuple[str, int, int]]) -> None:
    found = lint_files(tmp_path, files, select=["CF006"])
    # An entry with a fourth item names another rule, such as E001 for what Compose rejects.
    assert found == sorted(entry if len(entry) == 4 else (*entry, "CF006") for entry in expected)

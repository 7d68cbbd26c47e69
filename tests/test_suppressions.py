from __future__ import annotations

import datetime
import json
import pathlib

import pytest

from dlint.cli import main
from dlint.config import ConfigResolver
from dlint.discovery import discover
from dlint.rules import RULES
from dlint.runner import RunOptions, active_suppressions, lint_files
from dlint.suppressions import Comment, Settings, _Malformed, parse_comment, read_suppressions

TODAY = datetime.date(2025, 1, 15)
Found = tuple[str, int, int, str]

DOCKERFILE_SELECT = frozenset({"DF002", "DF003", "DF006"})
COMPOSE_SELECT = frozenset({"CF003", "CF004", "CF006"})

BUILD = "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
# Line 3 is the final FROM; with no USER and no EXPOSE, DF002 and DF003 both point at it.
BARE_RUNTIME = BUILD + "FROM debian:bookworm-slim\nCMD [\"connectors\"]\n"
RUNTIME = BUILD + "FROM debian:bookworm-slim\nUSER 10001\nEXPOSE 8080\n"

COMPOSE = """\
services:
  db:
    image: postgres:16-alpine
    healthcheck:
      test: ["CMD", "pg_isready"]
  migrate:
    image: connectors:1.0
    depends_on:
      db:
        condition: service_healthy
  app:
    image: connectors:1.0
    environment:
      POBLYSH_X: "1"
      DEBUG: "1"
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_started
"""


def write(root: pathlib.Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir(exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def lint(
    root: pathlib.Path, files: dict[str, str], select: frozenset[str], inline: bool = True, config: str | None = None,
) -> list[Found]:
    if config is not None:
        files = {**files, ".dlint.yaml": config}
    write(root, files)
    options = RunOptions(select=select, inline_ignores=inline, today=TODAY)
    result = lint_files(discover(["."]), ConfigResolver(RULES), options)
    return [(finding.path, finding.line, finding.column, finding.rule) for finding in result.report.findings]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


DOCKERFILE_CASES = [
    pytest.param(BARE_RUNTIME, [(3, 1, "DF002"), (3, 1, "DF003")], id="no-suppression"),
    pytest.param(
        BUILD + "# dlint ignore=DF002,DF003 -- the profiler image\nFROM debian:bookworm-slim\n", [], id="list-above-instruction"
    ),
    pytest.param(
        BUILD + "# dlint ignore=DF002 -- a\n# dlint ignore=DF003 -- b\nFROM debian:bookworm-slim\n", [], id="stacked-comments-add-up"
    ),
    pytest.param(
        BUILD + "# dlint ignore=DF003 -- a\n# the runtime stage\nFROM debian:bookworm-slim\n",
        [(5, 1, "DF002")], id="plain-comment-between",
    ),
    pytest.param(
        BUILD + "# dlint ignore=DF003 -- a\n\nFROM debian:bookworm-slim\n",
        [(3, 1, "S001"), (5, 1, "DF002"), (5, 1, "DF003")], id="blank-line-between-is-misplaced",
    ),
    pytest.param(
        BUILD + "# dlint ignore=expose-only-8080 -- a\nFROM debian:bookworm-slim\n", [(4, 1, "DF002")], id="rule-name",
    ),
    pytest.param(
        BUILD + "# dlint ignore=df003 -- a\nFROM debian:bookworm-slim\n", [(4, 1, "DF002")], id="lower-case-id",
    ),
    pytest.param(
        BUILD + "FROM debian:bookworm-slim\n# dlint ignore-file=DF002,DF003 -- a scratch image\n", [], id="ignore-file-at-end",
    ),
    pytest.param(
        "# dlint ignore-file=DF003 -- a\n" + BARE_RUNTIME, [(4, 1, "DF002")], id="ignore-file-at-top",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF003 -- a\nENV DEBUG=1\n", [(6, 16, "S003"), (7, 5, "DF006")], id="other-rule-is-unused",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006,DF999 -- a\nENV DEBUG=1\n", [(6, 22, "S002")], id="unknown-id-others-apply",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=E001 -- a\nENV DEBUG=1\n", [(6, 16, "S002"), (7, 5, "DF006")], id="file-error-not-suppressible",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006\nENV DEBUG=1\n", [(6, 1, "S001"), (7, 5, "DF006")], id="reason-required",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006 --\nENV DEBUG=1\n", [(6, 1, "S001"), (7, 5, "DF006")], id="empty-reason",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore DF006 -- a\nENV DEBUG=1\n", [(6, 1, "S001"), (7, 5, "DF006")], id="malformed-no-equals",
    ),
    pytest.param(
        RUNTIME + "# dlint: ignore=DF006 -- a\nENV DEBUG=1\n", [(6, 1, "S001"), (7, 5, "DF006")], id="malformed-colon",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006 until=2025-01-16 -- a\nENV DEBUG=1\n", [], id="until-future",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006 until=2025-01-15 -- a\nENV DEBUG=1\n", [], id="until-today-still-holds",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006 until=2025-01-14 -- a\nENV DEBUG=1\n", [(6, 1, "S004"), (7, 5, "DF006")], id="until-past-expired",
    ),
    pytest.param(
        RUNTIME + "# dlint ignore=DF006 until=2025-02-30 -- a\nENV DEBUG=1\n", [(6, 1, "S001"), (7, 5, "DF006")], id="until-not-a-date",
    ),
    pytest.param(
        RUNTIME + "RUN <<EOF\n# dlint ignore=DF006 -- a\nEOF\nENV DEBUG=1\n", [(9, 5, "DF006")], id="heredoc-body-is-not-a-comment",
    ),
    pytest.param(
        RUNTIME + "ENV A=1 \\\n# dlint ignore=DF006 -- a\n    DEBUG=1\n", [], id="comment-inside-continuation",
    ),
    pytest.param(
        RUNTIME + "  # dlint ignore=DF006 -- a\nENV DEBUG=1\n", [], id="indented-comment",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCKERFILE_CASES)
def test_dockerfile(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    found = lint(tmp_path, {"Dockerfile": text}, DOCKERFILE_SELECT)
    assert found == [("Dockerfile", line, column, rule) for line, column, rule in expected]


COMPOSE_CASES = [
    pytest.param(COMPOSE, [(15, 7, "CF006"), (20, 20, "CF003")], id="no-suppression"),
    pytest.param(
        COMPOSE.replace("  app:\n", "  # dlint ignore=CF003,CF006 -- dev only\n  app:\n"), [], id="above-key-covers-subtree",
    ),
    pytest.param(
        COMPOSE.replace("  app:\n", "  app:  # dlint ignore=CF003,CF006 -- dev only\n"), [], id="end-of-key-line",
    ),
    pytest.param(
        COMPOSE.replace("      migrate:\n", "      # dlint ignore=CF003 -- a\n      migrate:\n"), [(15, 7, "CF006")], id="above-nested-key",
    ),
    pytest.param(
        COMPOSE.replace("      DEBUG: \"1\"\n", "      DEBUG: \"1\"  # dlint ignore=CF006 -- a\n"), [(20, 20, "CF003")], id="end-of-value-line",
    ),
    pytest.param(
        COMPOSE.replace("    image: connectors:1.0\n    environment:", "    # dlint ignore=CF006 -- a\n    image: connectors:1.0\n    environment:"),
        [(12, 20, "S003"), (16, 7, "CF006"), (21, 20, "CF003")], id="sibling-key-not-covered",
    ),
    pytest.param(
        COMPOSE.replace("  migrate:\n", "  # dlint ignore=CF003 -- a\n  migrate:\n", 1), [(6, 18, "S003"), (16, 7, "CF006"), (21, 20, "CF003")],
        id="subtree-ends-at-next-sibling",
    ),
    pytest.param(
        COMPOSE.replace("  app:\n", "  # dlint ignore=CF003 -- a\n\n  app:\n"), [(11, 3, "S001"), (17, 7, "CF006"), (22, 20, "CF003")],
        id="blank-line-between-is-misplaced",
    ),
    pytest.param(COMPOSE + "# dlint ignore-file=CF003,CF006 -- a\n", [], id="ignore-file"),
    pytest.param(
        COMPOSE.replace("POBLYSH_X: \"1\"", "POBLYSH_X: \"a # dlint ignore=CF006 -- a\""), [(15, 7, "CF006"), (20, 20, "CF003")],
        id="inside-quoted-string",
    ),
    pytest.param(
        COMPOSE.replace("POBLYSH_X: \"1\"", "POBLYSH_X: |\n        # dlint ignore-file=CF006 -- a"), [(16, 7, "CF006"), (21, 20, "CF003")],
        id="inside-block-scalar",
    ),
    pytest.param(
        COMPOSE.replace("  app:\n", "  app:  # dlint ignore=CF003 until=2024-12-31 -- a\n"), [(11, 9, "S004"), (15, 7, "CF006"), (20, 20, "CF003")],
        id="expired",
    ),
    pytest.param(
        COMPOSE.replace("  app:\n", "  app:  # dlint ignore=CF404 -- a\n"), [(11, 24, "S002"), (15, 7, "CF006"), (20, 20, "CF003")],
        id="unknown-id",
    ),
    pytest.param(
        COMPOSE.replace("  app:\n", "  app:  # dlint ignore=CF003\n"), [(11, 9, "S001"), (15, 7, "CF006"), (20, 20, "CF003")],
        id="reason-required",
    ),
]


@pytest.mark.parametrize(("text", "expected"), COMPOSE_CASES)
def test_compose(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    found = lint(tmp_path, {"compose.yaml": text}, COMPOSE_SELECT)
    assert found == [("compose.yaml", line, column, rule) for line, column, rule in expected]


SUPPRESSED_ENV = RUNTIME + "# dlint ignore=DF006 -- a\nENV DEBUG=1\n"
SUPPRESSED_APP = COMPOSE.replace("  app:\n", "  app:  # dlint ignore=CF003,CF006 -- dev only\n")

CONFIG_CASES = [
    pytest.param(
        "Dockerfile", RUNTIME + "# dlint ignore=DF006\nENV DEBUG=1\n", "require-reason: false\n", DOCKERFILE_SELECT, [],
        id="reason-optional",
    ),
    pytest.param(
        "Dockerfile", SUPPRESSED_ENV, "unsuppressible: [DF006]\n", DOCKERFILE_SELECT, [(6, 16, "S001"), (7, 5, "DF006")],
        id="unsuppressible-dockerfile",
    ),
    pytest.param(
        "compose.yaml", SUPPRESSED_APP, "unsuppressible: [app-env-prefix]\n", COMPOSE_SELECT, [(11, 30, "S001"), (15, 7, "CF006")],
        id="unsuppressible-compose-by-name",
    ),
    pytest.param(
        "Dockerfile", SUPPRESSED_ENV, "rules:\n  DF006:\n    enabled: false\n", None, [],
        id="disabled-rule-not-reported-unused",
    ),
]


@pytest.mark.parametrize(("name", "text", "config", "select", "expected"), CONFIG_CASES)
def test_configured(
    tmp_path: pathlib.Path, name: str, text: str, config: str, select: frozenset[str] | None, expected: list[tuple[int, int, str]],
) -> None:
    found = lint(tmp_path, {name: text}, select, config=config)
    # Other rules may fire on these small inputs; only suppressions and the suppressed rules matter here.
    assert [item[1:] for item in found if item[3].startswith("S") or item[3] in ("DF006", "CF003", "CF006")] == expected


def test_unused_not_reported_for_rule_not_run(tmp_path: pathlib.Path) -> None:
    assert lint(tmp_path, {"Dockerfile": SUPPRESSED_ENV}, frozenset({"DF002"})) == []


@pytest.mark.parametrize(
    ("name", "text", "select", "expected"),
    [
        pytest.param("Dockerfile", SUPPRESSED_ENV, DOCKERFILE_SELECT, [(7, 5, "DF006")], id="dockerfile"),
        pytest.param("compose.yaml", SUPPRESSED_APP, COMPOSE_SELECT, [(15, 7, "CF006"), (20, 20, "CF003")], id="compose"),
        pytest.param("Dockerfile", RUNTIME + "# dlint ignore=DF006\nENV DEBUG=1\n", DOCKERFILE_SELECT, [(7, 5, "DF006")], id="no-suppression-findings"),
    ],
)
def test_no_inline_ignores(tmp_path: pathlib.Path, name: str, text: str, select: frozenset[str], expected: list[tuple[int, int, str]]) -> None:
    found = lint(tmp_path, {name: text}, select, inline=False)
    assert [item[1:] for item in found] == expected


def test_expired_finding_carries_note(tmp_path: pathlib.Path) -> None:
    write(tmp_path, {"Dockerfile": RUNTIME + "# dlint ignore=DF006 until=2024-06-30 -- a\nENV DEBUG=1\n"})
    result = lint_files(discover(["."]), ConfigResolver(RULES), RunOptions(select=DOCKERFILE_SELECT, today=TODAY))
    messages = {finding.rule: finding.message for finding in result.report.findings}
    assert messages["DF006"].endswith("(its suppression at line 6 expired on 2024-06-30)")


def test_suppression_findings_fail_the_run(tmp_path: pathlib.Path) -> None:
    write(tmp_path, {"Dockerfile": RUNTIME + "# dlint ignore=DF006 -- a\n# dlint ignore=DF999 -- a\nENV DEBUG=1\n"})
    result = lint_files(discover(["."]), ConfigResolver(RULES), RunOptions(select=DOCKERFILE_SELECT, today=TODAY))
    assert result.failing


# -- reading one comment -----------------------------------------------------------------

PARSE_CASES = [
    pytest.param(" dlint ignore=DF003 -- why", (False, ("DF003",), None, "why"), id="ignore"),
    pytest.param(" dlint ignore-file=DF003,DF006 -- why not", (True, ("DF003", "DF006"), None, "why not"), id="ignore-file"),
    pytest.param(" dlint ignore=DF003 until=2025-03-01 -- x", (False, ("DF003",), datetime.date(2025, 3, 1), "x"), id="until"),
    pytest.param(" dlint until=2025-03-01 ignore=DF003 -- x", (False, ("DF003",), datetime.date(2025, 3, 1), "x"), id="until-first"),
    pytest.param(" dlint ignore=DF003", (False, ("DF003",), None, None), id="no-reason"),
    pytest.param(" dlint ignore=DF003 -- a -- b", (False, ("DF003",), None, "a -- b"), id="dashes-in-reason"),
    pytest.param("dlint\tignore=DF003\t--\tx", (False, ("DF003",), None, "x"), id="tabs"),
]


@pytest.mark.parametrize(("body", "expected"), PARSE_CASES)
def test_parse_comment(body: str, expected: tuple[object, ...]) -> None:
    parsed = parse_comment(Comment(1, 1, body))
    assert (parsed.whole_file, tuple(written for written, _ in parsed.ids), parsed.until, parsed.reason) == expected


MALFORMED_CASES = [
    pytest.param(" dlint", "suppression names no rule; write `# dlint ignore=ID[,ID...] [until=YYYY-MM-DD] -- reason`", id="nothing"),
    pytest.param(" dlint -- why", "suppression names no rule; write `# dlint ignore=ID[,ID...] [until=YYYY-MM-DD] -- reason`", id="only-reason"),
    pytest.param(" dlint noqa=DF003", "unexpected `noqa=DF003` in suppression; write `# dlint ignore=ID[,ID...] [until=YYYY-MM-DD] -- reason`", id="unknown-word"),
    pytest.param(" dlint ignore=DF003,,DF006", "empty rule id in `DF003,,DF006`; separate ids with single commas", id="empty-id"),
    pytest.param(" dlint ignore=", "empty rule id in ``; separate ids with single commas", id="no-ids"),
    pytest.param(" dlint ignore=DF003 ignore-file=DF006", "suppression gives `ignore-file=` after `ignore=`; write one list of rule ids", id="two-lists"),
    pytest.param(" dlint ignore=DF003 until=2025-1-1", "`until=2025-1-1` is not a date; expected `until=YYYY-MM-DD`", id="short-date"),
    pytest.param(" dlint ignore=DF003 until=2025-13-01", "`until=2025-13-01` is not a valid calendar date", id="bad-month"),
    pytest.param(" dlint ignore=DF003 until=2025-01-01 until=2025-02-01", "suppression gives `until` twice; write `# dlint ignore=ID[,ID...] [until=YYYY-MM-DD] -- reason`", id="until-twice"),
]


@pytest.mark.parametrize(("body", "message"), MALFORMED_CASES)
def test_parse_comment_malformed(body: str, message: str) -> None:
    with pytest.raises(_Malformed) as caught:
        parse_comment(Comment(1, 1, body))
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# dlint ignore=DF003 -- a\nEXPOSE 1\n", [(2, 2)], id="dockerfile-next-line"),
        pytest.param("# dlint ignore=DF003 -- a\nRUN a \\\n  b\nEXPOSE 1\n", [(2, 3)], id="dockerfile-continued"),
    ],
)
def test_dockerfile_span(text: str, expected: list[tuple[int, int]]) -> None:
    found = read_suppressions("Dockerfile", text, "dockerfile", {"DF003": "DF003"}, Settings(today=TODAY))
    assert [(item.first_line, item.last_line) for item in found.suppressions] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# dlint ignore=CF003 -- a\na:\n  b: 1\nc: 2\n", [(2, 3)], id="key-with-children"),
        pytest.param("a:\n  # dlint ignore=CF003 -- a\n  b:\n    - 1\n    - 2\n  c: 3\n", [(3, 5)], id="nested-key"),
        pytest.param("a:\n  - 1  # dlint ignore=CF003 -- a\n  - 2\n", [(2, 2)], id="list-item-line"),
        pytest.param("a:\n  b: 1\n# dlint ignore=CF003 -- a\nc:\n  d: 1\n", [(4, 5)], id="last-key-to-end"),
        pytest.param("a: {b: 1, c: 2}  # dlint ignore=CF003 -- a\nd: 1\n", [(1, 1)], id="flow-mapping"),
        pytest.param("a: 1\r\n# dlint ignore=CF003 -- a\r\nb:\r\n  c: 1\r\n", [(3, 4)], id="crlf"),
    ],
)
def test_compose_span(text: str, expected: list[tuple[int, int]]) -> None:
    found = read_suppressions("compose.yaml", text, "compose", {"CF003": "CF003"}, Settings(today=TODAY))
    assert [(item.first_line, item.last_line) for item in found.suppressions] == expected


# -- the audit listing -------------------------------------------------------------------

AUDIT_FILES = {
    "Dockerfile": RUNTIME + "# dlint ignore=DF006 until=2030-01-01 -- debug builds\nENV DEBUG=1\n# dlint ignore=DF003 until=2020-01-01 -- old\nEXPOSE 9\n",
    "svc/compose.yaml": "# dlint ignore-file=CF006 -- dev only\n" + COMPOSE.replace("  app:\n", "  app:  # dlint ignore=CF003 -- waits\n"),
    "other/Dockerfile": RUNTIME + "# dlint ignore=DF006\nENV DEBUG=1\n",
}


def test_active_suppressions(tmp_path: pathlib.Path) -> None:
    write(tmp_path, AUDIT_FILES)
    found = active_suppressions(discover(["."]), ConfigResolver(RULES), TODAY)
    assert [(item.path, item.line, item.rules, item.reason, item.until) for item in found] == [
        ("Dockerfile", 6, ("DF006",), "debug builds", datetime.date(2030, 1, 1)),
        ("svc/compose.yaml", 1, ("CF006",), "dev only", None),
        ("svc/compose.yaml", 12, ("CF003",), "waits", None),
    ]


def test_suppressions_command_text(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, AUDIT_FILES)
    assert main(["suppressions", "svc"]) == 0
    assert capsys.readouterr().out == (
        "svc/compose.yaml:1: CF006 [file] -- dev only\n"
        "svc/compose.yaml:12: CF003 [lines 12-21] -- waits\n"
        "2 suppressions in 1 file\n"
    )


def test_suppressions_command_json(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, AUDIT_FILES)
    assert main(["suppressions", "--format", "json", "Dockerfile"]) == 0
    assert json.loads(capsys.readouterr().out)["suppressions"] == [
        {"path": "Dockerfile", "line": 6, "rules": ["DF006"], "scope": "lines", "first_line": 7, "last_line": 7,
         "reason": "debug builds", "until": "2030-01-01"},
    ]


def test_suppressions_command_honours_require_reason(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {**AUDIT_FILES, "other/.dlint.yaml": "require-reason: false\n"})
    assert main(["suppressions", "other"]) == 0
    assert capsys.readouterr().out == "other/Dockerfile:6: DF006 [line 7] -- (no reason given)\n1 suppression in 1 file\n"

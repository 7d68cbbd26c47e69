"""DF007 exec-form-command: the final image's CMD and ENTRYPOINT are in JSON exec form."""

from __future__ import annotations

import pathlib

import pytest

from dlint.rules.df007_exec_form_command import RULE

from helpers import lint_dockerfile

RUNTIME = "FROM debian:bookworm-slim\n"


def _lint(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str, str]]:
    return lint_dockerfile(tmp_path, text, RULE)


def _positions(tmp_path: pathlib.Path, text: str) -> list[tuple[int, int, str]]:
    return [(line, column, rule) for line, column, rule, _message in _lint(tmp_path, text)]


FIRES = [
    pytest.param(RUNTIME + "CMD connectors serve\n", [(2, 5)], id="cmd-shell-form"),
    pytest.param(RUNTIME + "ENTRYPOINT connectors\n", [(2, 12)], id="entrypoint-shell-form"),
    pytest.param(RUNTIME + 'CMD [ "connectors"\n', [(2, 5)], id="broken-json-is-shell-form"),
    pytest.param(RUNTIME + "CMD ['connectors']\n", [(2, 5)], id="single-quotes-are-shell-form"),
    pytest.param(RUNTIME + "cmd   connectors\n", [(2, 7)], id="lower-case-keyword"),
    pytest.param(
        RUNTIME + 'ENTRYPOINT ["connectors"]\nCMD serve --port 8080\n', [(3, 5)], id="shell-cmd-after-exec-entrypoint",
    ),
    pytest.param(
        RUNTIME + "ENTRYPOINT connectors\nCMD serve\n", [(2, 12), (3, 5)], id="both-shell-form",
    ),
    pytest.param(
        "FROM debian:bookworm-slim AS base\nCMD connectors\nFROM base\nUSER 10001\n", [(2, 5)],
        id="inherited-through-stage",
    ),
    pytest.param(RUNTIME + "CMD exec connectors\n", [(2, 5)], id="exec-in-shell-form"),
]

QUIET = [
    pytest.param(RUNTIME + 'CMD ["connectors"]\n', id="cmd-exec-form"),
    pytest.param(RUNTIME + 'ENTRYPOINT ["connectors"]\nCMD ["serve"]\n', id="both-exec-form"),
    pytest.param(RUNTIME + 'CMD ["connectors"] trailing\n', id="json-with-trailing-text"),
    pytest.param(RUNTIME + "CMD connectors\nCMD [\"connectors\"]\n", id="later-cmd-wins"),
    pytest.param(
        "FROM debian:bookworm-slim AS base\nCMD connectors\nFROM base\nENTRYPOINT [\"connectors\"]\n",
        id="entrypoint-clears-inherited-cmd",
    ),
    pytest.param(
        "FROM debian:bookworm-slim AS tools\nCMD sleep 1\n" + RUNTIME + 'CMD ["connectors"]\n',
        id="other-stage-not-final",
    ),
    pytest.param(RUNTIME + "RUN echo hi\n", id="no-command"),
    pytest.param(RUNTIME + "HEALTHCHECK CMD curl -f http://localhost:8080/readyz\n", id="healthcheck-not-cmd"),
]


@pytest.mark.parametrize(("text", "expected"), FIRES)
def test_fires(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int]]) -> None:
    assert _positions(tmp_path, text) == [(line, column, "DF007") for line, column in expected]


@pytest.mark.parametrize("text", QUIET)
def test_quiet(tmp_path: pathlib.Path, text: str) -> None:
    assert _positions(tmp_path, text) == []


SUGGESTIONS = [
    pytest.param(RUNTIME + "CMD connectors serve\n", 'CMD ["connectors", "serve"]', id="plain-words"),
    pytest.param(RUNTIME + "CMD connectors --port $PORT\n", 'CMD ["<binary>", "<argument>"]', id="shell-syntax"),
]


@pytest.mark.parametrize(("text", "suggestion"), SUGGESTIONS)
def test_suggestion(tmp_path: pathlib.Path, text: str, suggestion: str) -> None:
    [(_line, _column, _rule, message)] = _lint(tmp_path, text)
    assert f"`{suggestion}`" in message


def test_compose_build_target(tmp_path: pathlib.Path) -> None:
    (tmp_path / "compose.yaml").write_text("services:\n  app:\n    build:\n      context: .\n      target: debug\n")
    text = "FROM debian:bookworm-slim AS debug\nCMD connectors\n" + RUNTIME + 'CMD ["connectors"]\n'
    assert _positions(tmp_path, text) == [(2, 5, "DF007")]


def test_docs_noncompliant_fires(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.noncompliant) != []


def test_docs_compliant_quiet(tmp_path: pathlib.Path) -> None:
    assert _lint(tmp_path, RULE.docs.compliant) == []

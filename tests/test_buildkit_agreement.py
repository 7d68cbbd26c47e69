"""Differential test: dlint's Dockerfile parser against BuildKit's own parser.

BuildKit's parser is reached through the PyPI package `dockerfile` (Go bindings).
Both parsers read every corpus file in tests/data/dockerfiles/ and every file from
dockerfile_gen, and their instructions must agree field by field. A file BuildKit
rejects must give dlint at least one error. A dlint error on a file BuildKit accepts
is a failure, except for the files in BUILD_TIME_ONLY.
"""

from __future__ import annotations

import functools
import pathlib
import re
from dataclasses import dataclass
from typing import Any, Callable

import pytest

dockerfile = pytest.importorskip(
    "dockerfile",
    reason="BuildKit's parser bindings (PyPI package `dockerfile`) are not installed",
)

from dlint.dockerfile.parser import parse_dockerfile  # noqa: E402
from dockerfile_gen import generate_many  # noqa: E402

CORPUS_DIR = pathlib.Path(__file__).parent / "data" / "dockerfiles"
GENERATED_COUNT = 300

# Corpus files BuildKit's parser rejects, with its message.
REJECTED: dict[str, str] = {
    "009-empty-file": "file with no instructions",
    "010-comments-only": "file with no instructions",
    "011-whitespace-only-file": "file with no instructions",
    "035-directive-duplicate-escape": "only one escape parser directive can be used",
    "036-directive-duplicate-syntax": "only one syntax parser directive can be used",
    "038-directive-bad-escape": "invalid escape token 'x' does not match ` or \\",
    "083-json-number": "when using JSON array syntax, arrays must be comprised of strings only",
    "086-json-null": "when using JSON array syntax, arrays must be comprised of strings only",
    "087-json-bool": "when using JSON array syntax, arrays must be comprised of strings only",
    "088-json-nested": "when using JSON array syntax, arrays must be comprised of strings only",
    "101-json-healthcheck-number": "when using JSON array syntax, arrays must be comprised of strings only",
    "124-heredoc-unterminated": "unterminated heredoc",
    "125-heredoc-terminator-trailing-space": "unterminated heredoc",
    "143-heredoc-second-unterminated": "unterminated heredoc",
    "178-env-one-word": "ENV must have two arguments",
    "179-env-missing-equals": "Syntax error - can't find = in \"B\". Must be of the form: name=value",
    "187-label-one-word": "LABEL must have two arguments",
    "208-onbuild-json-bad": "when using JSON array syntax, arrays must be comprised of strings only",
}

# Corpus files BuildKit's parser accepts but a build would reject. dlint may report
# errors for these.
BUILD_TIME_ONLY: dict[str, str] = {
    "021-from-extra-words": "FROM takes an image and optionally `AS name`",
    "022-from-empty": "FROM without an image",
    "160-healthcheck-empty": "HEALTHCHECK without arguments",
    "161-healthcheck-bad-word": "HEALTHCHECK needs CMD or NONE",
    "168-flags-no-value": "`--mount` without a value",
    "170-flags-odd-names": "unknown flags",
    "177-env-empty-key": "ENV with an empty name",
    "184-env-empty": "ENV without arguments",
    "191-arg-empty": "ARG without a name",
    "203-onbuild-empty": "ONBUILD without an instruction",
    "204-onbuild-onbuild": "ONBUILD ONBUILD is not allowed",
    "205-onbuild-from": "ONBUILD FROM and ONBUILD MAINTAINER are not allowed",
    "206-onbuild-unknown": "unknown instruction after ONBUILD",
    "209-unknown-instruction": "unknown instruction",
    "210-unknown-dashed": "unknown instruction",
    "211-instruction-before-from": "instruction before FROM",
    "212-cmd-before-from": "instruction before FROM",
    "213-empty-instructions": "RUN, CMD, ENTRYPOINT, WORKDIR, USER without arguments",
    "222-keyword-only-lines": "ONBUILD RUN, EXPOSE, VOLUME without arguments",
    "223-dash-line-unknown": "unknown instruction",
}


# The bound BuildKit predates the `check` directive, so it reads `# check=...` as a
# plain comment that ends the directives. dlint follows newer BuildKit releases.
# The value names the tests that disagree ("errors", "instructions").
NEWER_BUILDKIT: dict[str, frozenset[str]] = {
    "037-directive-duplicate-check": frozenset({"errors"}),
    "224-directive-check-then-escape": frozenset({"errors", "instructions"}),
    "225-directive-check-then-duplicate-syntax": frozenset({"errors"}),
}
NEWER_BUILDKIT_REASON = "the bound BuildKit ignores the `check` directive, dlint supports it"


@dataclass(frozen=True)
class Case:
    name: str
    text: str


def _corpus() -> list[Case]:
    return [
        Case(path.stem, path.read_bytes().decode("utf-8"))
        for path in sorted(CORPUS_DIR.glob("*.Dockerfile"))
    ]


CORPUS = _corpus()
GENERATED = generate_many(GENERATED_COUNT)
CASES = CORPUS + [Case(item.name, item.text) for item in GENERATED]


@functools.lru_cache(maxsize=None)
def _buildkit(text: str) -> tuple[Any, ...] | str:
    """BuildKit's commands, or its error message when it rejects the text."""
    try:
        return tuple(dockerfile.parse_string(text))
    except dockerfile.GoParseError as error:
        return str(error)


@functools.lru_cache(maxsize=None)
def _dlint(text: str) -> Any:
    return parse_dockerfile(text)


ACCEPTED = [case for case in CASES if not isinstance(_buildkit(case.text), str)]


def _inner_command(text: str, command: Any) -> Any:
    """Parse the instruction after ONBUILD on its own, to see its flags and heredocs.

    The bindings report neither for ONBUILD, so the ONBUILD keyword is blanked out
    and the text up to the instruction's last line is parsed again.
    """
    lines = text.split("\n")
    index = command.start_line - 1
    match = re.match(r"(\ufeff?[ \t]*)(\S+)", lines[index])
    assert match is not None and match.group(2) == command.cmd
    lines[index] = match.group(1) + " " * len(command.cmd) + lines[index][match.end() :]
    for inner in dockerfile.parse_string("\n".join(lines[: command.end_line])):
        if inner.start_line == command.start_line:
            return inner
    raise AssertionError(f"instruction at line {command.start_line} not found after blanking ONBUILD")


def _heredocs_of(command: Any) -> tuple[tuple[str, str], ...]:
    return tuple((heredoc.name, heredoc.content) for heredoc in command.heredocs)


def _expected_heredocs(text: str, command: Any) -> tuple[tuple[str, str], ...]:
    if command.sub_cmd is None:
        return _heredocs_of(command)
    return _heredocs_of(_inner_command(text, command))


def _expected_sub_flags(text: str, command: Any) -> tuple[str, ...] | None:
    if command.sub_cmd is None:
        return None
    return tuple(_inner_command(text, command).flags)


def _actual_heredocs(instruction: Any) -> tuple[tuple[str, str], ...]:
    holder = instruction.sub if instruction.sub is not None else instruction
    return tuple((heredoc.name, heredoc.body) for heredoc in holder.heredocs)


# field name -> (BuildKit side from (text, command), dlint side from an instruction)
FIELDS: dict[str, tuple[Callable[[str, Any], Any], Callable[[Any], Any]]] = {
    "keyword": (lambda text, c: c.cmd, lambda i: i.keyword),
    "sub-keyword": (lambda text, c: c.sub_cmd, lambda i: i.sub.keyword if i.sub else None),
    "json": (lambda text, c: c.json, lambda i: i.json_form),
    "flags": (lambda text, c: tuple(c.flags), lambda i: tuple(i.flag_texts)),
    "sub-flags": (_expected_sub_flags, lambda i: tuple(i.sub.flag_texts) if i.sub else None),
    "values": (lambda text, c: tuple(c.value), lambda i: tuple(i.values)),
    "lines": (lambda text, c: (c.start_line, c.end_line), lambda i: (i.start_line, i.end_line)),
    "heredocs": (_expected_heredocs, _actual_heredocs),
}


def _params(cases: list[Case], kind: str, fields: tuple[str, ...] = ("",)) -> list[Any]:
    """Wrap cases for parametrize, with ids, marking the NEWER_BUILDKIT disagreements."""
    params = []
    for case in cases:
        for field in fields:
            marks = []
            if kind in NEWER_BUILDKIT.get(case.name, frozenset()):
                marks.append(pytest.mark.xfail(strict=True, reason=NEWER_BUILDKIT_REASON))
            case_id = f"{case.name}:{field}" if field else case.name
            values = (case, field) if field else (case,)
            params.append(pytest.param(*values, marks=marks, id=case_id))
    return params


def _error_texts(case: Case) -> list[str]:
    return [f"{issue.line}:{issue.column} {issue.message}" for issue in _dlint(case.text).errors]


def test_corpus_size() -> None:
    assert len(CORPUS) >= 150


def test_tables_name_existing_files() -> None:
    names = {case.name for case in CORPUS}
    assert set(REJECTED) | set(BUILD_TIME_ONLY) | set(NEWER_BUILDKIT) <= names


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_corpus_verdict(case: Case) -> None:
    outcome = _buildkit(case.text)
    message = outcome if isinstance(outcome, str) else None
    assert message == REJECTED.get(case.name)


@pytest.mark.parametrize("item", GENERATED, ids=lambda item: item.name)
def test_generated_verdict(item: Any) -> None:
    assert isinstance(_buildkit(item.text), str) == item.reject


@pytest.mark.parametrize("case", _params(CASES, "errors"))
def test_errors(case: Case) -> None:
    rejected = isinstance(_buildkit(case.text), str)
    errors = _error_texts(case)
    if rejected:
        assert errors, f"BuildKit rejects it ({_buildkit(case.text)}); dlint reports nothing"
    elif case.name not in BUILD_TIME_ONLY:
        assert errors == [], "BuildKit accepts it"


def test_most_cases_accepted() -> None:
    assert len(ACCEPTED) > len(CORPUS) // 2


@pytest.mark.parametrize("case", _params(ACCEPTED, "instructions"))
def test_instruction_count(case: Case) -> None:
    commands = _buildkit(case.text)
    assert len(_dlint(case.text).instructions) == len(commands)


@pytest.mark.parametrize(("case", "field"), _params(ACCEPTED, "instructions", tuple(FIELDS)))
def test_field(case: Case, field: str) -> None:
    expected_of, actual_of = FIELDS[field]
    commands = _buildkit(case.text)
    expected = [expected_of(case.text, command) for command in commands]
    actual = [actual_of(instruction) for instruction in _dlint(case.text).instructions]
    assert actual == expected

"""The Dockerfile parser: positions, forms, heredocs, directives, encodings and errors."""

from __future__ import annotations

import io

import hypothesis
import pytest

from dlint.dockerfile.model import Dockerfile, Instruction
from dlint.dockerfile.parser import parse_dockerfile


def only(text: str, keyword: str) -> Instruction:
    """The single instruction called `keyword` in `text`."""
    (found,) = [item for item in parse_dockerfile(text).instructions if item.command == keyword]
    return found


def error_positions(dockerfile: Dockerfile) -> list[tuple[int, int]]:
    return [(issue.line, issue.column) for issue in dockerfile.errors]


# -- positions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keyword", "expected"),
    [
        pytest.param("FROM a\n", "FROM", (1, 1), id="first-line"),
        pytest.param("FROM a\n\n\nUSER 1\n", "USER", (4, 1), id="after-blank-lines"),
        pytest.param("FROM a\n   USER 1\n", "USER", (2, 4), id="indented"),
        pytest.param("FROM a\n\tUSER 1\n", "USER", (2, 2), id="tab-indented"),
        pytest.param("FROM a\n# USER 0\nUSER 1\n", "USER", (3, 1), id="after-comment"),
        pytest.param("FROM a\nuser 1\n", "USER", (2, 1), id="lower-case"),
    ],
)
def test_instruction_position(text: str, keyword: str, expected: tuple[int, int]) -> None:
    instruction = only(text, keyword)
    assert (instruction.line, instruction.column) == expected


@pytest.mark.parametrize(
    ("text", "keyword", "expected"),
    [
        pytest.param("FROM rust:1.85-slim AS builder\n", "FROM", [("rust:1.85-slim", 1, 6), ("AS", 1, 21), ("builder", 1, 24)], id="from"),
        pytest.param("FROM a\nEXPOSE 8080   9090/udp\n", "EXPOSE", [("8080", 2, 8), ("9090/udp", 2, 15)], id="expose"),
        pytest.param("FROM a\nCOPY --chown=1:1 a b /c/\n", "COPY", [("a", 2, 18), ("b", 2, 20), ("/c/", 2, 22)], id="copy-after-flag"),
        pytest.param("FROM a\nUSER 10001:10001\n", "USER", [("10001:10001", 2, 6)], id="user"),
        pytest.param("FROM a\nENV A=1 B=\"2 3\"\n", "ENV", [("A", 2, 5), ("1", 2, 7), ("B", 2, 9), ('"2 3"', 2, 11)], id="env-pairs"),
        pytest.param("FROM a\nENV A 1 2\n", "ENV", [("A", 2, 5), ("1 2", 2, 7)], id="env-legacy"),
        pytest.param("FROM a\nEXPOSE 8080 \\\n    9090\n", "EXPOSE", [("8080", 2, 8), ("9090", 3, 5)], id="continued"),
        pytest.param("FROM a\nCMD [\"a\",  \"b c\"]\n", "CMD", [("a", 2, 6), ("b c", 2, 12)], id="json-elements"),
        pytest.param("FROM a\nRUN  echo a  b\n", "RUN", [("echo a  b", 2, 6)], id="shell-form-one-word"),
    ],
)
def test_word_positions(text: str, keyword: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(word.text, word.line, word.column) for word in only(text, keyword).words] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM a\nCOPY --from=builder x y\n", [("from", "builder", 2, 6)], id="value"),
        pytest.param("FROM a\nCOPY --link --chmod=755 x y\n", [("link", None, 2, 6), ("chmod", "755", 2, 13)], id="bare-and-value"),
        pytest.param("FROM a\nCOPY --FROM=b x y\n", [("from", "b", 2, 6)], id="name-lower-cased"),
        pytest.param("FROM a\nCOPY \\\n  --from=b x y\n", [("from", "b", 3, 3)], id="on-continuation"),
        pytest.param("FROM a\nRUN -- --not-a-flag\n", [], id="double-dash-ends-flags"),
    ],
)
def test_flags(text: str, expected: list[tuple[str, str | None, int, int]]) -> None:
    instruction = parse_dockerfile(text).instructions[1]
    assert [(flag.name, flag.value, flag.line, flag.column) for flag in instruction.flags] == expected


def test_repeated_flag_last_wins() -> None:
    flag = only("FROM a\nCOPY --from=x --from=y a b\n", "COPY").flag("from")
    assert flag is not None and flag.value == "y"


# -- exec and shell form -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "json_form", "values"),
    [
        pytest.param('CMD ["connectors", "serve"]', True, ("connectors", "serve"), id="exec"),
        pytest.param("CMD connectors serve", False, ("connectors serve",), id="shell"),
        pytest.param("CMD []", True, (), id="empty-array"),
        pytest.param("CMD ['a']", False, ("['a']",), id="single-quotes-are-shell"),
        pytest.param('CMD ["a",]', False, ('["a",]',), id="trailing-comma-is-shell"),
        pytest.param('CMD ["a"] trailing', True, ("a",), id="text-after-array-ignored"),
        pytest.param('CMD ["a\\"b"]', True, ('a"b',), id="json-escape-decoded"),
        pytest.param('ENTRYPOINT ["connectors"]', True, ("connectors",), id="entrypoint"),
        pytest.param('COPY ["a b", "/c/"]', True, ("a b", "/c/"), id="copy"),
        pytest.param('EXPOSE ["8080"]', False, ('["8080"]',), id="expose-never-json"),
    ],
)
def test_exec_and_shell_form(line: str, json_form: bool, values: tuple[str, ...]) -> None:
    instruction = parse_dockerfile(f"FROM a\n{line}\n").instructions[1]
    assert (instruction.json_form, instruction.values) == (json_form, values)


def test_json_array_of_non_strings_is_an_error() -> None:
    assert error_positions(parse_dockerfile('FROM a\nCMD ["a", 1]\n')) == [(2, 1)]


# -- heredocs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM a\nRUN <<EOF\nFROM x\nUSER root\nEOF\n", [("EOF", "FROM x\nUSER root\n", 3, 5)], id="run"),
        pytest.param("FROM a\nCOPY <<-EOF /x\n\tEXPOSE 22\n\tEOF\n", [("EOF", "\tEXPOSE 22\n", 3, 4)], id="dash-strips-tabs"),
        pytest.param("FROM a\nCOPY <<'END' /x\n$HOME\nEND\n", [("END", "$HOME\n", 3, 4)], id="quoted-name"),
        pytest.param(
            "FROM a\nCOPY <<A <<B /d/\n1\nA\n2\nB\n", [("A", "1\n", 3, 4), ("B", "2\n", 5, 6)], id="two-heredocs",
        ),
    ],
)
def test_heredoc_bodies(text: str, expected: list[tuple[str, str, int, int]]) -> None:
    instruction = parse_dockerfile(text).instructions[1]
    assert [(doc.name, doc.body, doc.start_line, doc.end_line) for doc in instruction.heredocs] == expected


def test_heredoc_body_is_not_instructions() -> None:
    dockerfile = parse_dockerfile("FROM a\nCOPY <<EOF /x\nFROM evil\nUSER root\nEOF\nUSER 10001\n")
    assert [(item.command, item.line) for item in dockerfile.instructions] == [("FROM", 1), ("COPY", 2), ("USER", 6)]


def test_heredoc_instruction_spans_its_body() -> None:
    instruction = only("FROM a\nRUN <<EOF\necho\nEOF\n", "RUN")
    assert (instruction.start_line, instruction.end_line) == (2, 4)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('CMD <<EOF', id="cmd-has-no-heredoc"),
        pytest.param('RUN ["cat", "<<EOF"]', id="json-form"),
        pytest.param("RUN echo a<<EOF", id="glued-to-word"),
    ],
)
def test_not_a_heredoc(line: str) -> None:
    dockerfile = parse_dockerfile(f"FROM a\n{line}\nUSER 1\n")
    assert [item.command for item in dockerfile.instructions] == ["FROM", line.split()[0], "USER"]


def test_unterminated_heredoc_is_an_error() -> None:
    assert error_positions(parse_dockerfile("FROM a\nRUN <<EOF\necho\n")) == [(2, 1)]


# -- directives ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# syntax=docker/dockerfile:1\nFROM a\n", [("syntax", "docker/dockerfile:1", 1)], id="syntax"),
        pytest.param("#  Escape = `\nFROM a\n", [("escape", "`", 1)], id="spaces-and-case"),
        pytest.param("# syntax=a\n# escape=`\nFROM a\n", [("syntax", "a", 1), ("escape", "`", 2)], id="two"),
        pytest.param("\n# syntax=a\nFROM a\n", [], id="after-blank-line"),
        pytest.param("# a comment\n# syntax=a\nFROM a\n", [], id="after-comment"),
        pytest.param("FROM a\n# syntax=a\n", [], id="after-instruction"),
    ],
)
def test_directives(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert [(d.name, d.value, d.line) for d in parse_dockerfile(text).directives] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# syntax=a\n# syntax=b\nFROM a\n", [(2, 1)], id="duplicate"),
        pytest.param("# escape=x\nFROM a\n", [(1, 1)], id="invalid-escape"),
    ],
)
def test_directive_errors(text: str, expected: list[tuple[int, int]]) -> None:
    assert error_positions(parse_dockerfile(text)) == expected


# -- encodings and line handling -----------------------------------------------


def test_bom_is_dropped() -> None:
    instruction = only("\ufeffFROM a\nUSER root\n", "FROM")
    assert (instruction.keyword, instruction.line, instruction.column) == ("FROM", 1, 1)


def test_bom_before_directive() -> None:
    assert parse_dockerfile("\ufeff# escape=`\nFROM a\n").escape == "`"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM a\r\nUSER root\r\n", ("root", 2, 6), id="crlf"),
        pytest.param("FROM a\r\nUSER \\\r\n  root\r\n", ("root", 3, 3), id="crlf-continuation"),
        pytest.param("\ufeffFROM a\r\n\r\nUSER root\r\n", ("root", 3, 6), id="bom-and-crlf"),
    ],
)
def test_crlf(text: str, expected: tuple[str, int, int]) -> None:
    word = only(text, "USER").words[0]
    assert (word.text, word.line, word.column) == expected


@pytest.mark.parametrize(
    ("text", "values", "end_line"),
    [
        pytest.param("FROM a\nRUN a \\\n# note\n  b\n", ("a   b",), 4, id="comment-line"),
        pytest.param("FROM a\nRUN a \\\n    # indented note\n  b\n", ("a   b",), 4, id="indented-comment"),
        pytest.param("FROM a\nRUN echo done \\\n\nUSER root\n", ("echo done USER root",), 4, id="empty-line"),
        pytest.param("FROM a\nRUN a \\\n   \t\nb\n", ("a b",), 4, id="blank-line"),
        pytest.param("FROM a\nRUN a \\\\\n", ("a \\\\",), 2, id="escaped-escape-ends"),
    ],
)
def test_continuation(text: str, values: tuple[str, ...], end_line: int) -> None:
    instruction = only(text, "RUN")
    assert (instruction.values, instruction.end_line) == (values, end_line)


def test_escape_backtick() -> None:
    dockerfile = parse_dockerfile("# escape=`\nFROM a\nCOPY c:\\src `\n  d:\\dst\n")
    copy = dockerfile.instructions[1]
    assert [(word.text, word.line, word.column) for word in copy.words] == [("c:\\src", 3, 6), ("d:\\dst", 4, 3)]


def test_escape_backtick_makes_backslash_literal() -> None:
    dockerfile = parse_dockerfile("# escape=`\nFROM a\nRUN dir \\\nUSER 1\n")
    assert [item.command for item in dockerfile.instructions] == ["FROM", "RUN", "USER"]


# -- errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM a\nFOO bar\n", [(2, 1)], id="unknown-instruction"),
        pytest.param("FROM a\n  CPY a b\n", [(2, 3)], id="unknown-indented"),
        pytest.param("USER 1\nFROM a\n", [(1, 1)], id="user-before-from"),
        pytest.param("CMD x\nFROM a\n", [(1, 1)], id="cmd-before-from"),
        pytest.param("ARG A=1\nFROM a\n", [], id="arg-before-from"),
        pytest.param("", [(1, 1)], id="empty-file"),
        pytest.param("# only a comment\n", [(1, 1)], id="no-from"),
        pytest.param("FROM a\nENV A\n", [(2, 5)], id="env-without-value"),
    ],
)
def test_parse_errors(text: str, expected: list[tuple[int, int]]) -> None:
    assert error_positions(parse_dockerfile(text)) == expected


def test_stages_and_global_args() -> None:
    dockerfile = parse_dockerfile("ARG V=1\nFROM a AS Build\nRUN x\nFROM b\nUSER 1\n")
    assert ([arg.line for arg in dockerfile.global_args], [(s.index, s.name, s.base.text if s.base else None) for s in dockerfile.stages]) == (
        [1], [(0, "Build", "a"), (1, None, "b")],
    )


@pytest.mark.parametrize(
    ("key", "index"),
    [pytest.param("build", 0, id="other-case"), pytest.param("BUILD", 0, id="upper-case"), pytest.param("1", 1, id="index")],
)
def test_stage_lookup(key: str, index: int) -> None:
    stage = parse_dockerfile("FROM a AS Build\nFROM b\n").stage_by_name(key)
    assert stage is not None and stage.index == index


# -- where dockerfile-parse reads differently ----------------------------------

dockerfile_parse = pytest.importorskip("dockerfile_parse")


def other_parser(text: str) -> list[tuple[str, int]]:
    """Instructions and 1-based lines as dockerfile-parse reads them."""
    parser = dockerfile_parse.DockerfileParser(fileobj=io.BytesIO(text.encode()))
    return [(item["instruction"], item["startline"] + 1) for item in parser.structure]


def ours(text: str) -> list[tuple[str, int]]:
    return [(item.command, item.line) for item in parse_dockerfile(text).instructions]


HEREDOC = "FROM a\nCOPY <<EOF /x\nUSER root\nEOF\n"
EMPTY_CONTINUATION = "FROM a\nRUN echo done \\\n\nUSER root\n"


@pytest.mark.parametrize(
    ("text", "theirs", "mine"),
    [
        pytest.param(
            HEREDOC, [("FROM", 1), ("COPY", 2), ("USER", 3), ("EOF", 4)], [("FROM", 1), ("COPY", 2)],
            id="heredoc-body-lines",
        ),
        pytest.param(
            EMPTY_CONTINUATION, [("FROM", 1), ("RUN", 2), ("USER", 4)], [("FROM", 1), ("RUN", 2)],
            id="line-after-empty-continuation",
        ),
    ],
)
def test_dockerfile_parse_differs(text: str, theirs: list[tuple[str, int]], mine: list[tuple[str, int]]) -> None:
    assert (other_parser(text), ours(text)) == (theirs, mine)


def _json_reference(text: str) -> list[str] | str | None:
    """What `json` alone makes of an exec form: a list of strings, `not strings`, or None."""
    import json

    try:
        parsed, _end = json.JSONDecoder().raw_decode(text.lstrip())
    except (ValueError, RecursionError):
        return None
    if not isinstance(parsed, list):
        return None
    return parsed if all(isinstance(item, str) for item in parsed) else "not strings"


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(hypothesis.strategies.text(alphabet='[]", \t\nab\\\x01é1', max_size=14))
def test_exec_form_fast_path_agrees_with_json(tail: str) -> None:
    from dlint.dockerfile.parser import _json_array, _NotStringArray

    text = '["' + tail
    try:
        parsed: list[str] | str | None = _json_array(text)
    except _NotStringArray:
        parsed = "not strings"
    assert parsed == _json_reference(text)

from __future__ import annotations

import pytest

from dlint.compose.dotenv import (
    DotenvError,
    EnvEntry,
    expand_escapes,
    parse_dotenv,
    to_mapping,
)

OUTSIDE = {"HOME": "/root", "EMPTY": "", "SHADOW": "outside"}


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(e.key, e.value) for e in parse_dotenv(text, OUTSIDE.get)]


PAIR_CASES = [
    pytest.param("", [], id="empty-file"),
    pytest.param("\n\n  \n", [], id="blank-lines"),
    pytest.param("A=1", [("A", "1")], id="no-final-newline"),
    pytest.param("A=1\nB=2\n", [("A", "1"), ("B", "2")], id="two-lines"),
    pytest.param("\ufeffA=1\n", [("A", "1")], id="byte-order-mark"),
    pytest.param("A=1\r\nB=2\r\n", [("A", "1"), ("B", "2")], id="crlf"),
    pytest.param("export A=1\n", [("A", "1")], id="export"),
    pytest.param("export\tA=1\n", [("A", "1")], id="export-tab"),
    pytest.param("export=1\n", [("export", "1")], id="key-named-export"),
    pytest.param("A: 1\n", [("A", "1")], id="colon-separator"),
    pytest.param("A: b: c\n", [("A", "b: c")], id="colon-in-value"),
    pytest.param("A=b=c\n", [("A", "b=c")], id="equals-in-value"),
    pytest.param("A = 1 \n", [("A", "1")], id="spaces-around"),
    pytest.param("A=\n", [("A", "")], id="empty-value"),
    pytest.param("A.B-C[0]=1\n", [("A.B-C[0]", "1")], id="key-punctuation"),
    pytest.param("ÉTÉ=1\n", [("ÉTÉ", "1")], id="key-non-ascii-letters"),
    # comments
    pytest.param("# c\nA=1\n", [("A", "1")], id="comment-line"),
    pytest.param("  # c\nA=1\n", [("A", "1")], id="indented-comment-line"),
    pytest.param("A=1 # c\n", [("A", "1")], id="comment-after-value"),
    pytest.param("A=1#c\n", [("A", "1#c")], id="hash-inside-value"),
    pytest.param("A=1\t#c\n", [("A", "1\t#c")], id="hash-after-tab"),
    pytest.param("A= #c\n", [("A", "#c")], id="hash-starts-value"),
    pytest.param('A="1" # c\n', [("A", "1")], id="comment-after-quotes"),
    pytest.param('A="1 # 2"\n', [("A", "1 # 2")], id="hash-in-quotes"),
    # quotes and escapes
    pytest.param("A='a $HOME \\n'\n", [("A", "a $HOME \\n")], id="single-literal"),
    pytest.param("A='it\\'s'\n", [("A", "it's")], id="single-escaped-quote"),
    pytest.param('A="a\\nb\\tc"\n', [("A", "a\nb\tc")], id="double-escapes"),
    pytest.param('A="a\\\\b"\n', [("A", "a\\b")], id="double-backslash"),
    pytest.param('A="say \\"hi\\""\n', [("A", 'say "hi"')], id="double-quote"),
    pytest.param('A="\\q"\n', [("A", "\\q")], id="unknown-escape"),
    pytest.param('A="\\0101"\n', [("A", "A")], id="octal-escape"),
    pytest.param('A="\\012"\n', [("A", "\\12")], id="short-octal-escape"),
    pytest.param('A=" x "\n', [("A", " x ")], id="double-keeps-spaces"),
    pytest.param('A=""\n', [("A", "")], id="double-empty"),
    pytest.param('A="1\n2"\nB=3\n', [("A", "1\n2"), ("B", "3")], id="multi-line"),
    pytest.param("A='1\n2'\n", [("A", "1\n2")], id="multi-line-single"),
    pytest.param('A="1" B=2\n', [("A", "1"), ("B", "2")], id="two-on-one-line"),
    pytest.param("A=a\\nb\n", [("A", "a\\nb")], id="unquoted-no-escapes"),
    # bare keys
    pytest.param("HOME\n", [("HOME", "/root")], id="bare-from-lookup"),
    pytest.param("NOPE\n", [("NOPE", None)], id="bare-unset"),
    pytest.param("HOME", [("HOME", "/root")], id="bare-at-end"),
    pytest.param("HOME\r\n", [("HOME", "/root")], id="bare-crlf"),
    pytest.param("A=1\nA\n", [("A", "1"), ("A", "1")], id="bare-from-earlier-key"),
    # interpolation
    pytest.param("A=$HOME/x\n", [("A", "/root/x")], id="unquoted-interpolated"),
    pytest.param('A="${HOME}"\n', [("A", "/root")], id="double-interpolated"),
    pytest.param("A='${HOME}'\n", [("A", "${HOME}")], id="single-not-interpolated"),
    pytest.param("A=1\nB=${A}2\n", [("A", "1"), ("B", "12")], id="earlier-key"),
    pytest.param(
        "SHADOW=file\nB=$SHADOW\n",
        [("SHADOW", "file"), ("B", "outside")],
        id="lookup-before-earlier-key",
    ),
    pytest.param("B=${A}\nA=1\n", [("B", None), ("A", "1")], id="later-key-unknown"),
    pytest.param("A=${NOPE}\n", [("A", None)], id="unset-name"),
    pytest.param("A=${NOPE:-d}\n", [("A", "d")], id="default"),
    pytest.param("A=${EMPTY-d}\n", [("A", "")], id="set-empty"),
    pytest.param("A=$$HOME\n", [("A", "$HOME")], id="dollar-dollar"),
    pytest.param('A="\\$HOME"\n', [("A", "$HOME")], id="escaped-dollar"),
    pytest.param("A=\\$HOME\n", [("A", "\\/root")], id="unquoted-backslash"),
]


@pytest.mark.parametrize(("text", "expected"), PAIR_CASES)
def test_pairs(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert pairs(text) == expected


def test_no_lookup() -> None:
    assert parse_dotenv("HOME\nA=$HOME\n") == [
        EnvEntry("HOME", None, 1, 1),
        EnvEntry("A", None, 2, 1),
    ]


POSITION_CASES = [
    pytest.param("A=1\n", (1, 1), id="first"),
    pytest.param("\n\n  A=1\n", (3, 3), id="indented"),
    pytest.param("export  A=1\n", (1, 9), id="after-export"),
    pytest.param("\ufeffA=1\n", (1, 1), id="after-byte-order-mark"),
    pytest.param("# c\r\n\r\nA=1\r\n", (3, 1), id="crlf"),
    pytest.param('X="1\n2\n3"\nA=1\n', (4, 1), id="after-multi-line"),
    pytest.param('X="1" A=1\n', (1, 7), id="second-on-line"),
]


@pytest.mark.parametrize(("text", "expected"), POSITION_CASES)
def test_position(text: str, expected: tuple[int, int]) -> None:
    last = parse_dotenv(text)[-1]
    assert (last.line, last.column) == expected


ERROR_CASES = [
    pytest.param(
        "A=1\nMY KEY=1\n",
        (2, 3, "variable name `MY KEY` contains whitespace"),
        id="space-in-key",
    ),
    pytest.param(
        "MY\tKEY=1\n",
        (1, 3, "variable name `MY\tKEY` contains whitespace"),
        id="tab-in-key",
    ),
    pytest.param(
        "A=1\n\nFO!O=1\n",
        (3, 3, "unexpected character `!` in variable name `FO!O=1`"),
        id="bad-key-char",
    ),
    pytest.param(
        '"A"=1\n',
        (1, 1, 'unexpected character `"` in variable name `"A"=1`'),
        id="quoted-key",
    ),
    pytest.param("=1\n", (1, 1, "missing variable name"), id="empty-key"),
    pytest.param(
        'A=1\nB="x\nC=2\n',
        (2, 3, 'unterminated quoted value `"x`'),
        id="unterminated-double",
    ),
    pytest.param(
        "A='x", (1, 3, "unterminated quoted value `'x`"), id="unterminated-single"
    ),
    pytest.param(
        'A="x\\"\n', (1, 3, 'unterminated quoted value `"x\\"`'), id="escaped-end"
    ),
    pytest.param("\n\nA=${NOPE:?boom}\n", (3, 3, "boom"), id="required"),
    pytest.param(
        'A="${X"\n',
        (1, 3, "invalid interpolation format in `${X`"),
        id="invalid-interpolation",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_error(text: str, expected: tuple[int, int, str]) -> None:
    with pytest.raises(DotenvError) as caught:
        parse_dotenv(text, OUTSIDE.get)
    error = caught.value
    assert (error.line, error.column, error.message) == expected


def test_error_text() -> None:
    assert str(DotenvError(2, 5, "missing variable name")) == (
        "2:5: missing variable name"
    )


def test_repeated_key_entries() -> None:
    assert pairs("A=1\nA=2\n") == [("A", "1"), ("A", "2")]


def test_repeated_key_mapping() -> None:
    assert to_mapping(parse_dotenv("A=1\nB=x\nA=2\n")) == {"A": "2", "B": "x"}


ESCAPE_CASES = [
    pytest.param("\\a\\b\\f\\v\\r", "\a\b\f\v\r", id="controls"),
    pytest.param("\\$x", "$$x", id="dollar-kept-for-interpolation"),
    pytest.param("\\c", "\\c", id="unknown"),
    pytest.param("\\0", "\\", id="bare-zero"),
    pytest.param("\\0351", "\u00e9", id="octal-high"),
    pytest.param("\\0777", "\\777", id="octal-too-large"),
    pytest.param("\\0189", "\\189", id="not-octal"),
]


@pytest.mark.parametrize(("raw", "expected"), ESCAPE_CASES)
def test_expand_escapes(raw: str, expected: str) -> None:
    assert expand_escapes(raw) == expected

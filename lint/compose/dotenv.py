"""Env files (``.env``, ``env_file:``) read the way Docker Compose v2 reads them.

A statement is one of:

- ``KEY=value`` or ``KEY: value``, optionally after ``export``;
- ``KEY`` alone on its line, which takes the value from the environment.

Values are unquoted (trimmed, cut at `` #``), single-quoted (literal except
for ``\\'``) or double-quoted (escape sequences, may span lines). Unquoted
and double-quoted values are interpolated. A name resolves from the lookup
passed in first and then from earlier keys of the same file, in the order
Compose uses. Blank lines and lines starting with ``#`` are skipped. Text
after a closing quote on the same line is read as the next statement, as
Compose does.

Where Compose accepts something that makes no sense, dlint reports an error
instead: an empty key (``=value``) and a key with a tab inside. A key alone
on the last line without a final newline is read as a bare key; Compose
turns it into the value of an empty key.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence

from dlint.compose.interpolation import interpolate
from dlint.records import record

Lookup = Callable[[str], "str | None"]

_BOM = "\ufeff"
# Whitespace inside a line. A line feed is not in the set because it ends a statement.
_INLINE_SPACE = frozenset("\t\v\f\r \x85\xa0")
_KEY_PUNCTUATION = frozenset("_.-[]")
_EXPORT = re.compile(r"export[\t\v\f\r \x85\xa0]+(?=[^\s])")
_ESCAPE = re.compile(r"""\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})""")
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "$": "$$",  # kept for interpolation, which turns `$$` into `$`
    '"': '"',
    "\\": "\\",
}


@record(frozen=True)
class EnvEntry:
    """One statement of an env file. ``line`` and ``column`` locate the key.

    ``value`` is ``None`` when it is not known statically: a bare key that
    the lookup does not resolve, or a value that names an unset variable.
    """

    key: str
    value: str | None
    line: int
    column: int


class DotenvError(ValueError):
    """An env file statement that Compose rejects or dlint cannot read."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.line = line
        self.column = column
        self.message = message


class _Source:
    """The text with its line starts, to turn offsets into positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines = [i for i, char in enumerate(text) if char == "\n"]

    def position(self, offset: int) -> tuple[int, int]:
        line_index = bisect.bisect_left(self._newlines, offset)
        line_start = self._newlines[line_index - 1] + 1 if line_index else 0
        return line_index + 1, offset - line_start + 1

    def error(self, offset: int, message: str) -> DotenvError:
        line, column = self.position(offset)
        return DotenvError(line, column, message)

    def line_at(self, offset: int) -> str:
        end = self.text.find("\n", offset)
        return self.text[offset:] if end < 0 else self.text[offset:end]


def parse_dotenv(text: str, lookup: Lookup | None = None, *, unset_as_empty: bool = False) -> list[EnvEntry]:
    """Read the statements of an env file, in order, repeated keys included.

    ``lookup`` resolves names from outside the file and returns ``None`` for
    an unset name; ``unset_as_empty`` makes such a name empty, as Compose
    does. Raises ``DotenvError`` on the first invalid statement.
    """
    parser = _Parser(_Source(text.removeprefix(_BOM)), lookup, unset_as_empty)
    return parser.run()


def to_mapping(entries: Sequence[EnvEntry]) -> dict[str, str | None]:
    """Return the variables an env file sets.

    Of entries with the same key, the later one wins.
    """
    return {entry.key: entry.value for entry in entries}


class _Parser:
    def __init__(self, source: _Source, lookup: Lookup | None, unset_as_empty: bool = False) -> None:
        self.source = source
        self.unset_as_empty = unset_as_empty
        self.text = source.text
        self.outer = lookup
        self.known: dict[str, str | None] = {}

    def resolve(self, name: str) -> str | None:
        if self.outer is not None:
            value = self.outer(name)
            if value is not None:
                return value
        return self.known.get(name)

    def run(self) -> list[EnvEntry]:
        entries: list[EnvEntry] = []
        offset = self._statement_start(0)
        while offset < len(self.text):
            entry, offset = self._statement(offset)
            entries.append(entry)
            self.known[entry.key] = entry.value
            offset = self._statement_start(offset)
        return entries

    def _statement_start(self, offset: int) -> int:
        """Skip whitespace, blank lines and comment lines."""
        text = self.text
        while offset < len(text):
            if text[offset].isspace():
                offset += 1
            elif text[offset] == "#":
                newline = text.find("\n", offset)
                offset = len(text) if newline < 0 else newline + 1
            else:
                break
        return offset

    def _statement(self, offset: int) -> tuple[EnvEntry, int]:
        export = _EXPORT.match(self.text, offset)
        if export is not None:
            offset = export.end()
        key_end, separator = self._key_end(offset)
        key = self._key(offset, key_end)
        line, column = self.source.position(offset)
        if separator != "=":
            entry = EnvEntry(key, self.resolve(key), line, column)
            return entry, key_end + 1
        value, rest = self._value(key_end + 1)
        return EnvEntry(key, value, line, column), rest

    def _key_end(self, offset: int) -> tuple[int, str]:
        """Offset of the character that ends the key, and ``=`` when a value
        follows (``:`` counts as ``=``) or ``\\n`` for a bare key."""
        text = self.text
        for index in range(offset, len(text)):
            char = text[index]
            if char in "=:":
                return index, "="
            if char == "\n":
                return index, "\n"
            if char not in _INLINE_SPACE and not _is_key_char(char):
                raise self.source.error(
                    index,
                    f"unexpected character `{char}` in variable name "
                    f"`{self.source.line_at(offset)}`",
                )
        return len(text), "\n"

    def _key(self, offset: int, key_end: int) -> str:
        key = self.text[offset:key_end].rstrip()
        if not key:
            raise self.source.error(offset, "missing variable name")
        for index, char in enumerate(key):
            if char.isspace():
                raise self.source.error(
                    offset + index, f"variable name `{key}` contains whitespace"
                )
        return key

    def _value(self, offset: int) -> tuple[str | None, int]:
        text = self.text
        while offset < len(text) and text[offset] in _INLINE_SPACE:
            offset += 1
        if offset < len(text) and text[offset] in "'\"":
            return self._quoted(offset)
        return self._unquoted(offset)

    def _unquoted(self, offset: int) -> tuple[str | None, int]:
        newline = self.text.find("\n", offset)
        end = len(self.text) if newline < 0 else newline
        raw = self.text[offset:end]
        comment = raw.find(" #")
        if comment >= 0:
            raw = raw[:comment]
        value = self._interpolate(raw.rstrip(), offset)
        return value, end + 1

    def _quoted(self, offset: int) -> tuple[str | None, int]:
        text = self.text
        quote = text[offset]
        chars: list[str] = []
        escaped = False
        for index in range(offset + 1, len(text)):
            char = text[index]
            if escaped:
                # a backslash is dropped only before the closing quote character
                chars.append(char if char == quote else "\\" + char)
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                return self._finish_quoted(quote, "".join(chars), offset), index + 1
            else:
                chars.append(char)
        raise self.source.error(
            offset, f"unterminated quoted value `{self.source.line_at(offset)}`"
        )

    def _finish_quoted(self, quote: str, raw: str, offset: int) -> str | None:
        if quote == "'":
            return raw
        return self._interpolate(expand_escapes(raw), offset)

    def _interpolate(self, raw: str, offset: int) -> str | None:
        result = interpolate(raw, self.resolve, unset_as_empty=self.unset_as_empty)
        if result.error is not None:
            raise self.source.error(offset, result.error)
        return result.value


def _is_key_char(char: str) -> bool:
    if char in _KEY_PUNCTUATION:
        return True
    return unicodedata.category(char)[0] in "LN"


def expand_escapes(raw: str) -> str:
    """Apply the escape sequences Compose supports inside double quotes.

    ``\\$`` becomes ``$$`` so that interpolation yields a literal ``$``.
    Unknown sequences stay as written.
    """
    return _ESCAPE.sub(_escape_replacement, raw)


def _escape_replacement(match: re.Match[str]) -> str:
    sequence = match.group()
    if sequence[1] != "0":
        return _SIMPLE_ESCAPES.get(sequence[1], sequence)
    digits = sequence[2:]
    if len(digits) == 3 and all(d in "01234567" for d in digits):
        code = int(digits, 8)
        if code <= 0xFF:
            return chr(code)
    # Compose drops the `0` of a sequence it cannot decode
    return "\\" + digits

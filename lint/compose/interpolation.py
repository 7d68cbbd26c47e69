"""Compose variable interpolation of one string value, evaluated statically.

Supported syntax, as Docker Compose v2 reads it:

- ``$NAME`` and ``${NAME}``
- ``${NAME:-default}`` (default when unset or empty), ``${NAME-default}``
  (default when unset)
- ``${NAME:+alt}`` (alt when set and non-empty), ``${NAME+alt}`` (alt when set)
- ``${NAME:?message}`` (error when unset or empty), ``${NAME?message}``
  (error when unset)
- ``$$`` for a literal ``$``

Default, alt and message texts are interpolated in turn, and only when they
are taken. A ``$`` followed by anything that starts neither a name, a brace
nor a second ``$`` stays a literal ``$``, as in Compose.

Compose turns a name that is unset and has no default into an empty string
and prints a warning. dlint does not guess: such a name is listed in
``unresolved`` and the value is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from dlint.records import record

if TYPE_CHECKING:
    from dlint.compose.dotenv import EnvEntry

Lookup = Callable[[str], "str | None"]

# Compose matches names case-insensitively against this set of characters.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":+", ":?", "-", "+", "?")


@record(frozen=True)
class Interpolated:
    """The outcome of interpolating one string.

    ``value`` is ``None`` when the string cannot be resolved statically:
    a needed name is unset with no default, or there is an error.
    """

    value: str | None
    unresolved: tuple[str, ...] = ()
    used: tuple[str, ...] = ()
    error: str | None = None


class _Failure(Exception):
    """Error that stops evaluation at once. Its text is the message."""


@record(frozen=True)
class _Braced:
    name: str
    operator: str | None
    argument: str
    end: int


class _Evaluator:
    def __init__(self, lookup: Lookup, unset_as_empty: bool = False) -> None:
        self._lookup = lookup
        self._unset_as_empty = unset_as_empty
        self.used: list[str] = []
        self.unresolved: list[str] = []

    def read(self, name: str) -> str | None:
        if name not in self.used:
            self.used.append(name)
        return self._lookup(name)

    def mark_unresolved(self, name: str) -> None:
        if name not in self.unresolved:
            self.unresolved.append(name)

    def render(self, text: str) -> str | None:
        """Interpolate ``text``, or return ``None`` when some part is unresolved."""
        parts: list[str] = []
        complete = True
        index = 0
        while index < len(text):
            dollar = text.find("$", index)
            if dollar < 0:
                parts.append(text[index:])
                break
            parts.append(text[index:dollar])
            piece, index = self._expression(text, dollar)
            if piece is None:
                complete = False
            else:
                parts.append(piece)
        return "".join(parts) if complete else None

    def _expression(self, text: str, dollar: int) -> tuple[str | None, int]:
        following = text[dollar + 1 : dollar + 2]
        if following == "$":
            return "$", dollar + 2
        if following == "{":
            braced = _parse_braced(text, dollar)
            return self._braced(braced), braced.end
        match = _NAME.match(text, dollar + 1)
        if match is None:
            return "$", dollar + 1
        return self._plain(match.group()), match.end()

    def _plain(self, name: str) -> str | None:
        value = self.read(name)
        if value is None:
            if self._unset_as_empty:
                return ""
            self.mark_unresolved(name)
        return value

    def _braced(self, braced: _Braced) -> str | None:
        if braced.operator is None:
            return self._plain(braced.name)
        value = self.read(braced.name)
        operator = braced.operator
        strict = operator.startswith(":")
        present = value is not None and (value != "" or not strict)
        if operator.endswith("-"):
            return value if present else self.render(braced.argument)
        if operator.endswith("+"):
            return self.render(braced.argument) if present else (value or "")
        if present:
            return value
        raise _Failure(self._required_message(braced))

    def _required_message(self, braced: _Braced) -> str:
        # Names in the message are not needed for the value, so a separate
        # evaluator keeps them out of `used` and `unresolved`.
        message = _Evaluator(self._lookup).render(braced.argument)
        if message is None:
            message = braced.argument
        if message:
            return message
        return f"required variable `{braced.name}` is missing a value"


def _parse_braced(text: str, dollar: int) -> _Braced:
    """Split ``${NAME<op><argument>}`` starting at ``dollar``."""
    match = _NAME.match(text, dollar + 2)
    if match is None:
        raise _Failure(_invalid(text, dollar))
    after = match.end()
    if text.startswith("}", after):
        return _Braced(match.group(), None, "", after + 1)
    operator = next((op for op in _OPERATORS if text.startswith(op, after)), None)
    if operator is None:
        raise _Failure(_invalid(text, dollar))
    start = after + len(operator)
    close = _closing_brace(text, start)
    if close < 0:
        raise _Failure(_invalid(text, dollar))
    return _Braced(match.group(), operator, text[start:close], close + 1)


def _closing_brace(text: str, start: int) -> int:
    """Index of the ``}`` that closes an expression whose argument starts at
    ``start``, or -1. Compose counts every brace, and its pattern does not
    let an expression run past the end of a line."""
    depth = 1
    for index in range(start, len(text)):
        char = text[index]
        if char == "\n":
            return -1
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _invalid(text: str, dollar: int) -> str:
    end = text.find("}", dollar)
    newline = text.find("\n", dollar)
    if end < 0 or (0 <= newline < end):
        end = len(text) if newline < 0 else newline
    else:
        end += 1
    return f"invalid interpolation format in `{text[dollar:end]}`"


def interpolate(text: str, lookup: Lookup, *, unset_as_empty: bool = False) -> Interpolated:
    """Interpolate ``text`` with names resolved by ``lookup``.

    ``lookup`` returns ``None`` for an unset name. With ``unset_as_empty`` an
    unset name without a default becomes an empty string, as in Compose.
    """
    evaluator = _Evaluator(lookup, unset_as_empty)
    try:
        value = evaluator.render(text)
    except _Failure as failure:
        return Interpolated(
            value=None,
            unresolved=tuple(evaluator.unresolved),
            used=tuple(evaluator.used),
            error=str(failure),
        )
    return Interpolated(
        value=value,
        unresolved=tuple(evaluator.unresolved),
        used=tuple(evaluator.used),
    )


def environment_lookup(
    env_file_entries: Sequence[EnvEntry], process_env: Mapping[str, str]
) -> Lookup:
    """Build the lookup Compose uses to interpolate a project's files.

    The process environment wins over the project ``.env`` file. In the file
    a later entry wins over an earlier one with the same key, and an entry
    whose value is unknown (``None``) counts as unset.
    """
    from_file: dict[str, str] = {}
    for entry in env_file_entries:
        if entry.value is None:
            from_file.pop(entry.key, None)
        else:
            from_file[entry.key] = entry.value
    process = dict(process_env)

    def lookup(name: str) -> str | None:
        if name in process:
            return process[name]
        return from_file.get(name)

    return lookup

"""Variable expansion in Dockerfile words, following BuildKit's shell lexer.

Supported: `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`,
`${NAME+word}`, `${NAME:?word}`, `${NAME?word}`, single and double quotes and the escape
character. Pattern operators (`#`, `%`, `/`) are not evaluated: a word using them is
unresolved. A variable whose value cannot be known statically makes the whole word
unresolved, with the reason, so that rules report it instead of guessing.
"""

from __future__ import annotations

from typing import Callable

from dlint.records import record


@record(frozen=True)
class Known:
    value: str


@record(frozen=True)
class Unset:
    """Not defined. Docker substitutes an empty string; `reason` explains why it is unset."""

    reason: str = ""


@record(frozen=True)
class Unknown:
    """A value known only at build time.

    `build_argument` marks an ARG declared without a default: `${NAME:-word}` then
    yields `word`, which is what a build without `--build-arg NAME=...` uses.
    """

    reason: str
    build_argument: bool = False


VariableState = Known | Unset | Unknown
Lookup = Callable[[str], VariableState]


@record(frozen=True)
class Expansion:
    """The result of expanding one word: `value` is None when it cannot be resolved."""

    value: str | None
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.value is not None


class _Unresolved(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_SPECIAL = set("@*#?-$!0123456789")


class _Lexer:
    def __init__(self, text: str, lookup: Lookup, escape: str) -> None:
        self.text = text
        self.pos = 0
        self.lookup = lookup
        self.escape = escape
        self.reasons: list[str] = []
        self.notes: list[str] = []

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        char = self.peek()
        self.pos += 1
        return char

    def word(self, stop: str = "") -> str:
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.peek()
            if stop and char == stop:
                return "".join(out)
            self.pos += 1
            if char == self.escape:
                if self.pos < len(self.text):
                    out.append(self.take())
                continue
            if char == "'":
                out.append(self._single_quoted())
            elif char == '"':
                out.append(self._double_quoted())
            elif char == "$":
                out.append(self._dollar())
            else:
                out.append(char)
        if stop:
            raise _Unresolved(f"missing `{stop}` in `{self.text}`")
        return "".join(out)

    def _single_quoted(self) -> str:
        end = self.text.find("'", self.pos)
        if end < 0:
            raise _Unresolved(f"unterminated single quote in `{self.text}`")
        value = self.text[self.pos:end]
        self.pos = end + 1
        return value

    def _double_quoted(self) -> str:
        out: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise _Unresolved(f"unterminated double quote in `{self.text}`")
            char = self.take()
            if char == '"':
                return "".join(out)
            if char == "$":
                out.append(self._dollar())
                continue
            if char == self.escape and self.peek() in ('"', "$", self.escape) and self.peek():
                out.append(self.take())
                continue
            out.append(char)

    def _name(self) -> str:
        char = self.peek()
        if char and char in _SPECIAL:
            self.pos += 1
            return char
        start = self.pos
        while self.pos < len(self.text) and (self.text[self.pos].isalnum() or self.text[self.pos] == "_"):
            self.pos += 1
        return self.text[start:self.pos]

    def _dollar(self) -> str:
        if self.peek() != "{":
            name = self._name()
            if not name:
                return "$"
            return self._value_of(name)
        self.pos += 1
        name = self._name()
        if not name:
            raise _Unresolved(f"invalid variable reference in `{self.text}`")
        char = self.take()
        if char == "}":
            return self._value_of(name)
        colon = char == ":"
        if colon:
            char = self.take()
        if char not in ("-", "+", "?"):
            raise _Unresolved(f"`${{{name}{':' if colon else ''}{char}...}}` is not evaluated statically")
        start = self.pos
        argument_lexer = _Lexer(self.text, self.lookup, self.escape)
        argument_lexer.pos = start
        state = self.lookup(name)
        # Evaluate the argument only when it is used, as the shell does.
        uses_argument = _uses_argument(state, char, colon)
        if uses_argument:
            argument = argument_lexer.word(stop="}")
            self.reasons.extend(argument_lexer.reasons)
        else:
            argument = ""
            _skip_braced(argument_lexer)
        self.pos = argument_lexer.pos + 1
        if char == "-":
            return argument if uses_argument else self._value_of(name)
        if char == "+":
            return argument if uses_argument else ""
        if uses_argument:
            raise _Unresolved(f"`{name}` is not set, so `${{{name}:?...}}` fails the build: {argument}")
        return self._value_of(name)

    def _value_of(self, name: str) -> str:
        state = self.lookup(name)
        if isinstance(state, Known):
            return state.value
        if isinstance(state, Unknown):
            raise _Unresolved(state.reason)
        if state.reason:
            self.notes.append(state.reason)
        return ""


def _uses_argument(state: VariableState, operator: str, colon: bool) -> bool:
    if isinstance(state, Unknown):
        if operator == "-" and state.build_argument:
            return True
        raise _Unresolved(state.reason)
    is_set = isinstance(state, Known)
    is_empty = not is_set or state.value == ""
    if operator == "-":
        return (not is_set) or (colon and is_empty)
    if operator == "+":
        return is_set and not (colon and is_empty)
    return (not is_set) or (colon and is_empty)


def _skip_braced(lexer: _Lexer) -> None:
    depth = 0
    while lexer.pos < len(lexer.text):
        char = lexer.text[lexer.pos]
        if char == lexer.escape:
            lexer.pos += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return
            depth -= 1
        lexer.pos += 1


def expand_word(text: str, lookup: Lookup, escape: str = "\\") -> Expansion:
    """Expand variables and remove quotes in one word."""
    lexer = _Lexer(text, lookup, escape)
    try:
        value = lexer.word()
    except _Unresolved as unresolved:
        return Expansion(None, (unresolved.reason,), tuple(lexer.notes))
    return Expansion(value, (), tuple(lexer.notes))


def no_variables(_name: str) -> VariableState:
    return Unset()

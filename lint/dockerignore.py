"""Read a `.dockerignore` file the way the Docker builder reads it.

Parsing follows the builder's reader. A line whose first character is `#`
is a comment. Other lines are trimmed and blank ones skipped. A leading `!`
marks an exception, and the pattern is cleaned like Go's `filepath.Clean`
with any leading `/` dropped.

Matching follows moby's patternmatcher, which turns each pattern into a
regular expression or a plain string test. A path is decided by the last
pattern that matches the path itself or one of its parent directories.
Glob syntax is Go's `filepath.Match` (`*`, `?`, `[...]` negated by `^`,
`\\` escapes) plus `**`, which stands for any number of directories.

Every glob here runs on one small NFA engine, so the same code decides
"does this path match" and "could some path starting with this prefix match".
"""

from __future__ import annotations

import enum
import functools
import os
import pathlib

from dlint.records import record

__all__ = [
    "Dockerignore",
    "DockerignoreError",
    "EnvScan",
    "GlobSyntaxError",
    "Pattern",
    "context_env_files",
    "glob_matches",
    "glob_may_match_prefix",
    "go_clean",
]

# Go's strings.TrimSpace removes what unicode.IsSpace reports. Python's
# str.strip() would also remove the ASCII separators U+001C..U+001F.
_GO_SPACE = (
    " \t\n\v\f\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_BOM = "\ufeff"
_ENV_PREFIX = ".env"


class GlobSyntaxError(ValueError):
    """Error for a glob that Go's `filepath.Match` rejects, with a 1-based column."""

    def __init__(self, column: int, message: str) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column
        self.message = message


class DockerignoreError(ValueError):
    """Error for a `.dockerignore` line that the builder rejects."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.line = line
        self.column = column
        self.message = message


# ---------------------------------------------------------------------------
# Path cleaning


def go_clean(path: str) -> str:
    """Clean a `/` separated path the way Go's `filepath.Clean` does on Unix."""
    if not path:
        return "."
    rooted = path.startswith("/")
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part != "..":
            parts.append(part)
        elif parts and parts[-1] != "..":
            parts.pop()
        elif not rooted:
            # A `..` above a relative start is kept, but above `/` it is dropped.
            parts.append("..")
    body = "/".join(parts)
    if rooted:
        return "/" + body
    return body or "."


# ---------------------------------------------------------------------------
# Glob programs


class _Kind(enum.Enum):
    LIT = "literal"  # one given character
    ANY = "any"  # `?`: one character other than `/`
    STAR = "star"  # `*`: any run of characters other than `/`
    CLASS = "class"  # `[...]`: one character in (or not in) a set
    OPT_DIRS = "opt-dirs"  # `**/` inside a pattern: empty, or anything ending in `/`
    ANY_SEQ = "any-seq"  # trailing `**`: any run of characters
    ANCHOR = "anchor"  # a bare `^` in moby's regex: only matches at position 0


@record(frozen=True)
class _CharClass:
    ranges: tuple[tuple[str, str], ...]
    negated: bool

    def contains(self, char: str) -> bool:
        inside = any(low <= char <= high for low, high in self.ranges)
        return inside != self.negated


@record(frozen=True)
class _Token:
    kind: _Kind
    char: str = ""
    char_class: _CharClass | None = None

    def consumes(self, char: str) -> bool:
        """Return True if this one-character token accepts `char`."""
        if self.kind is _Kind.LIT:
            return char == self.char
        if self.kind is _Kind.ANY:
            return char != "/"
        if self.kind is _Kind.CLASS and self.char_class is not None:
            # A class may match `/` because neither Go's Match nor the regex exclude it.
            return self.char_class.contains(char)
        return False


_Program = tuple[_Token, ...]
# An NFA state: (index of the next token, inside the loop of an OPT_DIRS token).
_State = tuple[int, bool]


def _literals(text: str) -> list[_Token]:
    return [_Token(_Kind.LIT, char=char) for char in text]


def _closure(program: _Program, states: set[_State], position: int) -> frozenset[_State]:
    """Add every state reachable without reading a character."""
    pending = list(states)
    seen = set(states)
    while pending:
        index, looping = pending.pop()
        if looping or index >= len(program):
            continue
        kind = program[index].kind
        follow: list[_State] = []
        if kind in (_Kind.STAR, _Kind.ANY_SEQ, _Kind.OPT_DIRS):
            follow.append((index + 1, False))
        if kind is _Kind.OPT_DIRS:
            follow.append((index, True))
        if kind is _Kind.ANCHOR and position == 0:
            follow.append((index + 1, False))
        for state in follow:
            if state not in seen:
                seen.add(state)
                pending.append(state)
    return frozenset(seen)


def _step(program: _Program, states: frozenset[_State], char: str) -> set[_State]:
    following: set[_State] = set()
    for index, looping in states:
        if looping:
            following.add((index, True))
            if char == "/":
                following.add((index + 1, False))
            continue
        if index >= len(program):
            continue
        token = program[index]
        if token.kind is _Kind.STAR and char != "/":
            following.add((index, False))
        elif token.kind is _Kind.ANY_SEQ:
            following.add((index, False))
        elif token.consumes(char):
            following.add((index + 1, False))
    return following


def _run(program: _Program, text: str) -> frozenset[_State]:
    states = _closure(program, {(0, False)}, 0)
    for position, char in enumerate(text, start=1):
        if not states:
            break
        states = _closure(program, _step(program, states, char), position)
    return states


def _program_matches(program: _Program, text: str) -> bool:
    return (len(program), False) in _run(program, text)


def _program_may_match_prefix(program: _Program, prefix: str) -> bool:
    """Return True if `program` accepts some string that starts with `prefix`."""
    states = _run(program, prefix)
    if not prefix:
        return bool(states)
    # Past position 0 a remaining anchor cannot match. Every other token
    # can be completed by some character.
    return any(
        all(token.kind is not _Kind.ANCHOR for token in program[index:])
        for index, _ in states
    )


# ---------------------------------------------------------------------------
# Glob parsing


def _class_member(pattern: str, index: int, start: int) -> tuple[str, int]:
    """Read one class member at `index` and return it with the next index."""
    if index >= len(pattern):
        raise GlobSyntaxError(start + 1, f"unterminated character class `{pattern[start:]}`")
    char = pattern[index]
    if char in "-]":
        raise GlobSyntaxError(index + 1, f"bad character class `{pattern[start:]}`")
    if char == "\\":
        index += 1
        if index >= len(pattern):
            raise GlobSyntaxError(start + 1, f"unterminated character class `{pattern[start:]}`")
    return pattern[index], index + 1


def _parse_class(pattern: str, start: int) -> tuple[_CharClass, int]:
    """Parse `[...]` starting at `start` and return the class with the index after `]`."""
    index = start + 1
    negated = index < len(pattern) and pattern[index] == "^"
    if negated:
        index += 1
    ranges: list[tuple[str, str]] = []
    while True:
        if index < len(pattern) and pattern[index] == "]" and ranges:
            return _CharClass(tuple(ranges), negated), index + 1
        low, index = _class_member(pattern, index, start)
        high = low
        if index < len(pattern) and pattern[index] == "-":
            high, index = _class_member(pattern, index + 1, start)
        if high < low:
            # Go's Match accepts this, but the regex the builder compiles
            # from it does not, so the builder fails on it.
            raise GlobSyntaxError(
                start + 1, f"character class range `{low}-{high}` runs backwards"
            )
        ranges.append((low, high))


def _check_escape(pattern: str, index: int) -> None:
    if index + 1 >= len(pattern):
        raise GlobSyntaxError(index + 1, f"trailing backslash in `{pattern}`")


def _parse_go_glob(pattern: str) -> _Program:
    """Parse a glob with Go `filepath.Match` rules (no `**`)."""
    tokens: list[_Token] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            if not tokens or tokens[-1].kind is not _Kind.STAR:
                tokens.append(_Token(_Kind.STAR))
            index += 1
        elif char == "?":
            tokens.append(_Token(_Kind.ANY))
            index += 1
        elif char == "[":
            char_class, index = _parse_class(pattern, index)
            tokens.append(_Token(_Kind.CLASS, char_class=char_class))
        elif char == "\\":
            _check_escape(pattern, index)
            tokens.extend(_literals(pattern[index + 1]))
            index += 2
        else:
            tokens.extend(_literals(char))
            index += 1
    return tuple(tokens)


class _MatchType(enum.Enum):
    """Test that moby's patternmatcher picks for a pattern from its characters."""

    EXACT = "exact"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    REGEXP = "regexp"


def _translate_double_star(
    pattern: str, index: int, match_type: _MatchType, tokens: list[_Token]
) -> tuple[int, _MatchType]:
    """Translate `**` at `index` and return the next index with the new match type."""
    first = index == 0
    index += 2
    if index < len(pattern) and pattern[index] == "/":
        index += 1
    if index >= len(pattern):
        if match_type is _MatchType.EXACT:
            match_type = _MatchType.PREFIX
        else:
            tokens.append(_Token(_Kind.ANY_SEQ))
            match_type = _MatchType.REGEXP
    else:
        tokens.append(_Token(_Kind.OPT_DIRS))
        match_type = _MatchType.REGEXP
    if first:
        match_type = _MatchType.SUFFIX
    return index, match_type


def _translate(pattern: str) -> tuple[list[_Token], _MatchType]:
    """Translate a cleaned pattern as patternmatcher does when it builds its regex.

    NOTE: inside `[...]` and after `\\`, moby copies characters into a Go regex
    unchanged, so `\\d` or `[[:alpha:]]` get regex meanings there. Here they
    keep their `filepath.Match` meaning (a literal `d`, a plain class).
    """
    tokens: list[_Token] = []
    match_type = _MatchType.EXACT
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            index, match_type = _translate_double_star(pattern, index, match_type, tokens)
            continue
        if char == "[":
            char_class, index = _parse_class(pattern, index)
            tokens.append(_Token(_Kind.CLASS, char_class=char_class))
            match_type = _MatchType.REGEXP
            continue
        if char == "\\":
            _check_escape(pattern, index)
            tokens.extend(_literals(pattern[index + 1]))
            match_type = _MatchType.REGEXP
            index += 2
            continue
        if char in "*?]":
            kind = {"*": _Kind.STAR, "?": _Kind.ANY}.get(char)
            tokens.append(_Token(kind) if kind else _Token(_Kind.LIT, char="]"))
            match_type = _MatchType.REGEXP
        elif char == "^":
            # The regex escapes `.+()|{}$` only, so a bare `^` stays an anchor.
            tokens.append(_Token(_Kind.ANCHOR))
        else:
            tokens.extend(_literals(char))
        index += 1
    return tokens, match_type


@functools.lru_cache(maxsize=4096)
def _compile_pattern(cleaned: str) -> _Program:
    """Compile `cleaned` into an NFA program equivalent to patternmatcher's test."""
    _parse_go_glob(cleaned)  # the builder rejects what Go's Match rejects
    tokens, match_type = _translate(cleaned)
    if match_type is _MatchType.EXACT:
        return tuple(_literals(cleaned))
    if match_type is _MatchType.PREFIX:
        return tuple(_literals(cleaned[:-2]) + [_Token(_Kind.ANY_SEQ)])
    if match_type is _MatchType.SUFFIX:
        # A plain string test: the path ends with what follows the leading
        # `**`. Also, `**/name` matches `name` itself.
        suffix = cleaned[2:]
        if suffix.startswith("/"):
            return tuple([_Token(_Kind.OPT_DIRS)] + _literals(suffix[1:]))
        return tuple([_Token(_Kind.ANY_SEQ)] + _literals(suffix))
    return tuple(tokens)


@functools.lru_cache(maxsize=4096)
def _compile_go_glob(pattern: str) -> _Program:
    return _parse_go_glob(pattern)


def glob_may_match_prefix(pattern: str, prefix: str) -> bool:
    """Return True if some string that starts with `prefix` matches the Go glob `pattern`.

    `pattern` is one path segment in `filepath.Match` syntax; `**` means the
    same as `*` there. Raises GlobSyntaxError for a malformed pattern.
    """
    return _program_may_match_prefix(_compile_go_glob(pattern), prefix)


def glob_matches(pattern: str, name: str) -> bool:
    """Return True if `name` matches the Go glob `pattern` (`filepath.Match` rules)."""
    return _program_matches(_compile_go_glob(pattern), name)


# ---------------------------------------------------------------------------
# The ignore file


@record(frozen=True)
class Pattern:
    """One pattern line: the trimmed text as written and the cleaned glob."""

    text: str
    line: int
    exception: bool
    cleaned: str

    def matches(self, path: str) -> bool:
        """Return True if the pattern matches `path` itself (no parent directories)."""
        return _program_matches(_compile_pattern(self.cleaned), path)

    def may_match_below(self, directory: str) -> bool:
        """Return True if the pattern could match some path strictly under `directory`."""
        prefix = "" if directory in ("", ".") else directory + "/"
        return _program_may_match_prefix(_compile_pattern(self.cleaned), prefix)


def _error_column(raw: str, cleaned: str, glob_column: int) -> int:
    """Map a column in the cleaned glob back to the raw line when possible."""
    found = raw.find(cleaned)
    if found >= 0:
        return found + glob_column
    return len(raw) - len(raw.lstrip(_GO_SPACE)) + 1


def _normalise_line(stripped: str) -> str:
    """Apply the reader's cleaning and then patternmatcher's own trim and clean."""
    exception = stripped.startswith("!")
    body = stripped[1:].strip(_GO_SPACE) if exception else stripped
    if body:
        body = go_clean(body)
        if len(body) > 1 and body.startswith("/"):
            body = body[1:]
    full = ("!" if exception else "") + body
    full = full.strip(_GO_SPACE)
    return go_clean(full) if full else ""


def _parse_line(raw: str, number: int) -> Pattern | None:
    stripped = raw.strip(_GO_SPACE)
    if raw.startswith("#") or not stripped:
        return None
    full = _normalise_line(stripped)
    if not full:
        return None
    exception = full.startswith("!")
    cleaned = full[1:] if exception else full
    start = len(raw) - len(raw.lstrip(_GO_SPACE)) + 1
    if exception and not cleaned:
        raise DockerignoreError(number, start, f"illegal exclusion pattern `{stripped}`")
    try:
        _compile_pattern(cleaned)
    except GlobSyntaxError as error:
        column = _error_column(raw, cleaned, error.column)
        raise DockerignoreError(number, column, error.message) from error
    return Pattern(text=stripped, line=number, exception=exception, cleaned=cleaned)


def _context_path(path: str) -> str:
    """Clean a context-relative path, where `.` is the context root."""
    cleaned = go_clean(path)
    if cleaned.startswith("/"):
        cleaned = cleaned.lstrip("/") or "."
    return cleaned


@record(frozen=True)
class Dockerignore:
    """The patterns of one `.dockerignore` file, in file order."""

    patterns: tuple[Pattern, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Dockerignore:
        """Parse the file's text, raising DockerignoreError for a rejected line."""
        found: list[Pattern] = []
        for number, raw in enumerate(text.split("\n"), start=1):
            if number == 1:
                raw = raw.removeprefix(_BOM)
            pattern = _parse_line(raw, number)
            if pattern is not None:
                found.append(pattern)
        return cls(tuple(found))

    @classmethod
    def read(cls, path: pathlib.Path) -> Dockerignore:
        """Read and parse a `.dockerignore` file (UTF-8, bad bytes replaced)."""
        return cls.parse(path.read_text(encoding="utf-8", errors="replace"))

    @property
    def has_exceptions(self) -> bool:
        return any(pattern.exception for pattern in self.patterns)

    def _hits(self, path: str) -> list[bool]:
        """List, per pattern, whether it matches `path` or one of its parent directories."""
        hits = [False] * len(self.patterns)
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            current = "/".join(parts[:depth])
            for index, pattern in enumerate(self.patterns):
                if not hits[index] and pattern.matches(current):
                    hits[index] = True
        return hits

    def matching_pattern(self, path: str) -> Pattern | None:
        """Return the last pattern matching `path` or a parent, which decides it."""
        cleaned = _context_path(path)
        if cleaned == ".":
            return None
        hits = self._hits(cleaned)
        for index in range(len(self.patterns) - 1, -1, -1):
            if hits[index]:
                return self.patterns[index]
        return None

    def excludes(self, path: str) -> bool:
        """Return True if `path` (relative to the context root) is left out of the context."""
        decider = self.matching_pattern(path)
        return decider is not None and not decider.exception

    def may_reinclude_under(self, directory: str) -> bool:
        """Return True if an exception could re-include some path below `directory`.

        When `directory` is excluded and this is False, nothing below it is
        sent, so a walk of the context can skip it.
        """
        cleaned = _context_path(directory)
        return any(
            pattern.exception and pattern.may_match_below(cleaned)
            for pattern in self.patterns
        )


# ---------------------------------------------------------------------------
# Scanning a context folder


@record(frozen=True)
class EnvScan:
    """Result of a context scan: the `.env*` files a build would send.

    `files` contains context-relative `/` paths, sorted. `truncated` means the walk
    stopped after `limit` directory entries, so `files` may be incomplete.
    """

    files: tuple[str, ...]
    dot_env_excluded: bool
    dot_env_local_excluded: bool
    truncated: bool
    entries_seen: int


@record(frozen=True)
class _Entry:
    name: str
    is_dir: bool


def _list_directory(directory: pathlib.Path) -> list[_Entry]:
    """List the entries of `directory` sorted by name, or none if it cannot be read."""
    entries: list[_Entry] = []
    try:
        with os.scandir(directory) as iterator:
            for entry in iterator:
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                entries.append(_Entry(entry.name, is_dir))
    except OSError:
        return []
    return sorted(entries, key=lambda entry: entry.name)


def _should_descend(ignore: Dockerignore | None, relative: str) -> bool:
    if ignore is None or not ignore.excludes(relative):
        return True
    return ignore.may_reinclude_under(relative)


def _is_sent_env_file(ignore: Dockerignore | None, entry: _Entry, relative: str) -> bool:
    if entry.is_dir or not entry.name.startswith(_ENV_PREFIX):
        return False
    return ignore is None or not ignore.excludes(relative)


def context_env_files(
    context_dir: pathlib.Path, ignore: Dockerignore | None, limit: int = 100_000
) -> EnvScan:
    """Walk `context_dir` and list the `.env*` files the builder would receive.

    Symbolic links are not followed (a link named `.env*` is listed, since the
    link itself is sent), unreadable folders are skipped, and excluded folders
    are skipped unless an exception pattern could re-include something below.
    """
    sent: list[str] = []
    seen = 0
    truncated = False
    pending = [""]
    while pending and not truncated:
        relative_dir = pending.pop()
        subdirs: list[str] = []
        for entry in _list_directory(context_dir / relative_dir):
            if seen >= limit:
                truncated = True
                break
            seen += 1
            relative = f"{relative_dir}/{entry.name}" if relative_dir else entry.name
            if entry.is_dir and _should_descend(ignore, relative):
                subdirs.append(relative)
            elif _is_sent_env_file(ignore, entry, relative):
                sent.append(relative)
        pending.extend(reversed(subdirs))
    return EnvScan(
        files=tuple(sorted(sent)),
        dot_env_excluded=ignore is not None and ignore.excludes(".env"),
        dot_env_local_excluded=ignore is not None and ignore.excludes(".env.local"),
        truncated=truncated,
        entries_seen=seen,
    )

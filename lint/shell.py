"""Static reading of POSIX shell scripts, as found in RUN and healthchecks.

Nothing here runs a shell. The script is split into words and operators
the way ``sh`` would (quotes, backslashes, comments, line continuations,
here-documents), then into simple commands. Control words (``if``,
``then``, ``do``, ``{`` ...) are dropped so that each command's ``argv[0]``
is the program it runs. Scripts passed to ``sh -c`` and bodies of
``$(...)`` and backquotes are read as well and their commands follow the
command that contains them. Parameter expansions such as ``$HOME`` are kept
as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from dlint.records import field, record

__all__ = [
    "ApkAdd",
    "AptInstall",
    "PackageSpec",
    "ShellParse",
    "SimpleCommand",
    "apk_adds",
    "apt_get_installs",
    "find_urls",
    "parse_shell",
    "program_name",
    "split_commands",
]


@record(frozen=True)
class SimpleCommand:
    """One simple command.

    ``argv`` contains the words after quote removal, without redirections,
    leading assignments and wrappers (``exec``, ``command``, ``env``,
    ``time``). It is empty only for a command made of assignments alone,
    such as ``FOO=bar``.
    """

    argv: tuple[str, ...]
    assignments: tuple[tuple[str, str], ...] = ()

    @property
    def program(self) -> str:
        """Base name of the program run, or "" for a bare assignment."""
        return program_name(self.argv[0]) if self.argv else ""


@record(frozen=True)
class ShellParse:
    """The commands found. ``complete`` is False when the script is cut short.

    A script is cut short by an unclosed quote, ``$(`` or here-document, a
    trailing backslash, a redirection without target, or a final ``&&``,
    ``||`` or ``|``. The commands are then those that could be read.
    """

    commands: tuple[SimpleCommand, ...]
    complete: bool


_OPERATORS = ("&&", "||", ";;", "|&", ";", "&", "|", "(", ")")
_REDIRECTIONS = ("<<<", "<<-", "&>>", "<<", ">>", "<&", ">&", "<>", ">|", "&>", "<", ">")
# Operators after which the shell waits for another command.
_CONTINUING = frozenset({"&&", "||", "|", "|&"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_URL = re.compile(r"https?://[^\s'\"<>]+", re.IGNORECASE)

# Words that open or close compound commands. They are dropped at command start.
_CONTROL_WORDS = frozenset(
    {"{", "}", "!", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "esac"}
)
# Commands that run nothing themselves: `for x in ...` and `select x in ...`.
_HEADER_WORDS = frozenset({"for", "select"})
_SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"})
# Nested `sh -c` and `$(...)` deeper than this are not read further.
_MAX_DEPTH = 32


@record(frozen=True)
class _Token:
    kind: str  # "word", "op" or "redir"
    text: str
    # Length of the leading part of the word that had no quoting.
    plain_prefix: int = 0
    # Bodies of $(...) and `...` inside the word.
    substitutions: tuple[str, ...] = ()

    @property
    def is_plain(self) -> bool:
        return self.kind == "word" and self.plain_prefix == len(self.text)


@record
class _WordBuffer:
    chars: list[str] = field(default_factory=list)
    started: bool = False
    plain_prefix: int | None = None
    substitutions: list[str] = field(default_factory=list)

    def add(self, text: str, quoted: bool = False) -> None:
        if quoted and self.plain_prefix is None:
            self.plain_prefix = len(self.chars)
        self.chars.extend(text)
        self.started = True

    def mark_quoted(self) -> None:
        self.add("", quoted=True)

    def take(self) -> _Token:
        text = "".join(self.chars)
        prefix = len(text) if self.plain_prefix is None else self.plain_prefix
        token = _Token("word", text, prefix, tuple(self.substitutions))
        self.chars = []
        self.started = False
        self.plain_prefix = None
        self.substitutions = []
        return token


class _Lexer:
    """Splits a script into word, operator and redirection tokens."""

    def __init__(self, script: str) -> None:
        self.src = script
        self.pos = 0
        self.complete = True
        self.tokens: list[_Token] = []
        self.word = _WordBuffer()
        # Set after `<<` or `<<-` until the delimiter word is read: True for `<<-`.
        self.heredoc_strip_tabs: bool | None = None
        self.heredocs: list[tuple[str, bool]] = []

    def run(self) -> list[_Token]:
        while self.pos < len(self.src):
            self._step()
        self._flush()
        if self.heredocs or self.heredoc_strip_tabs is not None:
            self.complete = False
        return self.tokens

    def _peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.src[index] if index < len(self.src) else ""

    def _step(self) -> None:
        char = self._peek()
        if char == "\\" and self._peek(1) == "\n":
            self.pos += 2
        elif char == "#" and not self.word.started:
            self._skip_comment()
        elif char in " \t\r":
            self._flush()
            self.pos += 1
        elif char == "\n":
            self._flush()
            self.tokens.append(_Token("op", "\n"))
            self.pos += 1
            self._read_heredoc_bodies()
        elif char in "<>" or (char == "&" and self._peek(1) == ">"):
            self._read_redirection()
        elif char in ";&|()":
            self._flush()
            self._read_operator()
        else:
            self._read_word_part(char)

    def _flush(self) -> None:
        if not self.word.started:
            return
        token = self.word.take()
        if self.heredoc_strip_tabs is not None:
            self.heredocs.append((token.text, self.heredoc_strip_tabs))
            self.heredoc_strip_tabs = None
        self.tokens.append(token)

    def _skip_comment(self) -> None:
        end = self.src.find("\n", self.pos)
        self.pos = len(self.src) if end == -1 else end

    def _read_operator(self) -> None:
        for op in _OPERATORS:
            if self.src.startswith(op, self.pos):
                self.tokens.append(_Token("op", op))
                self.pos += len(op)
                return

    def _read_redirection(self) -> None:
        # Digits just before `<` or `>` name a file descriptor: `2>&1`.
        text = "".join(self.word.chars)
        if self.word.started and self.word.plain_prefix is None and text.isdigit():
            self.word.take()
        else:
            self._flush()
        for op in _REDIRECTIONS:
            if self.src.startswith(op, self.pos):
                self.tokens.append(_Token("redir", op))
                self.pos += len(op)
                if op in ("<<", "<<-"):
                    self.heredoc_strip_tabs = op == "<<-"
                return

    def _read_heredoc_bodies(self) -> None:
        pending, self.heredocs = self.heredocs, []
        for delimiter, strip_tabs in pending:
            self._skip_heredoc(delimiter, strip_tabs)

    def _skip_heredoc(self, delimiter: str, strip_tabs: bool) -> None:
        # NOTE: the body is skipped unread, so commands fed to a shell by
        # `sh <<EOF` are not found.
        while self.pos < len(self.src):
            end = self.src.find("\n", self.pos)
            line_end = len(self.src) if end == -1 else end
            line = self.src[self.pos : line_end]
            self.pos = line_end + 1 if end != -1 else line_end
            if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                return
        self.complete = False

    def _read_word_part(self, char: str) -> None:
        if char == "'":
            self._read_single_quoted()
        elif char == '"':
            self._read_double_quoted()
        elif char == "\\":
            self._read_escape()
        elif char == "$" and self._peek(1) in ("(", "{"):
            self.word.add(self._read_dollar())
        elif char == "`":
            self.word.add(self._read_backquoted())
        else:
            self.word.add(char)
            self.pos += 1

    def _read_single_quoted(self) -> None:
        end = self.src.find("'", self.pos + 1)
        if end == -1:
            self.complete = False
            end = len(self.src)
        self.word.add(self.src[self.pos + 1 : end], quoted=True)
        self.pos = end + 1

    def _read_escape(self) -> None:
        following = self._peek(1)
        if not following:
            self.complete = False
            self.pos += 1
            return
        self.word.add(following, quoted=True)
        self.pos += 2

    def _read_double_quoted(self) -> None:
        self.word.mark_quoted()
        self.pos += 1
        while self.pos < len(self.src):
            char = self._peek()
            if char == '"':
                self.pos += 1
                return
            if char == "\\":
                self._read_escape_in_double_quotes()
            elif char == "$" and self._peek(1) in ("(", "{"):
                self.word.add(self._read_dollar(), quoted=True)
            elif char == "`":
                self.word.add(self._read_backquoted(), quoted=True)
            else:
                self.word.add(char, quoted=True)
                self.pos += 1
        self.complete = False

    def _read_escape_in_double_quotes(self) -> None:
        # Inside double quotes a backslash only escapes $ ` " \ and newline.
        following = self._peek(1)
        if following == "\n":
            self.pos += 2
        elif following in ("$", "`", '"', "\\"):
            self.word.add(following, quoted=True)
            self.pos += 2
        elif not following:
            self.complete = False
            self.pos += 1
        else:
            self.word.add("\\", quoted=True)
            self.pos += 1

    def _read_dollar(self) -> str:
        """Read ``$(...)``, ``$((...))`` or ``${...}`` and return it as written."""
        start = self.pos
        opener = self._peek(1)
        closer = ")" if opener == "(" else "}"
        end = _find_closing(self.src, start + 2, opener, closer)
        if end == -1:
            self.complete = False
            end = len(self.src)
            self.pos = end
        else:
            self.pos = end + 1
        if opener == "(" and not self.src.startswith("$((", start):
            self.word.substitutions.append(self.src[start + 2 : end])
        return self.src[start : self.pos]

    def _read_backquoted(self) -> str:
        start = self.pos
        index = start + 1
        body: list[str] = []
        while index < len(self.src) and self.src[index] != "`":
            if self.src[index] == "\\" and index + 1 < len(self.src):
                body.append(self.src[index + 1])
                index += 2
                continue
            body.append(self.src[index])
            index += 1
        if index >= len(self.src):
            self.complete = False
        self.pos = min(index + 1, len(self.src))
        self.word.substitutions.append("".join(body))
        return self.src[start : self.pos]


def _find_closing(src: str, index: int, opener: str, closer: str) -> int:
    """Index of the ``closer`` that balances an ``opener`` before ``index``."""
    depth = 1
    while index < len(src):
        char = src[index]
        if char == "\\":
            index += 2
            continue
        if char == "'" and closer == ")":
            end = src.find("'", index + 1)
            if end == -1:
                return -1
            index = end + 1
            continue
        if char == '"':
            index = _skip_double_quoted(src, index + 1)
            if index == -1:
                return -1
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _skip_double_quoted(src: str, index: int) -> int:
    """Index just after the ``"`` that closes a string opened before ``index``."""
    while index < len(src):
        char = src[index]
        if char == "\\":
            index += 2
        elif char == '"':
            return index + 1
        elif char == "$" and src.startswith("$(", index):
            end = _find_closing(src, index + 2, "(", ")")
            if end == -1:
                return -1
            index = end + 1
        else:
            index += 1
    return -1


class _Builder:
    """Groups tokens into simple commands and reads nested scripts."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.commands: list[SimpleCommand] = []
        self.complete = True
        self.case_depth = 0
        self.expect_pattern = False

    def build(self, tokens: list[_Token]) -> None:
        words: list[_Token] = []
        index = 0
        while index < len(tokens):
            if not words and self.expect_pattern:
                self.expect_pattern = False
                index = self._skip_case_pattern(tokens, index)
                continue
            token = tokens[index]
            if not words and token.is_plain and token.text == "case":
                index = self._read_case_header(tokens, index)
                continue
            if token.kind == "word":
                words.append(token)
            elif token.kind == "redir":
                index += 1
                if index >= len(tokens) or tokens[index].kind != "word":
                    self.complete = False
                    continue
                self._read_substitutions(tokens[index])
            elif _is_function_header(words, tokens, index):
                words = []
                index += 1
            else:
                self._finish(words)
                words = []
                if token.text == ";;" and self.case_depth:
                    self.expect_pattern = True
            index += 1
        self._finish(words)
        if _last_operator(tokens) in _CONTINUING:
            self.complete = False

    def _read_case_header(self, tokens: list[_Token], index: int) -> int:
        """Read ``case WORD in`` starting at ``index`` and return the next index."""
        index += 1
        while index < len(tokens) and tokens[index].kind == "word":
            word = tokens[index]
            index += 1
            self._read_substitutions(word)
            if word.is_plain and word.text == "in":
                self.case_depth += 1
                self.expect_pattern = True
                break
        return index

    def _skip_case_pattern(self, tokens: list[_Token], index: int) -> int:
        """Skip a ``pattern)`` of a case statement starting at ``index``."""
        probe = index
        while probe < len(tokens) and tokens[probe].kind == "op" and tokens[probe].text == "\n":
            probe += 1
        if probe < len(tokens) and tokens[probe].kind == "op" and tokens[probe].text == "(":
            probe += 1
        while probe < len(tokens):
            token = tokens[probe]
            if token.kind == "op" and token.text == ")":
                return probe + 1
            if token.kind != "word" and token.text != "|":
                break
            probe += 1
        return index

    def _finish(self, words: list[_Token]) -> None:
        rest = _drop_control_words(words)
        closed = sum(1 for word in words[: len(words) - len(rest)] if word.text == "esac")
        self.case_depth = max(0, self.case_depth - closed)
        if not rest or (rest[0].is_plain and rest[0].text in _HEADER_WORDS):
            for word in rest:
                self._read_substitutions(word)
            return
        assignments, argv = _split_assignments(rest)
        argv_text, extra = _strip_wrappers([w.text for w in argv])
        assignments.extend(extra)
        if not argv_text and not assignments:
            return
        command = SimpleCommand(tuple(argv_text), tuple(assignments))
        self.commands.append(command)
        script = _shell_script(command.argv)
        if script is not None:
            self._read_nested(script)
        for word in rest:
            self._read_substitutions(word)

    def _read_substitutions(self, word: _Token) -> None:
        for body in word.substitutions:
            self._read_nested(body)

    def _read_nested(self, script: str) -> None:
        if self.depth >= _MAX_DEPTH:
            return
        nested = _parse(script, self.depth + 1)
        self.commands.extend(nested.commands)
        self.complete = self.complete and nested.complete


def _last_operator(tokens: list[_Token]) -> str | None:
    """Return the last token's text if it is an operator, skipping newlines."""
    for token in reversed(tokens):
        if token.kind == "op" and token.text == "\n":
            continue
        return token.text if token.kind == "op" else None
    return None


def _is_function_header(words: list[_Token], tokens: list[_Token], index: int) -> bool:
    """``name ( )`` opens a function definition, not a subshell."""
    return (
        len(words) == 1
        and tokens[index].text == "("
        and index + 1 < len(tokens)
        and tokens[index + 1].kind == "op"
        and tokens[index + 1].text == ")"
    )


def _drop_control_words(words: list[_Token]) -> list[_Token]:
    start = 0
    while start < len(words) and words[start].is_plain and words[start].text in _CONTROL_WORDS:
        start += 1
    return words[start:]


def _split_assignments(words: list[_Token]) -> tuple[list[tuple[str, str]], list[_Token]]:
    assignments: list[tuple[str, str]] = []
    index = 0
    while index < len(words):
        word = words[index]
        match = _ASSIGNMENT.match(word.text)
        if match is None or match.end() > word.plain_prefix:
            break
        assignments.append((word.text[: match.end() - 1], word.text[match.end() :]))
        index += 1
    return assignments, words[index:]


def _strip_wrappers(argv: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Remove ``exec``, ``command``, ``env`` and ``time`` in front of a program."""
    assignments: list[tuple[str, str]] = []
    while argv:
        name = program_name(argv[0])
        if name == "exec":
            rest = _skip_options(argv[1:], with_value={"-a"})
        elif name == "command" and not (len(argv) > 1 and argv[1] in ("-v", "-V")):
            rest = _skip_options(argv[1:], with_value=set())
        elif name == "time":
            rest = _skip_options(argv[1:], with_value={"-f", "-o"})
        elif name == "env":
            rest = _strip_env(argv[1:], assignments)
        else:
            break
        if not rest:
            break
        argv = rest
    return argv, assignments


def _skip_options(args: list[str], with_value: set[str]) -> list[str]:
    index = 0
    while index < len(args) and args[index].startswith("-") and len(args[index]) > 1:
        if args[index] == "--":
            return args[index + 1 :]
        index += 2 if args[index] in with_value else 1
    return args[index:]


def _strip_env(args: list[str], assignments: list[tuple[str, str]]) -> list[str]:
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            index += 1
            break
        if arg in ("-u", "-C", "--unset", "--chdir"):
            index += 2
        elif arg.startswith("-"):
            index += 1
        elif _ASSIGNMENT.match(arg):
            name, _, value = arg.partition("=")
            assignments.append((name, value))
            index += 1
        else:
            break
    return args[index:]


def _shell_script(argv: tuple[str, ...]) -> str | None:
    """Return the script of ``sh -c SCRIPT`` (and other shells), else None."""
    args = list(argv)
    if args and program_name(args[0]) == "busybox":
        args = args[1:]
    if not args or program_name(args[0]) not in _SHELLS:
        return None
    index = 1
    has_script = False
    while index < len(args):
        arg = args[index]
        if arg in ("--", "-"):
            index += 1
            break
        if arg.startswith("--"):
            index += 2 if arg in ("--rcfile", "--init-file") else 1
            continue
        if len(arg) < 2 or arg[0] not in "-+":
            break
        letters = arg[1:]
        if arg[0] == "-" and "c" in letters:
            has_script = True
        # -o and -O take the option name as the next word.
        index += 1 + letters.count("o") + letters.count("O")
    if has_script and index < len(args):
        return args[index]
    return None


def _parse(script: str, depth: int) -> ShellParse:
    lexer = _Lexer(script)
    tokens = lexer.run()
    builder = _Builder(depth)
    builder.build(tokens)
    return ShellParse(tuple(builder.commands), lexer.complete and builder.complete)


def parse_shell(script: str) -> ShellParse:
    """Read ``script`` into simple commands without raising on bad syntax."""
    return _parse(script, 0)


def split_commands(script: str) -> list[SimpleCommand]:
    """Return the simple commands of ``script``, including nested ones."""
    return list(parse_shell(script).commands)


def program_name(word: str) -> str:
    """Return the base name of a program path: ``/usr/bin/curl`` gives ``curl``."""
    return word.rstrip("/").rsplit("/", 1)[-1] if word.strip("/") else word


def find_urls(argv: Sequence[str]) -> list[str]:
    """Return the http and https URLs in the words, also inside ``--url=...``."""
    urls: list[str] = []
    for word in argv:
        urls.extend(_URL.findall(word))
    return urls


@record(frozen=True)
class PackageSpec:
    """A package as requested; ``version`` is the pin after ``=`` if any."""

    name: str
    version: str | None
    text: str


@record(frozen=True)
class AptInstall:
    """One ``apt-get install`` or ``apt install`` command."""

    command: SimpleCommand
    options: tuple[tuple[str, str | None], ...]
    specs: tuple[PackageSpec, ...]

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.specs)

    @property
    def assume_yes(self) -> bool:
        """True for -y, --yes, --assume-yes, or -qq (which implies -y)."""
        flags = [name for name, _ in self.options]
        if any(flag in ("-y", "--yes", "--assume-yes") for flag in flags):
            return True
        if flags.count("-q") >= 2 or ("--quiet", "2") in self.options:
            return True
        return any(_apt_config_is(value, "APT::Get::Assume-Yes", True) for value in self._config())

    @property
    def no_install_recommends(self) -> bool:
        """True for --no-install-recommends or APT::Install-Recommends=false."""
        if any(name == "--no-install-recommends" for name, _ in self.options):
            return True
        return any(_apt_config_is(value, "APT::Install-Recommends", False) for value in self._config())

    def _config(self) -> Iterator[str]:
        for name, value in self.options:
            if name in ("-o", "--option") and value is not None:
                yield value


@record(frozen=True)
class ApkAdd:
    """One ``apk add`` command."""

    command: SimpleCommand
    options: tuple[tuple[str, str | None], ...]
    specs: tuple[PackageSpec, ...]

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.specs)

    @property
    def no_cache(self) -> bool:
        return any(name == "--no-cache" for name, _ in self.options)

    @property
    def virtual(self) -> str | None:
        """Name given by ``--virtual`` or ``-t``, else None."""
        for name, value in self.options:
            if name in ("--virtual", "-t"):
                return value
        return None


_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def _apt_config_is(setting: str, key: str, wanted: bool) -> bool:
    name, _, value = setting.partition("=")
    if name.strip().lower() != key.lower():
        return False
    return value.strip().lower() in (_TRUE_WORDS if wanted else _FALSE_WORDS)


# Options of apt-get and apt that take the next word as their value.
_APT_VALUE_SHORT = frozenset("octa")
_APT_VALUE_LONG = frozenset(
    {"--option", "--config-file", "--target-release", "--default-release", "--host-architecture"}
)
# Options of apk that take the next word as their value.
_APK_VALUE_SHORT = frozenset("tXp")
_APK_VALUE_LONG = frozenset(
    {
        "--virtual",
        "--repository",
        "--root",
        "--arch",
        "--keys-dir",
        "--repositories-file",
        "--cache-dir",
        "--cache-max-age",
        "--progress-fd",
        "--timeout",
    }
)


@record(frozen=True)
class _Arguments:
    options: tuple[tuple[str, str | None], ...]
    positionals: tuple[str, ...]


def _read_arguments(args: Sequence[str], short_values: frozenset[str], long_values: frozenset[str]) -> _Arguments:
    """Split words into options (with values) and positional words."""
    options: list[tuple[str, str | None]] = []
    positionals: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            positionals.extend(args[index:])
            break
        if arg.startswith("--"):
            name, equals, value = arg.partition("=")
            if equals:
                options.append((name, value))
            elif name in long_values and index < len(args):
                options.append((name, args[index]))
                index += 1
            else:
                options.append((name, None))
        elif arg.startswith("-") and len(arg) > 1:
            index = _read_short_cluster(arg, args, index, short_values, options)
        else:
            positionals.append(arg)
    return _Arguments(tuple(options), tuple(positionals))


def _read_short_cluster(
    arg: str,
    args: Sequence[str],
    index: int,
    short_values: frozenset[str],
    options: list[tuple[str, str | None]],
) -> int:
    """Read a ``-yq`` or ``-oKey=value`` style word and return the next index."""
    for position, letter in enumerate(arg[1:], start=1):
        if letter not in short_values:
            options.append((f"-{letter}", None))
            continue
        attached = arg[position + 1 :].removeprefix("=")
        if attached:
            options.append((f"-{letter}", attached))
        elif index < len(args):
            options.append((f"-{letter}", args[index]))
            index += 1
        else:
            options.append((f"-{letter}", None))
        break
    return index


def _commands(commands: Iterable[SimpleCommand] | str) -> Iterable[SimpleCommand]:
    return split_commands(commands) if isinstance(commands, str) else commands


def apt_get_installs(commands: Iterable[SimpleCommand] | str) -> list[AptInstall]:
    """Find the ``apt-get install`` and ``apt install`` commands among ``commands``."""
    found: list[AptInstall] = []
    for command in _commands(commands):
        if command.program not in ("apt-get", "apt"):
            continue
        parsed = _read_arguments(command.argv[1:], _APT_VALUE_SHORT, _APT_VALUE_LONG)
        if not parsed.positionals or parsed.positionals[0] != "install":
            continue
        specs = tuple(_package_spec(word, "=") for word in parsed.positionals[1:])
        found.append(AptInstall(command, parsed.options, specs))
    return found


def apk_adds(commands: Iterable[SimpleCommand] | str) -> list[ApkAdd]:
    """Find the ``apk add`` commands among ``commands``."""
    found: list[ApkAdd] = []
    for command in _commands(commands):
        if command.program != "apk":
            continue
        parsed = _read_arguments(command.argv[1:], _APK_VALUE_SHORT, _APK_VALUE_LONG)
        if not parsed.positionals or parsed.positionals[0] != "add":
            continue
        specs = tuple(_package_spec(word, "=<>~") for word in parsed.positionals[1:])
        found.append(ApkAdd(command, parsed.options, specs))
    return found


def _package_spec(word: str, separators: str) -> PackageSpec:
    cut = next((i for i, char in enumerate(word) if char in separators), -1)
    if cut <= 0:
        return PackageSpec(word, None, word)
    version = word[cut:].lstrip(separators)
    return PackageSpec(word[:cut], version or None, word)

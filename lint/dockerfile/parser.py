"""A Dockerfile parser that reads files the way BuildKit's parser does, with positions.

dockerfile-parse (2.0.1) is not used here, because it reads differently from BuildKit
where the policy depends on it. It turns heredoc bodies and lines after an empty
continuation line into instructions of their own, and it keeps no column for any word.
`tests/test_dockerfile_parser.py` pins those differences. What BuildKit does and this
module repeats:

* parser directives (`syntax`, `escape`, `check`) are read only at the top of the file,
  until the first line that is not a directive;
* a line ending in the escape character continues on the next line; comment lines and
  blank lines inside a continuation are dropped;
* RUN, COPY and ADD in shell form may open heredocs (`<<EOF`, `<<-EOF`, quoted names,
  several per instruction), whose bodies belong to the instruction;
* JSON (exec) form is used when the argument starts with a JSON array of strings, and
  text after the array is ignored. Anything else that starts with `[` is shell form.
  An array with a non-string element is an error, because BuildKit rejects it.
"""

from __future__ import annotations

import bisect
import re

from dlint.dockerfile.model import (
    Directive,
    Dockerfile,
    Flag,
    Heredoc,
    Instruction,
    KeyValue,
    ParseIssue,
    Stage,
    Word,
)
from dlint.dockerfile.words import (
    extract_flags,
    heredoc_word,
    parse_words,
    shell_words_raw,
    split_whitespace,
)
from dlint.records import field, record, replace

_DIRECTIVE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_KNOWN_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
        "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME",
        "WORKDIR",
    }
)
_HEREDOC_COMMANDS = frozenset({"RUN", "COPY", "ADD"})
_KEYWORD = re.compile(r"[^\t\v\f\r ]+")
_BLANKS = re.compile(r"[\t\v\f\r ]*")


def _continuation_pattern(escape: str) -> re.Pattern[str]:
    """Build the pattern of a line continuation: a final escape character that is not itself escaped."""
    quoted = re.escape(escape)
    return re.compile(f"(?:^|[^{quoted}])(?P<escape>{quoted})[ \t]*$")


class _NotStringArray(Exception):
    """A JSON array with a non-string element, which BuildKit rejects."""


@record
class _LogicalLine:
    """A logical line joined from physical lines, mapping offsets back to positions."""

    parts: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    origins: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    _joined: str | None = None

    def append(self, text: str, line: int, column: int) -> None:
        self.offsets.append(self.length)
        self.origins.append((line, column))
        self.parts.append(text)
        self.length += len(text)
        self._joined = None

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self.parts)
        return self._joined

    def position(self, offset: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(self.offsets, offset) - 1, 0)
        line, column = self.origins[index]
        return line, column + offset - self.offsets[index]

    def word(self, text: str, offset: int) -> Word:
        line, column = self.position(offset)
        return Word(text, line, column)


def _strip_newline(raw: str) -> str:
    return raw.rstrip("\r\n")


def _is_comment(raw: str) -> bool:
    return _strip_newline(raw).lstrip().startswith("#")


class _Scanner:
    """Splits text into physical lines, each kept with its line ending."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True) if text else []
        # str.splitlines also splits on \r, \v, \f, \x1c-\x1e, \x85 and U+2028/U+2029;
        # BuildKit splits on \n only, so rejoin the pieces.
        merged: list[str] = []
        buffer = ""
        for piece in self.lines:
            buffer += piece
            if piece.endswith("\n"):
                merged.append(buffer)
                buffer = ""
        if buffer:
            merged.append(buffer)
        self.lines = merged
        self.index = 0

    def next(self) -> str | None:
        if self.index >= len(self.lines):
            return None
        line = self.lines[self.index]
        self.index += 1
        return line

    @property
    def line_number(self) -> int:
        return self.index


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.scanner = _Scanner(text)
        self.escape = "\\"
        self.directives: list[Directive] = []
        self.directives_done = False
        self.errors: list[ParseIssue] = []
        self.instructions: list[Instruction] = []
        self._continuation = _continuation_pattern("\\")

    # -- directives ---------------------------------------------------------------

    def _check_directive(self, line: str, number: int) -> None:
        if self.directives_done:
            return
        match = _DIRECTIVE.match(line)
        if match is None or match.group(1).lower() not in _KNOWN_DIRECTIVES:
            self.directives_done = True
            return
        name = match.group(1).lower()
        if any(directive.name == name for directive in self.directives):
            self.errors.append(
                ParseIssue(number, 1, f"parser directive `{name}` is given twice; keep one")
            )
            return
        value = match.group(2)
        self.directives.append(Directive(name, value, number))
        if name == "escape":
            if value not in ("\\", "`"):
                self.errors.append(
                    ParseIssue(number, 1, f"invalid escape character `{value}`; use `\\` or a backtick")
                )
                return
            self.escape = value
            self._continuation = _continuation_pattern(value)

    def _process(self, raw: str, number: int, strip_left: bool) -> tuple[str, int]:
        """Return the line without its ending (and leading blanks) and its first column."""
        line = _strip_newline(raw)
        column = 1
        if strip_left:
            stripped = line.lstrip(" \t")
            column += len(line) - len(stripped)
            line = stripped
        self._check_directive(line, number)
        if _is_comment(line):
            return "", column
        return line, column

    def _trim_continuation(self, line: str) -> tuple[str, bool]:
        match = self._continuation.search(line)
        if match is None:
            return line, True
        return line[: match.start("escape")], False

    # -- main loop ----------------------------------------------------------------

    def parse(self) -> None:
        while True:
            raw = self.scanner.next()
            if raw is None:
                return
            number = self.scanner.line_number
            line, column = self._process(raw, number, strip_left=True)
            start_line = number
            body, at_end = self._trim_continuation(line)
            if at_end and body == "":
                continue
            logical = _LogicalLine()
            logical.append(body, number, column)
            while not at_end:
                raw = self.scanner.next()
                if raw is None:
                    break
                number = self.scanner.line_number
                line, column = self._process(raw, number, strip_left=False)
                if _is_comment(raw):
                    continue
                if not line.strip():
                    continue
                body, at_end = self._trim_continuation(line)
                logical.append(body, number, column)
            self._finish_instruction(logical, start_line)

    def _finish_instruction(self, logical: _LogicalLine, start_line: int) -> None:
        try:
            instruction = _build_instruction(logical, 0, logical.length, self.escape)
        except _NotStringArray:
            line, column = logical.position(0)
            self.errors.append(
                ParseIssue(line, column, "a JSON array in an instruction must hold strings only")
            )
            return
        except _InstructionError as error:
            self.errors.append(ParseIssue(error.line, error.column, error.message))
            return
        if instruction is None:
            return
        heredocs: list[Heredoc] = []
        target = instruction.sub if instruction.sub is not None else instruction
        if target.command in _HEREDOC_COMMANDS and not target.json_form and "<<" in logical.text:
            for name, chomp, expand, descriptor in _heredocs_in(logical.text):
                heredoc = self._read_heredoc(name, chomp, expand, descriptor)
                if heredoc is None:
                    return
                heredocs.append(heredoc)
        span = dict(start_line=start_line, end_line=self.scanner.line_number, heredocs=tuple(heredocs))
        if instruction.sub is not None:
            instruction = replace(instruction, sub=replace(instruction.sub, **span))
        self.instructions.append(replace(instruction, **span))

    def _read_heredoc(self, name: str, chomp: bool, expand: bool, descriptor: int) -> Heredoc | None:
        opening_line = self.scanner.line_number
        body: list[str] = []
        start = opening_line + 1
        while True:
            raw = self.scanner.next()
            if raw is None:
                self.errors.append(
                    ParseIssue(
                        opening_line,
                        1,
                        f"unterminated heredoc `{name}`: no line `{name}` closes it before the end of the file",
                    )
                )
                return None
            candidate = _strip_newline(raw)
            if chomp:
                candidate = candidate.lstrip("\t")
            if candidate == name:
                return Heredoc(
                    name=name,
                    chomp=chomp,
                    expand=expand,
                    file_descriptor=descriptor,
                    body="".join(body),
                    start_line=start,
                    end_line=self.scanner.line_number,
                )
            body.append(raw)


class _InstructionError(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def _heredocs_in(line: str) -> list[tuple[str, bool, bool, int]]:
    found = []
    for word in shell_words_raw(line):
        parsed = heredoc_word(word)
        if parsed is not None:
            found.append(parsed)
    return found


def _build_instruction(logical: _LogicalLine, begin: int, end: int, escape: str) -> Instruction | None:
    """Build the instruction held in `logical.text[begin:end]`."""
    text = logical.text[begin:end]
    stripped = text.strip()
    if not stripped:
        return None
    lead = begin + (len(text) - len(text.lstrip()))
    match = _KEYWORD.match(stripped)
    assert match is not None
    keyword = match.group(0)
    rest_offset = lead + len(keyword)
    after_keyword = logical.text[rest_offset:end]
    gap = _BLANKS.match(after_keyword)
    has_rest = bool(after_keyword) and gap is not None and gap.end() > 0
    flags: list[Flag] = []
    args_offset = end
    args_text = ""
    if has_rest:
        rest_raw = logical.text[rest_offset + gap.end() : end]
        base = rest_offset + gap.end()
        # BuildKit trims the line before splitting off the command.
        rest_raw = rest_raw.rstrip()
        flag_end, flag_items = extract_flags(rest_raw)
        for flag_text, offset in flag_items:
            flags.append(_make_flag(logical, flag_text, base + offset))
        args_text = rest_raw[flag_end:].strip()
        args_offset = base + flag_end + (len(rest_raw[flag_end:]) - len(rest_raw[flag_end:].lstrip()))
    line, column = logical.position(lead)
    command = keyword.upper()
    common = dict(
        keyword=keyword,
        line=line,
        column=column,
        start_line=line,
        end_line=line,
        original=stripped,
        flags=tuple(flags),
    )
    rest_word = logical.word(args_text, args_offset) if args_text else None
    if command == "ONBUILD":
        sub = None
        if args_text:
            sub = _build_instruction(logical, args_offset, args_offset + len(args_text), escape)
        values = sub.values if sub is not None else ()
        if sub is not None and sub.command == "ONBUILD":
            # BuildKit's parser keeps no arguments for a nested ONBUILD.
            values = ("",)
        return Instruction(
            values=values, words=sub.words if sub else (), json_form=sub.json_form if sub else False,
            rest=rest_word, sub=sub, pairs=sub.pairs if sub else (), **common,
        )
    if command in ("ENV", "LABEL"):
        pairs, values = _name_values(logical, args_text, args_offset, command, escape)
        words = tuple(word for pair in pairs for word in (pair.key, pair.value) if word is not None)
        return Instruction(values=values, words=words, json_form=False, rest=rest_word, pairs=pairs, **common)
    if command == "ARG":
        items = parse_words(args_text, escape)
        words = tuple(logical.word(text, args_offset + offset) for text, offset in items)
        pairs = tuple(_arg_pair(word) for word in words)
        return Instruction(
            values=tuple(text for text, _ in items), words=words, json_form=False,
            rest=rest_word, pairs=pairs, **common,
        )
    if command in ("RUN", "CMD", "ENTRYPOINT", "SHELL"):
        return _maybe_json(logical, args_text, args_offset, common, rest_word, to_list=False)
    if command in ("COPY", "ADD", "VOLUME"):
        return _maybe_json(logical, args_text, args_offset, common, rest_word, to_list=True)
    if command in ("EXPOSE", "FROM"):
        items = split_whitespace(args_text, args_offset)
        words = tuple(logical.word(text, offset) for text, offset in items)
        return Instruction(values=tuple(t for t, _ in items), words=words, json_form=False, rest=rest_word, **common)
    if command == "HEALTHCHECK":
        return _healthcheck(logical, args_text, args_offset, common, rest_word)
    if command in ("MAINTAINER", "STOPSIGNAL", "USER", "WORKDIR"):
        words = (rest_word,) if rest_word else ()
        values = (args_text,) if args_text else ()
        return Instruction(values=values, words=words, json_form=False, rest=rest_word, **common)
    # BuildKit's parser keeps an unknown instruction with one empty value; building it fails.
    return Instruction(values=("",), words=(), json_form=False, rest=rest_word, **common)


def _make_flag(logical: _LogicalLine, flag_text: str, offset: int) -> Flag:
    body = flag_text[2:]
    name, sep, value = body.partition("=")
    line, column = logical.position(offset)
    return Flag(name=name.lower(), value=value if sep else None, text=flag_text, line=line, column=column)


def _arg_pair(word: Word) -> KeyValue:
    key, sep, value = word.text.partition("=")
    key_word = Word(key, word.line, word.column)
    if not sep:
        return KeyValue(key_word, None)
    return KeyValue(key_word, Word(value, word.line, word.column + len(key) + 1))


def _name_values(
    logical: _LogicalLine, text: str, offset: int, command: str, escape: str
) -> tuple[tuple[KeyValue, ...], tuple[str, ...]]:
    items = parse_words(text, escape)
    if not items:
        return (), ()
    if "=" not in items[0][0]:
        parts = re.split(r"[\t\v\f\r ]+", text, maxsplit=1)
        if len(parts) < 2:
            line, column = logical.position(offset)
            raise _InstructionError(line, column, f"{command} `{text}` has a name but no value; write `{text}=VALUE`")
        value_offset = offset + len(text) - len(parts[1])
        pair = KeyValue(logical.word(parts[0], offset), logical.word(parts[1], value_offset))
        return (pair,), (parts[0], parts[1])
    pairs = []
    values: list[str] = []
    for word_text, word_offset in items:
        if "=" not in word_text:
            line, column = logical.position(offset + word_offset)
            raise _InstructionError(
                line, column, f"{command} item `{word_text}` has no `=`; write it as `name=value`"
            )
        key, _, value = word_text.partition("=")
        start = offset + word_offset
        pairs.append(KeyValue(logical.word(key, start), logical.word(value, start + len(key) + 1)))
        values.extend((key, value))
    return tuple(pairs), tuple(values)


# A JSON array of strings without escapes, as nearly every exec form is written. It reads
# the same without the `json` module, which costs more to import than a small Dockerfile costs to lint.
_PLAIN_ARRAY = re.compile(r'\[[ \t\n\r]*(?:"[^"\\\x00-\x1f]*"[ \t\n\r]*(?:,[ \t\n\r]*"[^"\\\x00-\x1f]*"[ \t\n\r]*)*)?\]')
_PLAIN_STRING = re.compile(r'"([^"]*)"')


def _json_array(text: str) -> list[str] | None:
    if not text.lstrip().startswith("["):
        return None
    plain = _PLAIN_ARRAY.match(text.lstrip())
    if plain is not None:
        return _PLAIN_STRING.findall(plain.group())
    import json

    # Go's json.Decoder reads the first JSON value and ignores what follows it.
    decoder = json.JSONDecoder(parse_constant=_reject_constant)
    try:
        parsed, _end = decoder.raw_decode(text.lstrip())
    except (ValueError, RecursionError):
        return None
    if not isinstance(parsed, list):
        return None
    if not all(isinstance(item, str) for item in parsed):
        raise _NotStringArray()
    return parsed


def _reject_constant(name: str) -> float:
    # Go's encoding/json has no NaN or Infinity literals.
    raise ValueError(name)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _json_words(logical: _LogicalLine, text: str, offset: int, values: list[str]) -> tuple[Word, ...]:
    words = []
    for value, match in zip(values, _JSON_STRING.finditer(text)):
        words.append(logical.word(value, offset + match.start()))
    return tuple(words)


def _maybe_json(
    logical: _LogicalLine, text: str, offset: int, common: dict, rest_word: Word | None, to_list: bool
) -> Instruction:
    array = _json_array(text) if text else None
    if array is not None:
        words = _json_words(logical, text, offset, array)
        return Instruction(values=tuple(array), words=words, json_form=True, rest=rest_word, **common)
    if to_list:
        items = split_whitespace(text, offset)
        words = tuple(logical.word(t, o) for t, o in items)
        return Instruction(values=tuple(t for t, _ in items), words=words, json_form=False, rest=rest_word, **common)
    values = (text,) if text else ()
    words = (rest_word,) if rest_word else ()
    return Instruction(values=values, words=words, json_form=False, rest=rest_word, **common)


def _healthcheck(logical: _LogicalLine, text: str, offset: int, common: dict, rest_word: Word | None) -> Instruction:
    if not text:
        return Instruction(values=(), words=(), json_form=False, rest=None, **common)
    match = re.match(r"\S+", text)
    assert match is not None
    kind = match.group(0)
    after = text[match.end():]
    command_text = after.lstrip()
    command_offset = offset + match.end() + (len(after) - len(command_text))
    kind_word = logical.word(kind, offset)
    inner = _maybe_json(logical, command_text, command_offset, common, None, to_list=False) if command_text else None
    values = (kind,) + (inner.values if inner else ())
    words = (kind_word,) + (inner.words if inner else ())
    json_form = inner.json_form if inner else False
    return Instruction(values=values, words=words, json_form=json_form, rest=rest_word, **common)


def _stages(instructions: list[Instruction], errors: list[ParseIssue]) -> tuple[tuple[Instruction, ...], tuple[Stage, ...]]:
    global_args: list[Instruction] = []
    stages: list[Stage] = []
    current: Instruction | None = None
    body: list[Instruction] = []

    def close() -> None:
        if current is None:
            return
        words = current.words
        base = words[0] if words else None
        name_word = None
        if len(words) >= 3 and words[1].text.lower() == "as":
            name_word = words[2]
        elif len(words) not in (1, 3) or (len(words) == 3 and words[1].text.lower() != "as"):
            errors.append(
                ParseIssue(
                    current.line,
                    current.column,
                    "FROM takes an image and optionally `AS name`: `FROM image [AS name]`",
                )
            )
        stages.append(
            Stage(
                index=len(stages),
                name=name_word.text if name_word else None,
                name_word=name_word,
                base=base,
                from_instruction=current,
                instructions=tuple(body),
            )
        )

    for instruction in instructions:
        command = instruction.command
        if command not in _KNOWN_INSTRUCTIONS:
            errors.append(
                ParseIssue(
                    instruction.line,
                    instruction.column,
                    f"unknown instruction `{instruction.keyword}`; check the spelling",
                )
            )
            continue
        if command == "FROM":
            close()
            current = instruction
            body = []
            continue
        if current is None:
            if command == "ARG":
                global_args.append(instruction)
            else:
                errors.append(
                    ParseIssue(
                        instruction.line,
                        instruction.column,
                        f"`{instruction.keyword}` comes before the first FROM; only ARG may precede FROM",
                    )
                )
            continue
        body.append(instruction)
    close()
    return tuple(global_args), tuple(stages)


def parse_dockerfile(text: str, path: str = "Dockerfile") -> Dockerfile:
    """Parse decoded Dockerfile text; a leading byte order mark is dropped, as BuildKit does."""
    if text.startswith("\ufeff"):
        text = text[1:]
    parser = _Parser(text, path)
    parser.parse()
    errors = list(parser.errors)
    global_args, stages = _stages(parser.instructions, errors)
    if not stages and not errors:
        errors.append(ParseIssue(1, 1, "no FROM instruction; a Dockerfile must start a stage with FROM"))
    return Dockerfile(
        path=path,
        directives=tuple(parser.directives),
        escape=parser.escape,
        instructions=tuple(parser.instructions),
        global_args=global_args,
        stages=stages,
        errors=tuple(sorted(errors, key=lambda issue: (issue.line, issue.column))),
    )

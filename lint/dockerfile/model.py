"""The parsed Dockerfile: immutable data with a position for everything a rule points at."""

from __future__ import annotations

from dlint.records import field, record


@record(frozen=True)
class Word:
    """A piece of an instruction as written (quotes kept) and where it starts."""

    text: str
    line: int
    column: int


@record(frozen=True)
class Flag:
    """A builder flag such as `--from=builder`; `text` is the flag as BuildKit reports it."""

    name: str
    value: str | None
    text: str
    line: int
    column: int


@record(frozen=True)
class Heredoc:
    name: str
    chomp: bool
    expand: bool
    file_descriptor: int
    body: str
    start_line: int
    end_line: int


@record(frozen=True)
class KeyValue:
    """One `key=value` pair of ENV, LABEL or ARG; `value` is None for a bare ARG name."""

    key: Word
    value: Word | None


@record(frozen=True)
class Directive:
    name: str
    value: str
    line: int


@record(frozen=True)
class ParseIssue:
    line: int
    column: int
    message: str


@record(frozen=True)
class Instruction:
    """One instruction; a logical line joined from its continuation lines, plus heredoc bodies.

    `values` are the arguments exactly as BuildKit's parser splits them (quotes kept in
    shell form, decoded strings in JSON form). `words` carry positions: the whitespace
    separated words for most instructions, one word for the whole rest of the line for
    shell-form commands, and one word per element for the JSON form.
    """

    keyword: str
    line: int
    column: int
    start_line: int
    end_line: int
    original: str
    flags: tuple[Flag, ...]
    values: tuple[str, ...]
    words: tuple[Word, ...]
    json_form: bool
    rest: Word | None
    pairs: tuple[KeyValue, ...] = ()
    heredocs: tuple[Heredoc, ...] = ()
    sub: Instruction | None = None

    @property
    def command(self) -> str:
        return self.keyword.upper()

    @property
    def flag_texts(self) -> tuple[str, ...]:
        return tuple(flag.text for flag in self.flags)

    def flag(self, name: str) -> Flag | None:
        """Return the last flag called `name` (BuildKit lets a repeated flag override)."""
        found = None
        for candidate in self.flags:
            if candidate.name == name:
                found = candidate
        return found


@record(frozen=True)
class Stage:
    """A FROM instruction and the instructions up to the next FROM."""

    index: int
    name: str | None
    name_word: Word | None
    base: Word | None
    from_instruction: Instruction
    instructions: tuple[Instruction, ...]

    @property
    def label(self) -> str:
        return self.name if self.name else f"#{self.index}"


@record(frozen=True)
class Dockerfile:
    path: str
    directives: tuple[Directive, ...]
    escape: str
    instructions: tuple[Instruction, ...]
    global_args: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    errors: tuple[ParseIssue, ...] = field(default=())

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_by_name(self, name: str) -> Stage | None:
        """Find a stage by name (case-insensitive, as BuildKit matches them) or by index."""
        lowered = name.lower()
        for stage in self.stages:
            if stage.name is not None and stage.name.lower() == lowered:
                return stage
        if name.isdigit() and int(name) < len(self.stages):
            return self.stages[int(name)]
        return None

"""Inline suppressions: `# dlint ignore=...` comments, what they cover, and findings about them.

A comment whose text starts with `dlint` is a suppression:

    # dlint ignore=DF003,DF006 until=2025-06-30 -- why this is acceptable
    # dlint ignore-file=DF009 -- why this is acceptable

In a Dockerfile, `ignore=` covers the instruction directly below it (only comment lines
may lie between). In a Compose file it covers the key on the next line, or the key on
its own line when written at the end of that line, and everything nested under that key.
`ignore-file=` covers the whole file wherever it is written.

The comments are read from the source text: BuildKit drops comments and YAML events
carry none. In Compose files PyYAML's scanner marks where scalars are, so a `#` inside
a quoted string or a block scalar is not taken for a comment.
"""

from __future__ import annotations

import datetime
import os
import re
from typing import TYPE_CHECKING, Iterable, Mapping

from dlint.findings import Finding, Severity
from dlint.records import field, record, replace

if TYPE_CHECKING:
    from dlint.discovery import Discovered
    from dlint.project import Project

SUPPRESSION_FINDINGS: dict[str, tuple[str, Severity, str]] = {
    "S001": ("invalid-suppression", Severity.ERROR, "a suppression comment is malformed, misplaced, has no reason or names an unsuppressible rule"),
    "S002": ("unknown-suppressed-rule", Severity.ERROR, "a suppression comment names a rule that does not exist"),
    "S003": ("unused-suppression", Severity.WARNING, "a suppression comment silenced no finding of a rule that ran"),
    "S004": ("expired-suppression", Severity.WARNING, "a suppression comment is past its `until` date, so it silences nothing"),
}

_DIRECTIVE = re.compile(r"^[ \t]*dlint(?![A-Za-z0-9_-])")
_DOCKERFILE_COMMENT = re.compile(r"^([ \t]*)#(.*)$")
_COMPOSE_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#([ \t]*dlint(?![A-Za-z0-9_-]).*)$", re.MULTILINE)
_WORD = re.compile(r"\S+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_USAGE = "write `# dlint ignore=ID[,ID...] [until=YYYY-MM-DD] -- reason`"


@record(frozen=True)
class Settings:
    """What the configuration decides about suppressions, and the date they expire against."""

    require_reason: bool = True
    unsuppressible: frozenset[str] = frozenset()
    today: datetime.date = field(default_factory=datetime.date.today)


@record(frozen=True)
class Comment:
    line: int
    column: int  # of the `#`
    body: str  # the text after `#`
    trailing: bool = False  # written after a key or value on the same line


@record(frozen=True)
class Suppression:
    """A well-formed suppression; `first_line`..`last_line` is what it covers unless `whole_file`."""

    path: str
    line: int
    column: int
    rules: tuple[str, ...]
    rule_columns: tuple[int, ...]
    whole_file: bool
    first_line: int
    last_line: int
    reason: str | None
    until: datetime.date | None

    def expired(self, today: datetime.date) -> bool:
        """Return whether the `until` day has passed; a suppression still applies on that day."""
        return self.until is not None and today > self.until

    def covers(self, finding: Finding) -> bool:
        if finding.path != self.path or finding.rule not in self.rules:
            return False
        return self.whole_file or self.first_line <= finding.line <= self.last_line

    @property
    def scope(self) -> str:
        if self.whole_file:
            return "file"
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}-{self.last_line}"


@record(frozen=True)
class FileSuppressions:
    suppressions: tuple[Suppression, ...] = ()
    problems: tuple[Finding, ...] = ()


def problem(path: str, line: int, column: int, rule: str, message: str) -> Finding:
    name, severity, _summary = SUPPRESSION_FINDINGS[rule]
    return Finding(path, line, column, rule, name, severity, message)


# -- reading one comment ---------------------------------------------------------------


@record(frozen=True)
class _Parsed:
    whole_file: bool
    ids: tuple[tuple[str, int], ...]  # as written, with the column of each
    until: datetime.date | None
    reason: str | None


class _Malformed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _split_reason(body: str) -> tuple[str, str | None]:
    """Split `ignore=... -- reason` at the first `--` that is a word of its own."""
    match = re.search(r"(?:^|[ \t])--(?:[ \t]|$)", body)
    if match is None:
        return body, None
    return body[: match.start()], body[match.end():].strip()


def parse_comment(comment: Comment) -> _Parsed:
    """Read a `dlint` comment; raises _Malformed with a message for the user."""
    head, reason = _split_reason(comment.body)
    words = [(match.group(0), match.start()) for match in _WORD.finditer(head)]
    if not words or words[0][0] != "dlint":
        raise _Malformed(f"a suppression starts with `dlint` and a space; {_USAGE}")
    words = words[1:]
    ids: list[tuple[str, int]] = []
    kind: str | None = None
    until: datetime.date | None = None
    for word, offset in words:
        key, equals, value = word.partition("=")
        value_column = comment.column + 1 + offset + len(key) + 1
        if not equals or key not in ("ignore", "ignore-file", "until"):
            raise _Malformed(f"unexpected `{word}` in suppression; {_USAGE}")
        if key == "until":
            if until is not None:
                raise _Malformed(f"suppression gives `until` twice; {_USAGE}")
            until = _parse_date(value)
            continue
        if kind is not None:
            raise _Malformed(f"suppression gives `{key}=` after `{kind}=`; write one list of rule ids")
        kind = key
        ids = _split_ids(value, value_column)
    if kind is None:
        raise _Malformed(f"suppression names no rule; {_USAGE}")
    return _Parsed(kind == "ignore-file", tuple(ids), until, reason or None)


def _parse_date(value: str) -> datetime.date:
    if not _DATE.match(value):
        raise _Malformed(f"`until={value}` is not a date; expected `until=YYYY-MM-DD`")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _Malformed(f"`until={value}` is not a valid calendar date") from None


def _split_ids(value: str, column: int) -> list[tuple[str, int]]:
    ids = []
    offset = 0
    for part in value.split(","):
        if not part:
            raise _Malformed(f"empty rule id in `{value}`; separate ids with single commas")
        ids.append((part, column + offset))
        offset += len(part) + 1
    return ids


# -- finding comments and what they cover -------------------------------------------------


Span = tuple[int, int]


def _dockerfile_lines(text: str) -> list[str]:
    # BuildKit splits lines on `\n` only; a trailing `\r` belongs to the line ending.
    return [line.rstrip("\r") for line in text.split("\n")]


def dockerfile_comments(text: str) -> tuple[list[Comment], list[Span], set[int]]:
    """Find the `dlint` comments of a Dockerfile, the instruction spans and the instruction start lines."""
    from dlint.dockerfile.parser import parse_dockerfile

    lines = _dockerfile_lines(text)
    parsed = parse_dockerfile(text)
    spans: list[Span] = []
    bodies: set[int] = set()
    for instruction in parsed.instructions:
        spans.append((instruction.start_line, instruction.end_line))
        for heredoc in instruction.heredocs:
            bodies.update(range(heredoc.start_line, heredoc.end_line + 1))
    comments = []
    for number, line in enumerate(lines, start=1):
        match = _DOCKERFILE_COMMENT.match(line)
        if match is None or number in bodies or not _DIRECTIVE.match(match.group(2)):
            continue
        comments.append(Comment(number, len(match.group(1)) + 1, match.group(2)))
    return comments, spans, {start for start, _end in spans}


def _dockerfile_target(comment: Comment, lines: list[str], spans: list[Span], starts: set[int]) -> Span | None:
    for start, end in spans:
        if start <= comment.line <= end:
            return start, end  # a comment inside a continued instruction covers that instruction
    number = comment.line + 1
    while number <= len(lines) and lines[number - 1].lstrip().startswith("#"):
        number += 1
    if number in starts:
        return next(span for span in spans if span[0] == number)
    return None


def _scalar_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
    """Return where each scalar starts and ends, as (line, column) pairs, or None for invalid YAML."""
    from dlint.compose.loader import pyyaml

    yaml, loader = pyyaml()
    spans = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark, token.end_mark
                spans.append(((start.line + 1, start.column + 1), (end.line + 1, end.column + 1)))
    except yaml.YAMLError:
        return None
    return spans


def compose_comments(text: str) -> list[Comment]:
    """Find the `dlint` comments of a YAML text, skipping `#` inside quoted and block scalars."""
    candidates = list(_COMPOSE_COMMENT.finditer(text))
    if not candidates:
        return []
    spans = _scalar_spans(text)
    if spans is None:
        return []
    comments = []
    for match in candidates:
        line = text.count("\n", 0, match.start()) + 1
        line_start = text.rfind("\n", 0, match.start()) + 1
        column = match.start() - line_start + 1
        position = (line, column)
        if any(start <= position < end for start, end in spans):
            continue
        trailing = text[line_start:match.start()].strip() != ""
        comments.append(Comment(line, column, match.group(1), trailing))
    return comments


def compose_key_spans(text: str, path: str) -> dict[int, Span]:
    """For each line where a key starts: the lines of that key and everything nested under it.

    A key's subtree ends before the next key that starts at the same or a smaller column.
    """
    from dlint.compose.loader import YamlError, load_yaml
    from dlint.compose.nodes import Mapping as MappingNode
    from dlint.compose.nodes import Sequence as SequenceNode

    try:
        root = load_yaml(text, path)
    except YamlError:
        return {}
    keys: set[tuple[int, int]] = set()
    seen: set[int] = set()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.entries:
                keys.add((key.line, key.column))
                pending.append(value)
        elif isinstance(node, SequenceNode):
            pending.extend(node.items)
    last_line = max(1, len(text.split("\n")) - (1 if text.endswith("\n") else 0))
    ends: dict[tuple[int, int], int] = {}
    open_keys: list[tuple[int, int]] = []
    for key in sorted(keys):
        while open_keys and open_keys[-1][1] >= key[1] and open_keys[-1][0] < key[0]:
            ends[open_keys.pop()] = key[0] - 1
        open_keys.append(key)
    for key in open_keys:
        ends[key] = last_line
    spans: dict[int, Span] = {}
    for line, column in sorted(keys, key=lambda key: (key[0], key[1])):
        spans.setdefault(line, (line, max(line, ends[(line, column)])))
    return spans


def _compose_target(comment: Comment, lines: list[str], keys: Mapping[int, Span]) -> Span | None:
    if comment.trailing:
        return keys.get(comment.line, (comment.line, comment.line))
    number = comment.line + 1
    while number <= len(lines) and lines[number - 1].lstrip().startswith("#"):
        number += 1
    if number > len(lines) or not lines[number - 1].strip():
        return None
    return keys.get(number, (number, number))


# -- one file -------------------------------------------------------------------------------


def _resolve_ids(
    parsed: _Parsed, comment: Comment, path: str, rule_ids: Mapping[str, str], settings: Settings,
) -> tuple[list[tuple[str, int]], list[Finding]]:
    found: list[tuple[str, int]] = []
    problems: list[Finding] = []
    for written, column in parsed.ids:
        rule_id = rule_ids.get(written) or rule_ids.get(written.upper()) or rule_ids.get(written.lower())
        if rule_id is None:
            problems.append(problem(path, comment.line, column, "S002", f"`{written}` is not a rule a comment can suppress; run `dlint rules` to list the rules"))
        elif rule_id in settings.unsuppressible:
            problems.append(problem(path, comment.line, column, "S001", f"`{rule_id}` cannot be suppressed inline: the configuration lists it as unsuppressible"))
        elif rule_id not in (rule for rule, _ in found):
            found.append((rule_id, column))
    return found, problems


def read_suppressions(
    path: str, text: str, kind: str, rule_ids: Mapping[str, str], settings: Settings,
) -> FileSuppressions:
    """Read the suppressions written in one file and the problems with them (S001, S002).

    `kind` is `dockerfile` or `compose`. `rule_ids` maps every id and name a comment
    may use to its rule id.
    """
    if "dlint" not in text:
        return FileSuppressions()
    if kind == "compose":
        text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        comments = compose_comments(text)
        keys = compose_key_spans(text, path) if comments else {}
    else:
        lines = _dockerfile_lines(text)
        comments, spans, starts = dockerfile_comments(text)
    suppressions: list[Suppression] = []
    problems: list[Finding] = []
    for comment in comments:
        try:
            parsed = parse_comment(comment)
        except _Malformed as error:
            problems.append(problem(path, comment.line, comment.column, "S001", error.message))
            continue
        if parsed.reason is None and settings.require_reason:
            problems.append(problem(path, comment.line, comment.column, "S001", "suppression gives no reason; add `-- <why>` after the rule ids"))
            continue
        if parsed.whole_file:
            target: Span | None = (1, len(lines))
        elif kind == "compose":
            target = _compose_target(comment, lines, keys)
        else:
            target = _dockerfile_target(comment, lines, spans, starts)
        if target is None:
            where = "a key" if kind == "compose" else "an instruction"
            problems.append(problem(path, comment.line, comment.column, "S001", f"suppression is not directly above {where}; move it there or use `ignore-file=`"))
            continue
        found, id_problems = _resolve_ids(parsed, comment, path, rule_ids, settings)
        problems.extend(id_problems)
        if not found:
            continue
        suppressions.append(
            Suppression(
                path, comment.line, comment.column, tuple(rule for rule, _ in found),
                tuple(column for _, column in found), parsed.whole_file, target[0], target[1],
                parsed.reason, parsed.until,
            )
        )
    return FileSuppressions(tuple(suppressions), tuple(problems))


def kind_of_path(path: str) -> str:
    return "compose" if path.lower().endswith((".yaml", ".yml")) else "dockerfile"


def read_file_suppressions(
    path: str, display: str, kind: str, rule_ids: Mapping[str, str], settings: Settings,
) -> FileSuppressions:
    """Read a file and its suppressions; an unreadable file has none (it is reported as E002)."""
    from dlint.sources import Source, read_source

    source = read_source(path, display, recorded=False)
    if not isinstance(source, Source):
        return FileSuppressions()
    return read_suppressions(display, source.text, kind, rule_ids, settings)


# -- applying them --------------------------------------------------------------------------


def _with_note(finding: Finding, expired: Suppression) -> Finding:
    note = f" (its suppression at line {expired.line} expired on {expired.until})"
    return replace(finding, message=finding.message + note)


def apply_suppressions(
    findings: Iterable[Finding],
    files: Mapping[str, FileSuppressions],
    ran: Iterable[str],
    linted: Iterable[str],
    today: datetime.date,
) -> list[Finding]:
    """Drop the findings that an active suppression covers and add S001 to S004.

    `files` maps a path as reported to its suppressions. `ran` are the ids of the rules
    that ran, because a suppression of a rule that did not run is not unused. Findings
    about suppressions are reported only for `linted` files.
    """
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        entries = files.get(finding.path)
        covering = [item for item in entries.suppressions if item.covers(finding)] if entries else []
        active = [item for item in covering if not item.expired(today)]
        for item in active:
            used.add((id(item), finding.rule))
        if active:
            continue
        kept.append(_with_note(finding, covering[0]) if covering else finding)
    ran_ids = set(ran)
    for path in sorted(set(linted)):
        entries = files.get(path)
        if entries is None:
            continue
        kept.extend(entries.problems)
        for item in entries.suppressions:
            kept.extend(_unused_or_expired(item, used, ran_ids, today))
    return sorted(kept, key=Finding.sort_key)


def _unused_or_expired(item: Suppression, used: set[tuple[int, str]], ran: set[str], today: datetime.date) -> list[Finding]:
    if item.expired(today):
        rules = ", ".join(f"`{rule}`" for rule in item.rules)
        return [problem(item.path, item.line, item.column, "S004", f"suppression of {rules} expired on `{item.until}`; fix the finding or set a later `until`")]
    return [
        problem(item.path, item.line, column, "S003", f"suppression of `{rule}` silenced nothing; remove it")
        for rule, column in zip(item.rules, item.rule_columns)
        if rule in ran and (id(item), rule) not in used
    ]


def display_sources(project: Project, discovered: Iterable[Discovered]) -> dict[str, tuple[str, str]]:
    """Map each path as reported to (path on disk, kind) for the files a run read."""
    sources: dict[str, tuple[str, str]] = {}
    for item in discovered:
        sources[item.display] = (item.path, item.kind)
    for unit in project.dockerfiles:
        if "#" not in unit.display:  # a Dockerfile written inline in a Compose file has no text of its own
            sources.setdefault(unit.display, (unit.path, "dockerfile"))
    for compose in project.composes:
        sources.setdefault(compose.display, (compose.path, "compose"))
    return sources


def source_for(path: str, sources: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    if path in sources:
        return sources[path]
    if "#" not in path and os.path.isfile(path):
        return path, kind_of_path(path)
    return None

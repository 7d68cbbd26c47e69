"""DF009 runtime-copies-artifacts-only: the final stage takes built artifacts, not the build context."""

from __future__ import annotations

import posixpath
from typing import Iterator

from dlint.dockerfile.expand import expand_word
from dlint.dockerfile.image import StageView
from dlint.dockerfile.model import Instruction, Word
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit, Target
from dlint.rules._util import at_word, stage_label, targets
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

# Sources that mean the whole context once normalized: `.`, `./`, `/`, `*`, `./*`.
_WHOLE_CONTEXT = frozenset({"", ".", "*"})


def _sources(instruction: Instruction) -> list[Word]:
    words = list(instruction.words)
    return [word for word in words[:-1] if not word.text.startswith("<<")] if len(words) > 1 else []


def is_whole_context(source: str) -> bool:
    normalized = posixpath.normpath("/" + source.replace("\\", "/")).lstrip("/")
    return normalized in _WHOLE_CONTEXT


def _context_copies(target: Target) -> Iterator[tuple[StageView, int, Instruction]]:
    """Yield the COPY and ADD instructions of the target's chain that read the build context (no `--from`)."""
    for view in target.image_state().chain:
        for position, instruction in enumerate(view.stage.instructions):
            if instruction.command in ("COPY", "ADD") and instruction.flag("from") is None:
                yield view, position, instruction


def _check_source(unit: DockerfileUnit, view: StageView, position: int, instruction: Instruction, word: Word, where: str) -> Hit | None:
    command = instruction.command
    expected = (
        "expected only artifacts from an earlier stage, such as "
        "`COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors`"
    )
    if instruction.json_form:
        value: str | None = word.text
    else:
        expansion = expand_word(word.text, view.scopes[position].lookup, unit.dockerfile.escape)
        value = expansion.value
        if value is None:
            reason = expansion.reasons[0] if expansion.reasons else "its value is not known before the build"
            return at_word(unit, word, f"{command} source `{word.text}` in {where} cannot be verified: {reason}; {expected}")
    # A source that expands to nothing names no path to judge, so BuildKit decides what it means.
    if not value or "://" in value or not is_whole_context(value):
        return None
    described = f"`{word.text}`" if word.text == value else f"`{word.text}` (resolves to `{value}`)"
    return at_word(unit, word, f"{command} {described} in {where} copies the whole build context; {expected}")


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    for target in targets(unit, context):
        where = stage_label(target)
        for view, position, instruction in _context_copies(target):
            for word in _sources(instruction):
                hit = _check_source(unit, view, position, instruction, word, where)
                if hit is not None:
                    yield hit


RULE = Rule(
    id="DF009",
    name="runtime-copies-artifacts-only",
    severity=Severity.WARNING,
    scope=Scope.DOCKERFILE,
    summary="the final stage does not COPY or ADD the whole build context",
    check=check,
    docs=RuleDocs(
        checks=(
            "The final stage, with the stages it is built on through `FROM <stage>` (not the stages it copies "
            "from), has no `COPY` or `ADD` of the whole build context: `.`, `./`, `/`, `*` and their spellings. "
            "It takes its artifacts from an earlier stage with `COPY --from=<stage>`."
        ),
        why=(
            "Copying the context into the runtime image ships the sources, the build files and whatever else "
            "sits in the folder, often secrets that `.dockerignore` forgot. The image grows and every change to "
            "any file invalidates the layer."
        ),
        noncompliant=(
            "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
            "FROM debian:bookworm-slim\nCOPY . /app\n"
        ),
        compliant=(
            "FROM rust:1.85-slim AS builder\nCOPY . /src\nRUN cargo build --release\n"
            "FROM debian:bookworm-slim\n"
            "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n"
        ),
    ),
)

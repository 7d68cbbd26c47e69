"""Small helpers the rules share: turning words and nodes into hits, reading ports and users."""

from __future__ import annotations

import re
from typing import Iterable

from dlint.compose.nodes import Node
from dlint.dockerfile.image import Resolved
from dlint.dockerfile.model import Instruction, Word
from dlint.project import CheckContext, ComposeUnit, DockerfileUnit, Target
from dlint.records import record
from dlint.rules.base import Hit


def at_word(unit: DockerfileUnit, word: Word, message: str) -> Hit:
    return Hit(unit.display, word.line, word.column, message)


def at_instruction(unit: DockerfileUnit, instruction: Instruction, message: str) -> Hit:
    return Hit(unit.display, instruction.line, instruction.column, message)


def at_node(compose: ComposeUnit, node: Node, message: str) -> Hit:
    """Point at a YAML node; the node's own file wins, so merged values point where they were written."""
    return Hit(node.mark.path or compose.display, node.line, node.column, message)


def targets(unit: DockerfileUnit, context: CheckContext) -> Iterable[Target]:
    return context.project.targets(unit)


def stage_label(target: Target) -> str:
    """Describe the stage in messages: `final stage` or `stage `x` (build target of `app`)`."""
    if target.via is None:
        return "the final stage"
    return f"stage `{target.stage.label}` (build target of service `{target.via}`)"


def unresolved_reason(resolved: Resolved) -> str:
    reasons = resolved.expansion.reasons
    return reasons[0] if reasons else "its value is not known before the build"


@record(frozen=True)
class ExposedPort:
    start: int
    end: int
    protocol: str

    @property
    def is_range(self) -> bool:
        return self.start != self.end


_EXPOSE = re.compile(r"^(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?$")


def parse_exposed(text: str) -> ExposedPort | None:
    match = _EXPOSE.match(text)
    if match is None:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else start
    return ExposedPort(start, end, (match.group(3) or "tcp").lower())


def split_user(text: str) -> tuple[str, str | None]:
    user, sep, group = text.partition(":")
    return user, (group if sep else None)


def starts_with_prefix(name: str, prefix: str) -> bool:
    return name.startswith(prefix)

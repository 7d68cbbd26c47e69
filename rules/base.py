"""What a rule is: metadata, docs and one check function that yields hits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from dlint.findings import Severity

if TYPE_CHECKING:
    from dlint.project import CheckContext


class Scope(str, enum.Enum):
    """Which unit a rule's check receives."""

    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    PROJECT = "project"


@dataclass(frozen=True)
class Hit:
    """A breach found by a rule; the engine turns it into a Finding with id and severity."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class RuleDocs:
    """The fixed parts of a rule's documentation."""

    checks: str
    why: str
    noncompliant: str
    compliant: str
    example_file: str = "Dockerfile"
    # Rules across both files show the Compose file that goes with each Dockerfile example.
    noncompliant_compose: str | None = None
    compliant_compose: str | None = None
    # Other files the compliant example needs beside its two, as (name, text) pairs.
    compliant_files: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    scope: Scope
    summary: str
    check: Callable[[Any, "CheckContext"], Iterable[Hit]]
    docs: RuleDocs
    parameters: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)

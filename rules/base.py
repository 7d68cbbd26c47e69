"""The rule type: metadata, docs and one check function that yields hits."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from dlint.findings import Severity
from dlint.records import field, record

if TYPE_CHECKING:
    from dlint.project import CheckContext


class Scope(str, enum.Enum):
    """The unit a rule's check receives."""

    DOCKERFILE = "dockerfile"
    COMPOSE = "compose"
    PROJECT = "project"


@record(frozen=True)
class Hit:
    """A breach found by a rule; the engine turns it into a Finding with id and severity."""

    path: str
    line: int
    column: int
    message: str


@record(frozen=True)
class RuleDocs:
    """The fixed parts of a rule's documentation.

    `options` describes each key of the rule's `options` in one line. `files` are other
    files written beside both examples and linted with them, for rules that read a second
    file, such as a check across the Dockerfile and the Compose file.
    """

    checks: str
    why: str
    noncompliant: str
    compliant: str
    example_file: str = "Dockerfile"
    options: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)
    # Rules across both files show the Compose file that goes with each Dockerfile example.
    noncompliant_compose: str | None = None
    compliant_compose: str | None = None
    # Other files the compliant example needs beside its two, as (name, text) pairs.
    compliant_files: tuple[tuple[str, str], ...] = ()

    def example_files(self, compliant: bool) -> dict[str, str]:
        """Collect every file of one example, by name: the shared files, the example, its Compose side."""
        files = dict(self.files)
        files[self.example_file] = self.compliant if compliant else self.noncompliant
        compose = self.compliant_compose if compliant else self.noncompliant_compose
        if compose is not None:
            files["compose.yaml"] = compose
        if compliant:
            files.update(dict(self.compliant_files))
        return files


@record(frozen=True)
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
    # JSON schema of each option's value; an option missing here gets a schema derived
    # from its default's type (see dlint.config.option_schema).
    option_schema: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

"""The finding: one breach of the policy at one place in one file."""

from __future__ import annotations

import enum

from dlint.records import record


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@record(frozen=True)
class Location:
    """A place in a file: path as reported, 1-based line and column."""

    path: str
    line: int
    column: int


@record(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    name: str
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

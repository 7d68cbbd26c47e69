"""YAML nodes that remember the file, line and column they were written at."""

from __future__ import annotations

import re
from typing import Iterator

from dlint.records import field, record

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


@record(frozen=True)
class Mark:
    path: str
    line: int
    column: int


@record(eq=False)
class Node:
    mark: Mark
    tag: str | None = field(default=None, kw_only=True)

    @property
    def line(self) -> int:
        return self.mark.line

    @property
    def column(self) -> int:
        return self.mark.column

    @property
    def kind(self) -> str:
        raise NotImplementedError


@record(eq=False)
class Scalar(Node):
    """A scalar with its source text; YAML 1.2 core schema types, as Compose's Go parser reads them."""

    text: str
    plain: bool = True
    # Set on a scalar whose text was interpolated: the text as written in the file.
    raw: str | None = field(default=None, kw_only=True)
    # Variables the interpolation could not resolve; the text then stays as written.
    unresolved: tuple[str, ...] = field(default=(), kw_only=True)

    @property
    def kind(self) -> str:
        if self.raw is not None:
            # An interpolated value is a string; Compose casts it only where a field needs another type.
            return "str"
        if self.tag is not None and self.tag.startswith("tag:yaml.org,2002:"):
            return self.tag.rsplit(":", 1)[1]
        if not self.plain:
            return "str"
        if _NULL.match(self.text):
            return "null"
        if _BOOL.match(self.text):
            return "bool"
        if _INT.match(self.text):
            return "int"
        if _FLOAT.match(self.text):
            return "float"
        return "str"

    @property
    def is_null(self) -> bool:
        return self.kind == "null"

    @property
    def source(self) -> str:
        """The text as written in the file, before interpolation."""
        return self.text if self.raw is None else self.raw

    @property
    def resolved(self) -> bool:
        """False when a variable in the written text could not be resolved."""
        return not self.unresolved

    @property
    def boolean(self) -> bool | None:
        if self.kind != "bool":
            return None
        return self.text.lower() == "true"


@record(eq=False)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "seq"

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@record(eq=False)
class Mapping(Node):
    """A mapping in source order; keys are scalars (Compose keys always are)."""

    entries: list[tuple[Scalar, Node]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "map"

    def get(self, key: str) -> Node | None:
        for entry_key, value in self.entries:
            if entry_key.text == key:
                return value
        return None

    def key_node(self, key: str) -> Scalar | None:
        for entry_key, _ in self.entries:
            if entry_key.text == key:
                return entry_key
        return None

    def keys(self) -> list[str]:
        return [key.text for key, _ in self.entries]

    def __contains__(self, key: object) -> bool:
        return any(entry_key.text == key for entry_key, _ in self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def describe(node: Node | None) -> str:
    """Name a node's type in the words a YAML author uses."""
    if node is None:
        return "nothing"
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    assert isinstance(node, Scalar)
    return {"null": "null", "bool": "a boolean", "int": "a number", "float": "a number"}.get(node.kind, "a string")

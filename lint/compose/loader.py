"""Safe YAML loading with positions, built from PyYAML's event stream.

Building nodes from events (instead of PyYAML's composer and constructor) means:

* nothing is ever constructed from a tag, so `!!python/object` cannot run code;
* nesting depth is checked while reading, so deep input is an error, not a RecursionError;
* aliases are shared, never copied, and their expanded size is counted against a budget,
  so a few hundred bytes cannot expand to millions of nodes;
* a key given twice in one mapping is an error at its second occurrence, as in Compose;
* merge keys (`<<`) are resolved here with the YAML rule that keys of the mapping itself
  win over merged ones and earlier merged mappings win over later ones, so the result
  does not depend on the installed PyYAML version;
* scalars keep their source text, so `2222:22` stays a string and `yes` is not a boolean.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from dlint.compose.nodes import Mapping, Mark, Node, Scalar, Sequence
from dlint.records import record

if TYPE_CHECKING:
    import yaml
else:
    # PyYAML is imported by the first load, so a run over Dockerfiles alone does not pay for it.
    yaml = None
_Loader: Any = None

MAX_DEPTH = 200
MAX_EXPANDED_NODES = 1_000_000
COMPOSE_TAGS = frozenset({"!reset", "!override"})
_STANDARD_TAG = "tag:yaml.org,2002:"
_STANDARD_TYPES = frozenset({"str", "int", "float", "bool", "null", "map", "seq", "merge", "binary", "timestamp"})


@record(frozen=True)
class YamlError(Exception):
    line: int
    column: int
    message: str


class _Builder:
    def __init__(self, path: str) -> None:
        self.path = path
        self.anchors: dict[str, Node] = {}
        self.sizes: dict[int, int] = {}
        self.depth = 0

    def mark(self, event: yaml.Event) -> Mark:
        return Mark(self.path, event.start_mark.line + 1, event.start_mark.column + 1)

    def check_tag(self, event: yaml.Event) -> str | None:
        tag = getattr(event, "tag", None)
        if tag is None or tag in ("!", "?"):
            return None
        if tag in COMPOSE_TAGS:
            return tag
        if tag.startswith(_STANDARD_TAG) and tag[len(_STANDARD_TAG):] in _STANDARD_TYPES:
            return tag
        mark = self.mark(event)
        raise YamlError(mark.line, mark.column, f"unsupported YAML tag `{tag}`; Compose files use plain YAML types")

    def build(self, events: "EventStream", event: yaml.Event) -> Node:
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is None:
                mark = self.mark(event)
                raise YamlError(mark.line, mark.column, f"alias `*{event.anchor}` refers to no anchor defined before it")
            return target
        tag = self.check_tag(event)
        if isinstance(event, yaml.ScalarEvent):
            node: Node = Scalar(self.mark(event), event.value, plain=not event.style, tag=tag)
            self.sizes[id(node)] = 1
        elif isinstance(event, yaml.SequenceStartEvent):
            node = self.sequence(events, event, tag)
        elif isinstance(event, yaml.MappingStartEvent):
            node = self.mapping(events, event, tag)
        else:  # pragma: no cover - the parser emits no other node events
            mark = self.mark(event)
            raise YamlError(mark.line, mark.column, f"unexpected YAML event {type(event).__name__}")
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.anchors[anchor] = node
        return node

    def enter(self, event: yaml.Event) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.mark(event)
            raise YamlError(mark.line, mark.column, f"YAML is nested more than {MAX_DEPTH} levels deep")

    def add_size(self, node: Node, parts: list[Node]) -> None:
        total = 1 + sum(self.sizes.get(id(part), 1) for part in parts)
        if total > MAX_EXPANDED_NODES:
            raise YamlError(
                node.line, node.column,
                f"YAML aliases expand to more than {MAX_EXPANDED_NODES} nodes; remove the nested aliases",
            )
        self.sizes[id(node)] = total

    def sequence(self, events: "EventStream", event: yaml.Event, tag: str | None) -> Sequence:
        self.enter(event)
        node = Sequence(self.mark(event), tag=tag)
        while True:
            item = events.next()
            if isinstance(item, yaml.SequenceEndEvent):
                break
            node.items.append(self.build(events, item))
        self.depth -= 1
        self.add_size(node, node.items)
        return node

    def mapping(self, events: "EventStream", event: yaml.Event, tag: str | None) -> Mapping:
        self.enter(event)
        node = Mapping(self.mark(event), tag=tag)
        seen: dict[str, Scalar] = {}
        merges: list[tuple[Scalar, Node]] = []
        while True:
            key_event = events.next()
            if isinstance(key_event, yaml.MappingEndEvent):
                break
            key = self.build(events, key_event)
            value = self.build(events, events.next())
            if not isinstance(key, Scalar):
                raise YamlError(key.line, key.column, "a mapping key must be a plain value, not a list or mapping")
            if key.text == "<<" and key.plain and key.tag is None:
                merges.append((key, value))
                continue
            if key.text in seen:
                first = seen[key.text]
                raise YamlError(
                    key.line, key.column,
                    f"duplicate key `{key.text}` (first defined at line {first.line}); remove one of them",
                )
            seen[key.text] = key
            node.entries.append((key, value))
        for merge_key, merge_value in merges:
            self.merge(node, seen, merge_key, merge_value)
        self.depth -= 1
        self.add_size(node, [part for entry in node.entries for part in entry])
        return node

    def merge(self, node: Mapping, seen: dict[str, Scalar], key: Scalar, value: Node) -> None:
        sources = value.items if isinstance(value, Sequence) else [value]
        for source in sources:
            if not isinstance(source, Mapping):
                raise YamlError(
                    source.line, source.column,
                    "a merge key `<<` takes a mapping or a list of mappings",
                )
            for entry_key, entry_value in source.entries:
                if entry_key.text not in seen:
                    seen[entry_key.text] = entry_key
                    node.entries.append((entry_key, entry_value))


class EventStream:
    def __init__(self, loader: yaml.BaseLoader) -> None:
        self.loader = loader

    def next(self) -> yaml.Event:
        return self.loader.get_event()


def pyyaml() -> tuple[ModuleType, Any]:
    """Import PyYAML once; return it and its fastest safe loader (libyaml's when PyYAML has it)."""
    global yaml, _Loader
    if yaml is None:
        import yaml as module

        yaml = module
        _Loader = getattr(module, "CSafeLoader", module.SafeLoader)
    return yaml, _Loader


def load_yaml(text: str, path: str) -> Node | None:
    """Load one YAML document into positioned nodes; None for an empty document.

    Raises YamlError with a 1-based line and column for anything Compose would reject
    or that dlint refuses to expand, and for a second document.
    """
    documents = _documents(text, path)
    if len(documents) > 1:
        line, column, _ = documents[1]
        raise YamlError(line, column, "more than one YAML document; a Compose file contains one")
    return documents[0][2] if documents else None


def load_yaml_documents(text: str, path: str) -> list[Node | None]:
    """Load every document of a YAML stream; anchors are local to their document.

    Compose merges the documents of one file in order, like override files.
    Raises YamlError as `load_yaml` does.
    """
    return [node for _line, _column, node in _documents(text, path)]


def _documents(text: str, path: str) -> list[tuple[int, int, Node | None]]:
    """Load each document with the line and column where it starts."""
    loader = pyyaml()[1](text)
    documents: list[tuple[int, int, Node | None]] = []
    try:
        stream = EventStream(loader)
        stream.next()  # StreamStart
        while True:
            event = stream.next()
            if isinstance(event, yaml.StreamEndEvent):
                break
            # DocumentStart, then the root node (an empty document has a null scalar)
            builder = _Builder(path)
            start = builder.mark(event)
            root = builder.build(stream, stream.next())
            stream.next()  # DocumentEnd
            empty = isinstance(root, Scalar) and root.plain and root.text == "" and root.tag is None
            documents.append((start.line, start.column, None if empty else root))
        return documents
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        problem = error.problem or error.context or "invalid YAML"
        raise YamlError(line, column, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, 1, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()

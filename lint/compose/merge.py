"""Merging Compose documents the way Compose merges override files and `extends`.

Both sides are positioned nodes, and the result reuses them, so every value of a
merged document still carries the file, line and column it was written at. Nodes
are never changed in place: YAML aliases share nodes between places.

The rules, by the path of a value:

- mappings merge per key, recursively; a later scalar or list replaces an earlier one,
  except for the lists below;
- `environment`, `labels`, `annotations`, `sysctls` and `build.args` merge per variable,
  whether each side is written as a mapping or as a `KEY=value` list;
- `depends_on` merges per service and per field, the list form meaning
  `condition: service_started`;
- `build` written as a string is the mapping `{context: ...}`;
- `command`, `entrypoint` and `healthcheck.test` are replaced;
- other lists (`ports`, `expose`, `cap_drop`, `security_opt`, `env_file`, ...) are
  appended, and an entry equal to an earlier one is dropped. Ports are equal when
  they publish the same way. `env_file` and the other fields that take a string or
  a list read a string as a list of one;
- a value tagged `!reset` removes the key; a value tagged `!override` replaces the
  earlier value instead of merging with it.
"""

from __future__ import annotations

from collections.abc import Callable

from dlint.compose.model import parse_port_spec
from dlint.compose.nodes import Mapping, Mark, Node, Scalar, Sequence

RESET = "!reset"
OVERRIDE = "!override"

Path = tuple[str, ...]

_REPLACED = frozenset({"command", "entrypoint"})
_PER_VARIABLE = frozenset({"environment", "labels", "annotations", "sysctls"})
_BUILD_PER_VARIABLE = frozenset({"args", "labels"})
# Fields written as one string or as a list. A string is a list of one.
_STRING_OR_LIST = frozenset({"env_file", "label_file", "dns", "dns_search", "tmpfs"})


def merge_documents(base: Node | None, override: Node) -> Node | None:
    """Merge a whole Compose document over another one, or return None when nothing is left."""
    if base is None:
        return clean(override)
    return _merge(base, override, ())


def merge_service(base: Node, override: Node, name: str) -> Node | None:
    """Merge a service definition over the one it extends."""
    return _merge(base, override, ("services", name))


def clean(node: Node) -> Node | None:
    """Apply the tags of a value that is not merged with anything: `!reset` removes."""
    if node.tag == RESET:
        return None
    if isinstance(node, Mapping):
        entries = [(key, cleaned) for key, value in node.entries if (cleaned := clean(value)) is not None]
        if node.tag is None and all(a is b for (_, a), (_, b) in zip(entries, node.entries)) and len(entries) == len(node.entries):
            return node
        return Mapping(node.mark, entries)
    if isinstance(node, Sequence):
        items = [cleaned for item in node.items if (cleaned := clean(item)) is not None]
        if node.tag is None and len(items) == len(node.items) and all(a is b for a, b in zip(items, node.items)):
            return node
        return Sequence(node.mark, items)
    if node.tag == OVERRIDE:
        return Scalar(node.mark, node.text, node.plain, raw=node.raw, unresolved=node.unresolved)
    return node


def _merge(base: Node, override: Node, path: Path) -> Node | None:
    if override.tag == RESET:
        return None
    if override.tag == OVERRIDE:
        return clean(override)
    if isinstance(override, Scalar) and override.is_null and isinstance(base, (Mapping, Sequence)):
        # An empty key (`app:`) adds nothing to what is already there.
        return base
    special = _special(path)
    if special == "replace":
        return clean(override)
    if special == "variables":
        return _merge_mappings(_variables(base), _variables(override), path)
    if special == "depends_on":
        return _merge_mappings(_dependencies(base), _dependencies(override), path)
    if special == "build":
        return _merge_mappings(_build(base), _build(override), path)
    if special == "list":
        base, override = _listed(base), _listed(override)
        if isinstance(base, Sequence) and isinstance(override, Sequence):
            return _append(base, override, _identity)
    if isinstance(base, Mapping) and isinstance(override, Mapping):
        return _merge_mappings(base, override, path)
    if isinstance(base, Sequence) and isinstance(override, Sequence):
        return _append(base, override, _port_identity if path[-1:] == ("ports",) else _identity)
    return clean(override)


def _special(path: Path) -> str | None:
    if len(path) < 3 or path[0] != "services":
        return None
    tail = path[2:]
    if tail in (("command",), ("entrypoint",), ("healthcheck", "test")):
        return "replace"
    if len(tail) == 1 and tail[0] in _PER_VARIABLE:
        return "variables"
    if len(tail) == 2 and tail[0] in ("build", "deploy") and tail[1] in _BUILD_PER_VARIABLE:
        return "variables"
    if tail == ("depends_on",):
        return "depends_on"
    if tail == ("build",):
        return "build"
    if len(tail) == 1 and tail[0] in _STRING_OR_LIST:
        return "list"
    return None


def _merge_mappings(base: Node, override: Node, path: Path) -> Node | None:
    if not (isinstance(base, Mapping) and isinstance(override, Mapping)):
        return clean(override)
    entries: list[tuple[Scalar, Node]] = []
    overrides = {key.text: (key, value) for key, value in override.entries}
    for key, value in base.entries:
        if key.text not in overrides:
            entries.append((key, value))
            continue
        over_key, over_value = overrides.pop(key.text)
        merged = _merge(value, over_value, path + (key.text,))
        if merged is not None:
            # Two mappings or two lists combine, so the entry stays where it was first
            # declared. Otherwise the override's value replaced the earlier one, and a
            # finding about it must point at the override's key.
            combined = isinstance(value, type(over_value)) and isinstance(value, (Mapping, Sequence))
            entries.append((key if combined else over_key, merged))
    for key, value in override.entries:
        if key.text in overrides:
            cleaned = clean(value)
            if cleaned is not None:
                entries.append((key, cleaned))
    return Mapping(base.mark, entries)


def _append(base: Sequence, override: Sequence, identity_of: Callable[[Node], object]) -> Sequence:
    items = list(base.items)
    seen = {identity_of(item) for item in items}
    for item in override.items:
        cleaned = clean(item)
        if cleaned is None:
            continue
        identity = identity_of(cleaned)
        if identity in seen:
            continue
        seen.add(identity)
        items.append(cleaned)
    return Sequence(base.mark, items)


def _identity(node: Node) -> object:
    """Build the identity of a list entry: the text of a scalar, the content of a mapping."""
    if isinstance(node, Scalar):
        return ("scalar", node.text)
    if isinstance(node, Mapping):
        return ("map", tuple((key.text, _identity(value)) for key, value in node.entries))
    if isinstance(node, Sequence):
        return ("seq", tuple(_identity(item) for item in node.items))
    return id(node)


def _port_identity(node: Node) -> object:
    """Ports are the same when they publish the same way, whatever the syntax:
    `80:80`, `80:80/tcp` and `{target: 80, published: "80"}` are one port."""
    if isinstance(node, Scalar) and not node.is_null:
        parsed = parse_port_spec(node.text)
        if not isinstance(parsed, str):
            host_ip, published, target, protocol = parsed
            return ("port", host_ip, published, target, protocol)
    if isinstance(node, Mapping):
        fields = {key.text: value.text for key, value in node.entries if isinstance(value, Scalar) and not value.is_null}
        if set(fields) <= {"target", "published", "host_ip", "protocol", "mode"} and "target" in fields:
            return ("port", fields.get("host_ip") or None, fields.get("published") or None, fields["target"], fields.get("protocol", "tcp"))
    return _identity(node)


def _variables(node: Node) -> Node:
    """Turn a `KEY=value` list into a mapping, where a bare `KEY` has a null value."""
    if not isinstance(node, Sequence):
        return node
    entries: list[tuple[Scalar, Node]] = []
    for item in node.items:
        if not isinstance(item, Scalar) or item.is_null:
            return node  # not a variable list; the model reports it
        key, sep, value = item.text.partition("=")
        key_node = Scalar(item.mark, key, False)
        if sep:
            value_node = Scalar(_after(item, len(key) + 1), value, False, raw=_raw_value(item), unresolved=item.unresolved)
        else:
            value_node = Scalar(item.mark, "", True)
        entries = [entry for entry in entries if entry[0].text != key]
        entries.append((key_node, value_node))
    return Mapping(node.mark, entries, tag=node.tag)


def _raw_value(item: Scalar) -> str | None:
    if item.raw is None:
        return None
    return item.raw.partition("=")[2]


def _after(item: Scalar, offset: int) -> Mark:
    """Locate the value of a plain `KEY=value` item, or the item itself otherwise."""
    if item.plain and "\n" not in item.source:
        return Mark(item.mark.path, item.mark.line, item.mark.column + offset)
    return item.mark


def _dependencies(node: Node) -> Node:
    """Turn the list form of `depends_on` into the mapping form it means."""
    if not isinstance(node, Sequence):
        return node
    entries: list[tuple[Scalar, Node]] = []
    for item in node.items:
        if not isinstance(item, Scalar) or item.is_null:
            return node
        condition = Scalar(item.mark, "service_started", False)
        required = Scalar(item.mark, "true", True)
        value = Mapping(item.mark, [(Scalar(item.mark, "condition"), condition), (Scalar(item.mark, "required"), required)])
        entries.append((item, value))
    return Mapping(node.mark, entries, tag=node.tag)


def _listed(node: Node) -> Node:
    if isinstance(node, Scalar) and not node.is_null:
        return Sequence(node.mark, [node], tag=node.tag)
    return node


def _build(node: Node) -> Node:
    if isinstance(node, Scalar) and not node.is_null:
        return Mapping(node.mark, [(Scalar(node.mark, "context"), node)], tag=node.tag)
    return node

"""A Compose file's services, normalised the way Compose reads each short and long form.

Every normalised value keeps the node it came from, so findings point at the text the
user wrote. Values are the scalars' source text before interpolation; rules that need
interpolated values ask the project for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dlint.compose.nodes import Mapping, Node, Scalar, Sequence, describe


@dataclass(frozen=True)
class Issue:
    """Something Compose would reject; reported as a syntax error."""

    node: Node
    message: str


@dataclass(frozen=True)
class EnvVar:
    key: str
    value: str | None
    node: Node
    key_column: int


@dataclass(frozen=True)
class EnvFileRef:
    path: str
    required: bool
    node: Node


@dataclass(frozen=True)
class Dependency:
    name: str
    condition: str
    node: Node
    condition_node: Node | None
    short_form: bool
    required: bool = True
    restart: bool = False


@dataclass(frozen=True)
class HealthTest:
    """`kind` is CMD, CMD-SHELL or NONE; a plain string test is CMD-SHELL."""

    kind: str
    args: tuple[str, ...]
    node: Node


@dataclass(frozen=True)
class Healthcheck:
    node: Node
    test: HealthTest | None
    disabled: bool
    disable_node: Node | None


@dataclass(frozen=True)
class Port:
    target: str
    published: str | None
    host_ip: str | None
    protocol: str
    node: Node
    text: str


@dataclass(frozen=True)
class Build:
    node: Node
    context: str
    context_node: Node
    dockerfile: str | None
    dockerfile_node: Node | None
    dockerfile_inline: str | None
    target: str | None
    target_node: Node | None
    args: dict[str, tuple[str | None, Node]]


@dataclass
class Service:
    name: str
    key: Scalar
    node: Mapping
    image: Scalar | None = None
    build: Build | None = None
    environment: list[EnvVar] = field(default_factory=list)
    environment_node: Node | None = None
    env_files: list[EnvFileRef] = field(default_factory=list)
    depends_on: dict[str, Dependency] = field(default_factory=dict)
    depends_on_node: Node | None = None
    healthcheck: Healthcheck | None = None
    ports: list[Port] = field(default_factory=list)
    ports_node: Node | None = None

    def value(self, key: str) -> Node | None:
        return self.node.get(key)

    def key_of(self, key: str) -> Scalar | None:
        return self.node.key_node(key)


@dataclass
class ComposeFile:
    path: str
    display: str
    root: Mapping
    services: dict[str, Service] = field(default_factory=dict)
    services_key: Scalar | None = None
    issues: list[Issue] = field(default_factory=list)

    def service(self, name: str) -> Service | None:
        return self.services.get(name)


def _text(node: Node | None) -> str | None:
    if isinstance(node, Scalar) and not node.is_null:
        return node.text
    return None


def _issue(issues: list[Issue], node: Node, message: str) -> None:
    issues.append(Issue(node, message))


def _environment(service: Service, node: Node, issues: list[Issue]) -> None:
    service.environment_node = node
    if isinstance(node, Mapping):
        for key, value in node.entries:
            if isinstance(value, (Mapping, Sequence)):
                _issue(issues, value, f"environment `{key.text}` must be a string, number, boolean or null, not {describe(value)}")
                continue
            service.environment.append(EnvVar(key.text, _text(value), key, key.column))
    elif isinstance(node, Sequence):
        for item in node.items:
            if not isinstance(item, Scalar) or item.is_null:
                _issue(issues, item, f"environment list items must be `KEY=value` strings, not {describe(item)}")
                continue
            key, sep, value = item.text.partition("=")
            service.environment.append(EnvVar(key, value if sep else None, item, item.column))
    elif not (isinstance(node, Scalar) and node.is_null):
        _issue(issues, node, f"environment must be a mapping or a list, not {describe(node)}")


def _env_files(service: Service, node: Node, issues: list[Issue]) -> None:
    items = node.items if isinstance(node, Sequence) else [node]
    for item in items:
        if isinstance(item, Scalar) and not item.is_null:
            service.env_files.append(EnvFileRef(item.text, True, item))
        elif isinstance(item, Mapping) and _text(item.get("path")) is not None:
            required_node = item.get("required")
            required = not (isinstance(required_node, Scalar) and required_node.boolean is False)
            service.env_files.append(EnvFileRef(_text(item.get("path")) or "", required, item.get("path") or item))
        else:
            _issue(issues, item, f"env_file entries must be a path or a mapping with `path`, not {describe(item)}")


def _depends_on(service: Service, node: Node, issues: list[Issue]) -> None:
    service.depends_on_node = node
    if isinstance(node, Sequence):
        for item in node.items:
            if not isinstance(item, Scalar) or item.is_null:
                _issue(issues, item, f"depends_on list items must be service names, not {describe(item)}")
                continue
            service.depends_on[item.text] = Dependency(item.text, "service_started", item, None, short_form=True)
    elif isinstance(node, Mapping):
        for key, value in node.entries:
            condition = "service_started"
            condition_node = None
            required = True
            restart = False
            if isinstance(value, Mapping):
                condition_node = value.get("condition")
                condition = _text(condition_node) or "service_started"
                required = _flag(value.get("required"), True)
                restart = _flag(value.get("restart"), False)
            elif not (isinstance(value, Scalar) and value.is_null):
                _issue(issues, value, f"depends_on `{key.text}` must be a mapping with `condition`, not {describe(value)}")
                continue
            service.depends_on[key.text] = Dependency(
                key.text, condition, key, condition_node, short_form=False, required=required, restart=restart
            )
    else:
        _issue(issues, node, f"depends_on must be a list or a mapping, not {describe(node)}")


def _flag(node: Node | None, default: bool) -> bool:
    if isinstance(node, Scalar) and node.boolean is not None:
        return node.boolean
    return default


def _healthcheck(service: Service, node: Node, issues: list[Issue]) -> None:
    if not isinstance(node, Mapping):
        _issue(issues, node, f"healthcheck must be a mapping, not {describe(node)}")
        return
    disable_node = node.get("disable")
    disabled = _flag(disable_node, False)
    test_node = node.get("test")
    test = None
    if isinstance(test_node, Scalar) and not test_node.is_null:
        test = HealthTest("CMD-SHELL", (test_node.text,), test_node)
    elif isinstance(test_node, Sequence):
        words = [item.text for item in test_node.items if isinstance(item, Scalar)]
        if len(words) != len(test_node.items) or not words:
            _issue(issues, test_node, "healthcheck test must be a string or a non-empty list of strings")
        else:
            kind = words[0]
            if kind not in ("CMD", "CMD-SHELL", "NONE"):
                _issue(issues, test_node, f"healthcheck test list must start with `CMD`, `CMD-SHELL` or `NONE`, not `{kind}`")
            test = HealthTest(kind, tuple(words[1:]), test_node)
            if kind == "NONE":
                disabled = True
    elif test_node is not None and not (isinstance(test_node, Scalar) and test_node.is_null):
        _issue(issues, test_node, f"healthcheck test must be a string or a list, not {describe(test_node)}")
    service.healthcheck = Healthcheck(node, test, disabled, disable_node)


_PORT_SHORT = re.compile(
    r"^(?:(?P<ip>\[[^\]]*\]|[^:\[\]]+):)??(?:(?P<published>[^:]*):)?(?P<target>[^:/]+)(?:/(?P<protocol>[a-zA-Z]+))?$"
)


def parse_port(text: str) -> tuple[str | None, str | None, str, str] | None:
    """Split a short `ports` entry into host IP, published port, target port and protocol."""
    match = _PORT_SHORT.match(text.strip())
    if match is None:
        return None
    host_ip = match.group("ip")
    if host_ip is not None and host_ip.startswith("["):
        host_ip = host_ip[1:-1]
    published = match.group("published") or None
    if host_ip is not None and published is None:
        # `ip:target` is not a form Compose accepts; `a:b` is published:target.
        published, host_ip = host_ip, None
    return host_ip, published, match.group("target"), (match.group("protocol") or "tcp").lower()


def _ports(service: Service, node: Node, issues: list[Issue]) -> None:
    service.ports_node = node
    if not isinstance(node, Sequence):
        _issue(issues, node, f"ports must be a list, not {describe(node)}")
        return
    for item in node.items:
        if isinstance(item, Scalar) and not item.is_null:
            parsed = parse_port(item.text)
            if parsed is None:
                _issue(issues, item, f"invalid port `{item.text}`; use `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`")
                continue
            host_ip, published, target, protocol = parsed
            service.ports.append(Port(target, published, host_ip, protocol, item, item.text))
        elif isinstance(item, Mapping):
            target = _text(item.get("target"))
            if target is None:
                _issue(issues, item, "a port in long syntax needs `target`")
                continue
            protocol = (_text(item.get("protocol")) or "tcp").lower()
            service.ports.append(
                Port(target, _text(item.get("published")), _text(item.get("host_ip")), protocol, item.get("target") or item, target)
            )
        else:
            _issue(issues, item, f"a port must be a string, a number or a mapping, not {describe(item)}")


def _build(service: Service, node: Node, issues: list[Issue]) -> None:
    if isinstance(node, Scalar) and not node.is_null:
        service.build = Build(node, node.text, node, None, None, None, None, None, {})
        return
    if not isinstance(node, Mapping):
        _issue(issues, node, f"build must be a path or a mapping, not {describe(node)}")
        return
    context_node = node.get("context")
    args: dict[str, tuple[str | None, Node]] = {}
    args_node = node.get("args")
    if isinstance(args_node, Mapping):
        for key, value in args_node.entries:
            args[key.text] = (_text(value), key)
    elif isinstance(args_node, Sequence):
        for item in args_node.items:
            if isinstance(item, Scalar):
                key, sep, value = item.text.partition("=")
                args[key] = (value if sep else None, item)
    service.build = Build(
        node=node,
        context=_text(context_node) or ".",
        context_node=context_node or node,
        dockerfile=_text(node.get("dockerfile")),
        dockerfile_node=node.get("dockerfile"),
        dockerfile_inline=_text(node.get("dockerfile_inline")),
        target=_text(node.get("target")),
        target_node=node.get("target"),
        args=args,
    )


_NORMALISERS = {
    "environment": _environment,
    "env_file": _env_files,
    "depends_on": _depends_on,
    "healthcheck": _healthcheck,
    "ports": _ports,
    "build": _build,
}


def build_compose_file(root: Node | None, path: str, display: str) -> ComposeFile | Issue:
    """Normalise a loaded Compose document; an Issue when its top level is unusable."""
    if root is None:
        return Issue(_empty_node(path), "the Compose file is empty; it needs a `services` mapping")
    if not isinstance(root, Mapping):
        return Issue(root, f"the top level of a Compose file must be a mapping, not {describe(root)}")
    compose = ComposeFile(path=path, display=display, root=root)
    compose.services_key = root.key_node("services")
    services = root.get("services")
    if services is None or (isinstance(services, Scalar) and services.is_null):
        return compose
    if not isinstance(services, Mapping):
        compose.issues.append(Issue(services, f"`services` must be a mapping of service names, not {describe(services)}"))
        return compose
    for key, value in services.entries:
        if key.kind != "str":
            compose.issues.append(
                Issue(key, f"service name `{key.text}` is read as {describe(key)}; quote it to make it a name")
            )
            continue
        if isinstance(value, Scalar) and value.is_null:
            value = Mapping(key.mark)
        if not isinstance(value, Mapping):
            compose.issues.append(Issue(value, f"service `{key.text}` must be a mapping, not {describe(value)}"))
            continue
        service = Service(name=key.text, key=key, node=value)
        image = value.get("image")
        if isinstance(image, Scalar) and not image.is_null:
            service.image = image
        for field_name, normaliser in _NORMALISERS.items():
            field_node = value.get(field_name)
            if field_node is not None and not (isinstance(field_node, Scalar) and field_node.is_null):
                normaliser(service, field_node, compose.issues)
        compose.services[key.text] = service
    return compose


def _empty_node(path: str) -> Node:
    from dlint.compose.nodes import Mark

    return Scalar(Mark(path, 1, 1), "")

"""A Compose file's services, normalised the way Compose reads each short and long form.

Every normalised value keeps the node it came from, so findings point at the text the
user wrote. A file loaded through `dlint.compose.project` has its values interpolated:
a scalar's `text` is the value, `raw` the text as written and `unresolved` the
variables that were unset, in which case `text` stays as written.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from dlint.compose.nodes import Mapping, Node, Scalar, Sequence, describe
from dlint.compose.shellwords import ShellwordsError, split_shellwords
from dlint.records import field, record


@record(frozen=True)
class Issue:
    """Something Compose would reject; reported as a syntax error."""

    node: Node
    message: str


@record(frozen=True)
class EnvVar:
    key: str
    value: str | None
    node: Node
    key_column: int


@record(frozen=True)
class EnvFileRef:
    path: str
    required: bool
    node: Node


@record(frozen=True)
class Dependency:
    name: str
    condition: str
    node: Node
    condition_node: Node | None
    short_form: bool
    required: bool = True
    restart: bool = False


@record(frozen=True)
class HealthTest:
    """`kind` is CMD, CMD-SHELL or NONE; a plain string test is CMD-SHELL."""

    kind: str
    args: tuple[str, ...]
    node: Node


@record(frozen=True)
class Healthcheck:
    node: Node
    test: HealthTest | None
    disabled: bool
    disable_node: Node | None


@record(frozen=True)
class Port:
    """One `ports` entry; `protocol` is lower case, `protocol_text` as written."""

    target: str
    published: str | None
    host_ip: str | None
    protocol: str
    node: Node
    text: str
    protocol_text: str = "tcp"

    def expanded(self) -> list[Port]:
        """Expand to one entry per container port, as Compose does.

        A container range gives one entry per port, paired with the host range when
        both have the same length. A host range for one container port stays one
        entry. An entry that is not a valid number or range comes back unchanged.
        """
        target = _port_range(self.target)
        if target is None or target[0] == target[1]:
            return [self]
        published = _port_range(self.published) if self.published else None
        ports = []
        for offset, number in enumerate(range(target[0], target[1] + 1)):
            host = None
            if published is not None:
                host = str(published[0] + offset) if published[1] - published[0] == target[1] - target[0] else self.published
            ports.append(Port(str(number), host, self.host_ip, self.protocol, self.node, self.text, self.protocol_text))
        return ports


def _port_range(text: str | None) -> tuple[int, int] | None:
    match = re.fullmatch(r"([0-9]+)(?:-([0-9]+))?", text or "")
    if match is None:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else start
    return (start, end) if end >= start else None


@record(frozen=True)
class Command:
    """`command` or `entrypoint`: the words Compose runs, split shell-style from a string.

    `words` is None when a string cannot be split (an unclosed quote).
    """

    node: Node
    words: tuple[str, ...] | None
    shell_form: bool


@record(frozen=True)
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
    # The arguments the build receives: a bare name takes its value from the project
    # environment and is left out when unset there. Filled by the project loader.
    resolved_args: dict[str, str] = field(default_factory=dict)


@record
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
    user: Scalar | None = None
    restart: Scalar | None = None
    privileged: bool = False
    privileged_node: Node | None = None
    command: Command | None = None
    entrypoint: Command | None = None
    cap_drop: list[Scalar] = field(default_factory=list)
    security_opt: list[Scalar] = field(default_factory=list)
    profiles: tuple[str, ...] = ()
    # What the container receives: env_file entries, then `environment`, later wins.
    # Filled by the project loader, which reads the env files; empty until then.
    container_environment: dict[str, EnvVar] = field(default_factory=dict)

    def value(self, key: str) -> Node | None:
        return self.node.get(key)

    def key_of(self, key: str) -> Scalar | None:
        return self.node.key_node(key)


@record
class ComposeFile:
    path: str
    display: str
    root: Mapping
    services: dict[str, Service] = field(default_factory=dict)
    services_key: Scalar | None = None
    issues: list[Issue] = field(default_factory=list)
    # What Compose rejects although the model is complete enough to lint, such as
    # a `depends_on` entry without `condition` (read as `service_started`).
    rejections: list[Issue] = field(default_factory=list)
    # Every file merged into this one, in merge order, as displayed; the first is `display`.
    files: tuple[str, ...] = ()

    def service(self, name: str) -> Service | None:
        return self.services.get(name)


def _text(node: Node | None) -> str | None:
    if isinstance(node, Scalar) and not node.is_null:
        return node.text
    return None


@record(frozen=True)
class _Found:
    """Collector of what normalisers find wrong: issues stop the linting, rejections do not."""

    issues: list[Issue]
    rejections: list[Issue]

    def issue(self, node: Node, message: str) -> None:
        self.issues.append(Issue(node, message))

    def reject(self, node: Node, message: str) -> None:
        self.rejections.append(Issue(node, message))


_YAML11_INT = re.compile(r"^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|[0-9][0-9_]*)$")


def compose_string(node: Scalar) -> str | None:
    """Return the string Compose makes of a scalar where it expects a string (environment, args).

    Numbers are read as YAML 1.1 does (`0755` is octal, `1_000` is 1000) and printed
    in plain decimal; booleans become `true`/`false`; null is None. Other text,
    `yes` and `on` included, stays as written.
    """
    if node.is_null:
        return None
    if node.raw is not None or not node.plain:
        return node.text
    if _YAML11_INT.match(node.text):
        return str(_yaml11_int(node.text))
    kind = node.kind
    if kind == "bool":
        return node.text.lower()
    if kind == "float":
        return _float_text(node.text)
    return node.text


def _yaml11_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if digits.startswith(("0b", "0x", "0o")):
        return sign * int(digits, 0)
    if len(digits) > 1 and digits.startswith("0") and set(digits) <= set("01234567"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _float_text(text: str) -> str:
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        return text
    value = float(text.replace("_", ""))
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    from decimal import Decimal  # imported here: few files have a fractional number

    return format(Decimal(repr(value)).normalize(), "f")


def _is_infinite(node: Scalar) -> bool:
    """`.inf` and `.nan`, which Compose cannot turn into a string."""
    if node.kind != "float" or node.raw is not None:
        return False
    return node.text.lstrip("+-").lower() in (".inf", ".nan")


_YAML11_TRUE = frozenset({"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})
_YAML11_FALSE = frozenset({"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})


def boolean_value(node: Node | None) -> bool | None:
    """Return a boolean field's value, counting YAML 1.1 words (`yes`, `off`) as Compose does."""
    if not isinstance(node, Scalar) or node.is_null:
        return None
    if node.text in _YAML11_TRUE:
        return True
    if node.text in _YAML11_FALSE:
        return False
    return None


def _environment(service: Service, node: Node, found: _Found) -> None:
    service.environment_node = node
    if isinstance(node, Mapping):
        for key, value in node.entries:
            if isinstance(value, (Mapping, Sequence)):
                found.issue(value, f"environment `{key.text}` must be a string, number, boolean or null, not {describe(value)}")
                continue
            assert isinstance(value, Scalar)
            if _padded(key.text):
                found.reject(key, f"environment variable `{key.text}` has a space around its name; remove it")
                continue
            if _is_infinite(value):
                found.reject(value, f"environment `{key.text}` is `{value.text}`, which is not a number Compose can write; quote it")
                continue
            service.environment.append(EnvVar(key.text, compose_string(value), key, key.column))
    elif isinstance(node, Sequence):
        for item in node.items:
            if not isinstance(item, Scalar) or item.is_null:
                found.issue(item, f"environment list items must be `KEY=value` strings, not {describe(item)}")
                continue
            key, sep, value = item.text.partition("=")
            if _padded(key):
                found.reject(item, f"environment variable `{key}` has a space around its name; write `{key.strip()}={value}`")
                continue
            service.environment.append(EnvVar(key, value if sep else None, item, item.column))
    elif not (isinstance(node, Scalar) and node.is_null):
        found.issue(node, f"environment must be a mapping or a list, not {describe(node)}")


def _padded(name: str) -> bool:
    return name != name.strip()


def _env_files(service: Service, node: Node, found: _Found) -> None:
    items = node.items if isinstance(node, Sequence) else [node]
    for item in items:
        if isinstance(item, Scalar) and not item.is_null:
            service.env_files.append(EnvFileRef(item.text, True, item))
        elif isinstance(item, Mapping) and _text(item.get("path")) is not None:
            required = boolean_value(item.get("required"))
            service.env_files.append(EnvFileRef(_text(item.get("path")) or "", required is not False, item.get("path") or item))
        else:
            found.issue(item, f"env_file entries must be a path or a mapping with `path`, not {describe(item)}")


CONDITIONS = ("service_started", "service_healthy", "service_completed_successfully")


def _depends_on(service: Service, node: Node, found: _Found) -> None:
    service.depends_on_node = node
    if isinstance(node, Sequence):
        for item in node.items:
            if not isinstance(item, Scalar) or item.is_null:
                found.issue(item, f"depends_on list items must be service names, not {describe(item)}")
                continue
            service.depends_on[item.text] = Dependency(item.text, "service_started", item, None, short_form=True)
    elif isinstance(node, Mapping):
        for key, value in node.entries:
            dependency = _dependency(key, value, found)
            if dependency is not None:
                service.depends_on[key.text] = dependency
    else:
        found.issue(node, f"depends_on must be a list or a mapping, not {describe(node)}")


def _dependency(key: Scalar, value: Node, found: _Found) -> Dependency | None:
    if isinstance(value, Scalar) and value.is_null:
        return Dependency(key.text, "service_started", key, None, short_form=False)
    if not isinstance(value, Mapping):
        found.issue(value, f"depends_on `{key.text}` must be a mapping with `condition`, not {describe(value)}")
        return None
    condition_node = value.get("condition")
    condition = _text(condition_node)
    if condition is None:
        found.reject(key, f"depends_on `{key.text}` has no `condition`; expected one of {_choices(CONDITIONS)}")
        condition = "service_started"
    if condition not in CONDITIONS:
        assert condition_node is not None
        found.reject(condition_node, f"depends_on condition `{condition}` is unknown; expected one of {_choices(CONDITIONS)}")
    required = boolean_value(value.get("required"))
    restart = boolean_value(value.get("restart"))
    return Dependency(
        key.text, condition, key, condition_node, short_form=False,
        required=required is not False, restart=restart is True,
    )


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{value}`" for value in values)


def _flag(node: Node | None, default: bool) -> bool:
    value = boolean_value(node)
    return default if value is None else value


def _healthcheck(service: Service, node: Node, found: _Found) -> None:
    if not isinstance(node, Mapping):
        found.issue(node, f"healthcheck must be a mapping, not {describe(node)}")
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
            found.issue(test_node, "healthcheck test must be a string or a non-empty list of strings")
        else:
            kind = words[0]
            if kind not in ("CMD", "CMD-SHELL", "NONE"):
                found.issue(test_node, f"healthcheck test list must start with `CMD`, `CMD-SHELL` or `NONE`, not `{kind}`")
            test = HealthTest(kind, tuple(words[1:]), test_node)
            if kind == "NONE":
                disabled = True
    elif test_node is not None and not (isinstance(test_node, Scalar) and test_node.is_null):
        found.issue(test_node, f"healthcheck test must be a string or a list, not {describe(test_node)}")
    service.healthcheck = Healthcheck(node, test, disabled, disable_node)


_PROTOCOL = re.compile(r"^[A-Za-z]+$")


def parse_port(text: str) -> tuple[str | None, str | None, str, str] | None:
    """Split a short `ports` entry into host IP, published port, target port and protocol.

    The parts are split at colons from the right, as Compose does. The last is the
    container port and the one before it the host port. All before those are the
    host IP, so a bare IPv6 address such as `::1:8080:80` works. The protocol is lower
    case here; `parse_port_spec` keeps it as written.
    """
    parsed = parse_port_spec(text)
    if isinstance(parsed, str):
        return None
    host_ip, published, target, protocol = parsed
    return host_ip, published, target, protocol.lower()


def parse_port_spec(text: str) -> tuple[str | None, str | None, str, str] | str:
    """Like `parse_port`, with the protocol as written; a message when the entry is invalid."""
    spec, _, protocol = text.strip().partition("/")
    if protocol and not _PROTOCOL.match(protocol):
        return f"protocol `{protocol}` is not a protocol name"
    parts = spec.split(":")
    target = parts[-1]
    published = parts[-2] if len(parts) >= 2 else None
    host_ip = ":".join(parts[:-2]) if len(parts) >= 3 else None
    if host_ip is not None:
        if host_ip.startswith("[") and host_ip.endswith("]"):
            host_ip = host_ip[1:-1]
        if host_ip == "":
            host_ip = None
        elif not _is_ip(host_ip):
            return f"host IP `{host_ip}` is not an IP address"
    if _port_range(target) is None:
        return f"container port `{target}` is not a port number or range"
    if published == "":
        published = None
    if published is not None and _port_range(published) is None:
        return f"host port `{published}` is not a port number or range"
    return host_ip, published, target, protocol or "tcp"


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _ports(service: Service, node: Node, found: _Found) -> None:
    service.ports_node = node
    if not isinstance(node, Sequence):
        found.issue(node, f"ports must be a list, not {describe(node)}")
        return
    for item in node.items:
        if isinstance(item, Scalar) and not item.is_null:
            port = _short_port(item, found)
            if port is not None:
                service.ports.append(port)
        elif isinstance(item, Mapping):
            port = _long_port(item, found)
            if port is not None:
                service.ports.append(port)
        else:
            found.issue(item, f"a port must be a string, a number or a mapping, not {describe(item)}")


_LENIENT_PORT = re.compile(
    r"^(?:(?P<ip>\[[^\]]*\]|[^:\[\]]+):)??(?:(?P<published>[^:]*):)?(?P<target>[^:/]+)(?:/(?P<protocol>[a-zA-Z]+))?$"
)


def _short_port(item: Scalar, found: _Found) -> Port | None:
    """Read a short `ports` entry; an entry with a variable in it is split without checking its parts."""
    parsed = parse_port_spec(item.text)
    if not isinstance(parsed, str):
        host_ip, published, target, protocol = parsed
        return Port(target, published, host_ip, protocol.lower(), item, item.text, protocol)
    lenient = _LENIENT_PORT.match(item.text.strip())
    if lenient is None:
        found.issue(item, f"invalid port `{item.text}`: {parsed}; use `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`")
        return None
    if "$" not in item.text:
        found.reject(item, f"invalid port `{item.text}`: {parsed}; use `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`")
    host_ip = lenient.group("ip")
    if host_ip is not None and host_ip.startswith("["):
        host_ip = host_ip[1:-1]
    published = lenient.group("published") or None
    if host_ip is not None and published is None:
        published, host_ip = host_ip, None
    protocol = lenient.group("protocol") or "tcp"
    return Port(lenient.group("target"), published, host_ip, protocol.lower(), item, item.text, protocol)


def _long_port(item: Mapping, found: _Found) -> Port | None:
    target_node = item.get("target")
    target = _text(target_node)
    if target is None:
        found.issue(item, "a port in long syntax needs `target`")
        return None
    if _port_range(target) is None and "$" not in target:
        assert target_node is not None
        found.reject(target_node, f"port target `{target}` is not a port number")
    protocol = _text(item.get("protocol")) or "tcp"
    published = _text(item.get("published")) or None
    host_ip = _text(item.get("host_ip")) or None
    return Port(target, published, host_ip, protocol.lower(), target_node or item, target, protocol)


def _build(service: Service, node: Node, found: _Found) -> None:
    if isinstance(node, Scalar) and not node.is_null:
        service.build = Build(node, node.text, node, None, None, None, None, None, {})
        return
    if not isinstance(node, Mapping):
        found.issue(node, f"build must be a path or a mapping, not {describe(node)}")
        return
    context_node = node.get("context")
    args: dict[str, tuple[str | None, Node]] = {}
    args_node = node.get("args")
    if isinstance(args_node, Mapping):
        for key, value in args_node.entries:
            args[key.text] = (compose_string(value) if isinstance(value, Scalar) else None, key)
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


def _string_field(name: str) -> Callable[[Service, Node, _Found], None]:
    def normalise(service: Service, node: Node, found: _Found) -> None:
        if not isinstance(node, Scalar):
            found.issue(node, f"{name} must be a string, not {describe(node)}")
            return
        if node.kind != "str":
            # Compose rejects it; the value is kept so that rules can still point at it.
            found.reject(node, f"{name} `{node.text}` must be a string, not {describe(node)}; quote it")
        setattr(service, name, node)

    return normalise


def _shown(node: Node) -> str:
    return node.text if isinstance(node, Scalar) else "..."


def _string_list(name: str) -> Callable[[Service, Node, _Found], None]:
    def normalise(service: Service, node: Node, found: _Found) -> None:
        if not isinstance(node, Sequence):
            found.reject(node, f"{name} must be a list, not {describe(node)}; write `[{_shown(node)}]`")
            return
        values: list[Scalar] = []
        for item in node.items:
            if not isinstance(item, Scalar) or item.is_null:
                found.reject(item, f"{name} items must be strings, not {describe(item)}")
                continue
            values.append(item)
        setattr(service, name, values)

    return normalise


def _command(name: str) -> Callable[[Service, Node, _Found], None]:
    def normalise(service: Service, node: Node, found: _Found) -> None:
        if isinstance(node, Sequence):
            words = [item.text for item in node.items if isinstance(item, Scalar) and not item.is_null]
            if len(words) != len(node.items):
                found.reject(node, f"{name} list items must be strings")
                return
            setattr(service, name, Command(node, tuple(words), shell_form=False))
        elif isinstance(node, Scalar):
            try:
                split: tuple[str, ...] | None = tuple(split_shellwords(node.text))
            except ShellwordsError as error:
                found.reject(node, f"{name} `{node.text}` cannot be split into words: {error}")
                split = None
            setattr(service, name, Command(node, split, shell_form=True))
        else:
            found.reject(node, f"{name} must be a string or a list, not {describe(node)}")

    return normalise


def _privileged(service: Service, node: Node, found: _Found) -> None:
    value = boolean_value(node)
    if value is None:
        found.reject(node, f"privileged `{_shown(node)}` must be `true` or `false`")
        return
    service.privileged = value
    service.privileged_node = node


def _profiles(service: Service, node: Node, found: _Found) -> None:
    if not isinstance(node, Sequence):
        found.reject(node, f"profiles must be a list, not {describe(node)}")
        return
    service.profiles = tuple(item.text for item in node.items if isinstance(item, Scalar) and not item.is_null)


_NORMALISERS: dict[str, Callable[[Service, Node, _Found], None]] = {
    "environment": _environment,
    "env_file": _env_files,
    "healthcheck": _healthcheck,
    "ports": _ports,
    "build": _build,
    "user": _string_field("user"),
    "restart": _string_field("restart"),
    "privileged": _privileged,
    "command": _command("command"),
    "entrypoint": _command("entrypoint"),
    "cap_drop": _string_list("cap_drop"),
    "security_opt": _string_list("security_opt"),
    "profiles": _profiles,
}


def build_compose_file(root: Node | None, path: str, display: str) -> ComposeFile | Issue:
    """Normalise a loaded Compose document; an Issue when its top level is unusable."""
    if root is None:
        return Issue(_empty_node(path), "the Compose file is empty; it needs a `services` mapping")
    if not isinstance(root, Mapping):
        return Issue(root, f"the top level of a Compose file must be a mapping, not {describe(root)}")
    compose = ComposeFile(path=path, display=display, root=root, files=(display,))
    compose.services_key = root.key_node("services")
    services = root.get("services")
    if services is None or (isinstance(services, Scalar) and services.is_null):
        return compose
    if not isinstance(services, Mapping):
        compose.issues.append(Issue(services, f"`services` must be a mapping of service names, not {describe(services)}"))
        return compose
    found = _Found(compose.issues, compose.rejections)
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
                normaliser(service, field_node, found)
        depends_on = value.get("depends_on")
        if depends_on is not None and not (isinstance(depends_on, Scalar) and depends_on.is_null):
            _depends_on(service, depends_on, found)
        compose.services[key.text] = service
    return compose


def _empty_node(path: str) -> Node:
    from dlint.compose.nodes import Mark

    return Scalar(Mark(path, 1, 1), "")

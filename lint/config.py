"""Configuration: finding the file, validating it strictly, and turning it into settings.

The schema is assembled at run time from the Policy dataclass and from whatever rules
are registered, so a new rule or policy parameter is configurable without touching
this module. A configuration with any problem is an error (exit code 2); dlint never
falls back to its defaults after a bad file.

YAML is read with dlint's own positioned loader, so a duplicate key and the line of
every key come from the same code that reads Compose files. `tomllib` keeps no
positions, so for `[tool.dlint]` the line of a key is found by searching the text for
the key's name below the table header. A key name repeated in a comment or a string
can make that line wrong.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from typing import Any, Callable, Iterable, Mapping

from dlint.debuglog import get_logger
from dlint.findings import Severity
from dlint.policy import DEFAULT_POLICY, Policy
from dlint.records import field, fields, record, replace
from dlint.rules.base import Rule

logger = get_logger(__name__)

CONFIG_FILE = ".dlint.yaml"
PYPROJECT_FILE = "pyproject.toml"
FAIL_LEVELS = ("error", "warning", "never")
RULE_KEYS = ("enabled", "severity")

# Policy fields whose values need a stricter schema than their default's type gives.
_POLICY_FIELD_SCHEMAS: dict[str, dict[str, Any]] = {
    "uid": {"type": ["string", "integer"], "pattern": "^[0-9]+$", "minimum": 0},
    "gid": {"type": ["string", "integer"], "pattern": "^[0-9]+$", "minimum": 0},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
    "min_rust_version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+(\.[0-9]+)?$"},
}

POLICY_DESCRIPTIONS: dict[str, str] = {
    "uid": "numeric user the final image runs as",
    "gid": "numeric group the final image runs as",
    "port": "the one port the image exposes and the app publishes",
    "env_prefix": "prefix every runtime environment variable starts with",
    "builder_image": "image pattern of the build stage (`*` matches any text)",
    "min_rust_version": "lowest Rust version the builder image may have",
    "runtime_image": "image of the final stage",
    "db_image": "image of the database service",
    "db_service": "name of the database service",
    "migrate_service": "name of the one-off migration service",
    "app_service": "name of the API service",
    "app_services": "services that run the project's image",
    "env_exempt_services": "services exempt from the environment prefix",
    "binary": "name of the release binary",
    "migrate_command": "arguments of the binary that run the migrations",
    "health_path": "HTTP path the app healthcheck requests",
    "bind_address_variable": "variable holding the app's listen address",
    "database_url_variable": "variable holding the database URL",
    "secret_name_patterns": "parts of a variable name that mark it as a secret",
}


@record(frozen=True)
class ConfigProblem:
    """One reason a configuration file cannot be used, at a line of that file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ConfigError(Exception):
    def __init__(self, problems: Iterable[ConfigProblem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda problem: (problem.path, problem.line, problem.message)))
        super().__init__("; ".join(str(problem) for problem in self.problems))


@record(frozen=True)
class Config:
    """Settings for one run over some files; `source` is None for the built-in defaults."""

    source: str | None = None
    policy: Policy = DEFAULT_POLICY
    fail_on: str = "error"
    exclude: tuple[str, ...] = ()
    require_reason: bool = True
    unsuppressible: frozenset[str] = frozenset()
    disabled: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=dict, hash=False, compare=False)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False, compare=False)

    @property
    def root(self) -> str:
        """The folder `exclude` globs are relative to: the configuration file's folder."""
        if self.source is None:
            return os.getcwd()
        return os.path.dirname(os.path.abspath(self.source))

    def excludes(self, path: str) -> bool:
        """Return whether an `exclude` glob matches `path`, taken relative to the configuration's folder.

        `*` also crosses `/`, and a glob without `/` matches the file name or any folder name.
        """
        if not self.exclude:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        parts = relative.split("/")
        for pattern in self.exclude:
            cleaned = pattern.strip("/").removeprefix("./")
            if fnmatch.fnmatchcase(relative, cleaned) or fnmatch.fnmatchcase(relative, cleaned + "/*"):
                return True
            if "/" not in cleaned and any(fnmatch.fnmatchcase(part, cleaned) for part in parts):
                return True
        return False

    def enabled_rules(self, rules: Iterable[Rule]) -> list[Rule]:
        return [rule for rule in rules if rule.id not in self.disabled]


DEFAULT_CONFIG = Config()


# -- the schema ---------------------------------------------------------------------


def kebab(name: str) -> str:
    return name.replace("_", "-")


def schema_for_value(default: Any) -> dict[str, Any]:
    """Return a JSON schema that accepts values of the default's type."""
    if isinstance(default, bool):
        return {"type": "boolean"}
    if isinstance(default, int):
        return {"type": "integer"}
    if isinstance(default, float):
        return {"type": "number"}
    if isinstance(default, str):
        return {"type": "string"}
    if isinstance(default, (list, tuple)):
        items = [schema_for_value(item) for item in default]
        if items and all(item == items[0] for item in items):
            return {"type": "array", "items": items[0]}
        return {"type": "array"}
    if isinstance(default, Mapping):
        return {"type": "object"}
    return {}


def option_schema(rule: Rule, option: str) -> Mapping[str, Any]:
    """Return the schema of one rule option: the rule's own, or one derived from the default."""
    if option in rule.option_schema:
        return rule.option_schema[option]
    return schema_for_value(rule.options[option])


def rule_schema(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "enabled": {"type": "boolean"},
        "severity": {"enum": [severity.value for severity in Severity]},
    }
    for option in rule.options:
        properties[kebab(option)] = dict(option_schema(rule, option))
    return {"type": "object", "additionalProperties": False, "properties": properties}


def policy_schema() -> dict[str, Any]:
    properties = {}
    for policy_field in fields(Policy):
        default = getattr(DEFAULT_POLICY, policy_field.name)
        schema = _POLICY_FIELD_SCHEMAS.get(policy_field.name) or schema_for_value(default)
        properties[kebab(policy_field.name)] = schema
    return {"type": "object", "additionalProperties": False, "properties": properties}


def config_schema(rules: Iterable[Rule]) -> dict[str, Any]:
    """Build the JSON schema of a whole configuration from the policy and these rules."""
    rules = list(rules)
    rule_keys = [key for rule in rules for key in (rule.id, rule.name)]
    rule_properties = {key: rule_schema(rule) for rule in rules for key in (rule.id, rule.name)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fail-on": {"enum": list(FAIL_LEVELS)},
            "exclude": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "require-reason": {"type": "boolean"},
            "unsuppressible": {"type": "array", "items": {"enum": rule_keys}},
            "policy": policy_schema(),
            "rules": {"type": "object", "additionalProperties": False, "properties": rule_properties},
        },
    }


# -- reading files ------------------------------------------------------------------


Locator = Callable[[tuple[Any, ...]], int]


@record(frozen=True)
class RawConfig:
    """A configuration as read, before validation; `locate` gives the line of a key path."""

    path: str
    data: Any
    locate: Locator


def _scalar_value(node: Any) -> Any:
    kind = node.kind
    text = node.text
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        if text.startswith(("0o", "0x")):
            return int(text, 0)
        return int(text)
    if kind == "float":
        return float(text)
    return text


def _from_node(node: Any, path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> Any:
    from dlint.compose.nodes import Mapping as MappingNode
    from dlint.compose.nodes import Sequence as SequenceNode

    if isinstance(node, MappingNode):
        result = {}
        for key, value in node.entries:
            lines[path + (key.text,)] = key.line
            result[key.text] = _from_node(value, path + (key.text,), lines)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.items):
            lines[path + (index,)] = item.line
            items.append(_from_node(item, path + (index,), lines))
        return items
    return _scalar_value(node)


def _nearest_line(lines: Mapping[tuple[Any, ...], int], path: tuple[Any, ...]) -> int:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1


def read_yaml_config(path: str, text: str) -> RawConfig:
    from dlint.compose.loader import YamlError, load_yaml

    try:
        root = load_yaml(text, path)
    except YamlError as error:
        raise ConfigError([ConfigProblem(path, error.line, error.message)]) from None
    lines: dict[tuple[Any, ...], int] = {}
    data = {} if root is None else _from_node(root, (), lines)
    return RawConfig(path, data, lambda key_path: _nearest_line(lines, key_path))


def _load_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 has no tomllib
        import tomli as tomllib
    return tomllib.loads(text)


_TOML_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"'-]+?)\s*=")
_TOML_HEADER = re.compile(r"^\s*\[\[?([^\]]*)\]")
_TOML_DLINT_KEY = re.compile(r"^\s*(tool\s*\.\s*)?dlint\s*[.=]")


def has_dlint_table(text: str) -> bool:
    """Test cheaply, before parsing, whether a pyproject.toml may contain a `[tool.dlint]` table.

    A `dlint` key counts only under `[tool]`, and a `tool.dlint` key only before the first
    table, so `dlint = ...` under `[project.scripts]` does not cost a TOML parse.
    """
    if "dlint" not in text:
        return False
    table = ""
    for line in text.splitlines():
        header = _TOML_HEADER.match(line)
        if header is not None:
            table = "".join(header.group(1).split())
            if table == "tool.dlint" or table.startswith("tool.dlint."):
                return True
            continue
        key = _TOML_DLINT_KEY.match(line)
        if key is not None and table == ("" if key.group(1) else "tool"):
            return True
    return False


def _toml_locator(text: str) -> Locator:
    lines = text.splitlines()

    def locate(key_path: tuple[Any, ...]) -> int:
        index = 0
        for part in ("tool", "dlint") + tuple(str(part) for part in key_path if not isinstance(part, int)):
            pattern = re.compile(r"(?:^|[\s.\[{,])[\"']?" + re.escape(part) + r"[\"']?\s*(?:=|\]|\.)")
            for number in range(index, len(lines)):
                if pattern.search(lines[number].split("#", 1)[0]):
                    index = number
                    break
        return index + 1

    return locate


def read_toml_config(path: str, text: str) -> RawConfig | None:
    """Return the `[tool.dlint]` table of a pyproject.toml, or None when it has none."""
    try:
        document = _load_toml(text)
    except ValueError as error:  # tomllib.TOMLDecodeError is a ValueError
        message = str(error)
        found = _TOML_ERROR_LINE.search(message)
        line = int(found.group(1)) if found else 1
        detail = _TOML_ERROR_LINE.sub("", message).strip()
        source_lines = text.splitlines()
        key = _TOML_KEY.match(source_lines[line - 1]) if 0 < line <= len(source_lines) else None
        if key is not None and "overwrite" in detail:
            detail = f"duplicate key `{key.group(1)}`; remove one of them"
        else:
            detail = f"invalid TOML: {detail[:1].lower()}{detail[1:]}"
        raise ConfigError([ConfigProblem(path, line, detail)]) from None
    tool = document.get("tool")
    if not isinstance(tool, dict) or "dlint" not in tool:
        return None
    return RawConfig(path, tool["dlint"], _toml_locator(text))


def read_config_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(path, 1, "configuration file does not exist")]) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError([ConfigProblem(path, 1, f"cannot read configuration file: {reason}")]) from None


# -- validation ---------------------------------------------------------------------


def _dotted(key_path: Iterable[Any]) -> str:
    text = ""
    for part in key_path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = str(part)
    return text


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        return f"the string `'{value}'`"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_TYPE_NAMES = {
    "boolean": "a boolean (`true` or `false`)",
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


def _unknown_key_message(key_path: tuple[Any, ...], key: str) -> str:
    if not key_path:
        return f"unknown key `{key}`; expected one of `fail-on`, `exclude`, `require-reason`, `unsuppressible`, `policy`, `rules`"
    if key_path == ("policy",):
        return f"unknown policy parameter `{key}`; run `dlint rules --format json` to see the parameters"
    if key_path == ("rules",):
        return f"unknown rule `{key}`; run `dlint rules` to list the rules"
    if len(key_path) == 2 and key_path[0] == "rules":
        return f"unknown option `{key}` for rule `{key_path[1]}`; run `dlint explain {key_path[1]}` to see its options"
    return f"unknown key `{key}` in `{_dotted(key_path)}`"


def _problems_of(error: Any, raw: RawConfig) -> list[ConfigProblem]:
    key_path = tuple(error.absolute_path)
    name = _dotted(key_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            ConfigProblem(raw.path, raw.locate(key_path + (key,)), _unknown_key_message(key_path, key))
            for key in sorted(set(error.instance) - known)
        ]
    line = raw.locate(key_path)
    if keyword == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_TYPE_NAMES.get(kind, kind) for kind in expected)
        if not key_path:
            return [ConfigProblem(raw.path, line, f"the configuration must be a mapping of keys, not {_describe(error.instance)}")]
        return [ConfigProblem(raw.path, line, f"`{name}` must be {wanted}, not {_describe(error.instance)}")]
    if keyword == "enum":
        if len(key_path) == 2 and key_path[0] == "unsuppressible":
            return [ConfigProblem(raw.path, line, f"unknown rule `{error.instance}` in `unsuppressible`; run `dlint rules` to list the rules")]
        choices = ", ".join(f"`{choice}`" for choice in error.validator_value)
        return [ConfigProblem(raw.path, line, f"`{name}` is {_describe(error.instance)}; expected one of {choices}")]
    if keyword == "pattern":
        return [ConfigProblem(raw.path, line, f"`{name}` is {_describe(error.instance)}; expected text matching `{error.validator_value}`")]
    if keyword in ("minimum", "maximum"):
        bound = "at least" if keyword == "minimum" else "at most"
        return [ConfigProblem(raw.path, line, f"`{name}` is {_describe(error.instance)}; expected {bound} `{error.validator_value}`")]
    if keyword == "minLength":
        return [ConfigProblem(raw.path, line, f"`{name}` is empty; expected some text")]
    return [ConfigProblem(raw.path, line, f"`{name}` is invalid: {error.message}")]


def _duplicate_rules(raw: RawConfig, rules: Iterable[Rule]) -> list[ConfigProblem]:
    """Report each rule configured under both its id and its name, which is ambiguous."""
    configured = raw.data.get("rules") if isinstance(raw.data, dict) else None
    if not isinstance(configured, dict):
        return []
    problems = []
    for rule in rules:
        if rule.id in configured and rule.name in configured:
            problems.append(
                ConfigProblem(
                    raw.path, raw.locate(("rules", rule.name)),
                    f"rule `{rule.id}` is configured twice, as `{rule.id}` and as `{rule.name}`; keep one",
                )
            )
    return problems


def validate(raw: RawConfig, rules: Iterable[Rule]) -> list[ConfigProblem]:
    """Return every problem in a configuration, each naming the key and its line."""
    import jsonschema  # imported here: it costs more at startup than all of dlint's own modules

    rules = list(rules)
    validator = jsonschema.Draft202012Validator(config_schema(rules))
    problems: list[ConfigProblem] = []
    for error in validator.iter_errors(raw.data):
        problems.extend(_problems_of(error, raw))
    problems.extend(_duplicate_rules(raw, rules))
    return problems


# -- building settings ----------------------------------------------------------------


def _policy_from(values: Mapping[str, Any]) -> Policy:
    changes: dict[str, Any] = {}
    for policy_field in fields(Policy):
        key = kebab(policy_field.name)
        if key not in values:
            continue
        value = values[key]
        default = getattr(DEFAULT_POLICY, policy_field.name)
        if isinstance(default, tuple):
            value = tuple(value)
        elif isinstance(default, str):
            value = str(value)
        changes[policy_field.name] = value
    return replace(DEFAULT_POLICY, **changes)


def _rule_lookup(rules: Iterable[Rule]) -> dict[str, Rule]:
    return {key: rule for rule in rules for key in (rule.id, rule.name)}


def build_config(raw: RawConfig, rules: Iterable[Rule]) -> Config:
    """Turn validated data into settings."""
    data: Mapping[str, Any] = raw.data
    lookup = _rule_lookup(rules)
    disabled = set()
    severities: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    for key, settings in (data.get("rules") or {}).items():
        rule = lookup[key]
        if settings.get("enabled") is False:
            disabled.add(rule.id)
        if "severity" in settings:
            severities[rule.id] = Severity(settings["severity"])
        by_key = {kebab(option): option for option in rule.options}
        chosen = {by_key[name]: value for name, value in settings.items() if name not in RULE_KEYS}
        if chosen:
            options[rule.id] = chosen
    return Config(
        source=raw.path,
        policy=_policy_from(data.get("policy") or {}),
        fail_on=data.get("fail-on", "error"),
        exclude=tuple(data.get("exclude") or ()),
        require_reason=data.get("require-reason", True),
        unsuppressible=frozenset(lookup[key].id for key in data.get("unsuppressible") or ()),
        disabled=frozenset(disabled),
        severities=severities,
        rule_options=options,
    )


def load_config_file(path: str, rules: Iterable[Rule]) -> Config:
    """Read, validate and build one configuration file; raises ConfigError for any problem.

    A `.toml` file must contain a `[tool.dlint]` table. Any other file is read as YAML.
    """
    rules = list(rules)
    text = read_config_text(path)
    if path.endswith(".toml"):
        raw = read_toml_config(path, text)
        if raw is None:
            raise ConfigError([ConfigProblem(path, 1, "has no `[tool.dlint]` table")])
    else:
        raw = read_yaml_config(path, text)
    problems = validate(raw, rules)
    if problems:
        raise ConfigError(problems)
    return build_config(raw, rules)


# -- discovery ----------------------------------------------------------------------


def _pyproject_has_table(path: str) -> bool:
    """Return whether a pyproject.toml contains `[tool.dlint]`, parsing it only when the text may."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return False
    return has_dlint_table(text) and read_toml_config(_shown_path(path), text) is not None


def find_config_file(directory: str) -> str | None:
    """Find the configuration for files in `directory`, or None.

    That is the nearest `.dlint.yaml` or `pyproject.toml` with a `[tool.dlint]` table,
    searched upward and no further than the repository root (the first folder that
    contains `.git`). In one folder `.dlint.yaml` wins.
    """
    current = os.path.abspath(directory)
    while True:
        candidate = os.path.join(current, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(current, PYPROJECT_FILE)
        if os.path.isfile(pyproject) and _pyproject_has_table(pyproject):
            return pyproject
        parent = os.path.dirname(current)
        if os.path.exists(os.path.join(current, ".git")) or parent == current:
            return None
        current = parent


def _shown_path(path: str) -> str:
    """Return a found file as messages show it: relative to the current folder when below it."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


class ConfigResolver:
    """Finds and loads the configuration of each linted file, each folder and file once."""

    def __init__(self, rules: Iterable[Rule], explicit: str | None = None, use_files: bool = True) -> None:
        self.rules = list(rules)
        self.explicit = explicit
        self.use_files = use_files
        self._by_directory: dict[str, str | None] = {}
        self._loaded: dict[str, Config] = {}

    def load(self, path: str) -> Config:
        if path not in self._loaded:
            self._loaded[path] = load_config_file(_shown_path(path), self.rules)
        return self._loaded[path]

    def for_file(self, path: str) -> Config:
        """Return the configuration for one linted file; raises ConfigError."""
        if self.explicit is not None:
            return self.load(self.explicit)
        if not self.use_files:
            return DEFAULT_CONFIG
        directory = os.path.dirname(os.path.abspath(path))
        if directory not in self._by_directory:
            self._by_directory[directory] = find_config_file(directory)
        found = self._by_directory[directory]
        return DEFAULT_CONFIG if found is None else self.load(found)

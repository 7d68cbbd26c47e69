from __future__ import annotations

import os
import pathlib
from typing import Any, Iterator

import pytest

from dlint.config import (
    DEFAULT_CONFIG,
    Config,
    ConfigError,
    ConfigResolver,
    config_schema,
    find_config_file,
    has_dlint_table,
    load_config_file,
    schema_for_value,
)
from dlint.findings import Severity
from dlint.policy import DEFAULT_POLICY
from dlint.rules import RULES
from dlint.rules.base import Rule, RuleDocs, Scope


def _no_hits(_unit: object, _context: object) -> Iterator[Any]:
    return iter(())


OPTIONED = Rule(
    id="DF900",
    name="optioned-rule",
    severity=Severity.WARNING,
    scope=Scope.DOCKERFILE,
    summary="a rule with options, for the schema tests",
    check=_no_hits,
    docs=RuleDocs(checks="-", why="-", noncompliant="-", compliant="-"),
    options={"max_layers": 3, "allowed_users": ["10001"], "strict": False},
    option_schema={"max_layers": {"type": "integer", "minimum": 1}},
)
TEST_RULES = (*RULES, OPTIONED)


def write(root: pathlib.Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/"):
            path.mkdir(exist_ok=True)
        else:
            path.write_text(text, encoding="utf-8")


def problems_of(tmp_path: pathlib.Path, name: str, text: str) -> list[tuple[int, str]]:
    write(tmp_path, {name: text})
    with pytest.raises(ConfigError) as caught:
        load_config_file(str(tmp_path / name), TEST_RULES)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def loaded(tmp_path: pathlib.Path, text: str, name: str = ".dlint.yaml") -> Config:
    write(tmp_path, {name: text})
    return load_config_file(str(tmp_path / name), TEST_RULES)


# -- discovery ---------------------------------------------------------------------------

PYPROJECT = '[project]\nname = "x"\n\n[tool.dlint]\nfail-on = "warning"\n'

DISCOVERY_CASES = [
    pytest.param({}, "svc/Dockerfile", None, id="none-found"),
    pytest.param({".dlint.yaml": ""}, "svc/Dockerfile", ".dlint.yaml", id="yaml-at-root"),
    pytest.param({"pyproject.toml": PYPROJECT}, "svc/Dockerfile", "pyproject.toml", id="pyproject-at-root"),
    pytest.param(
        {".dlint.yaml": "", "pyproject.toml": PYPROJECT}, "Dockerfile", ".dlint.yaml", id="yaml-beats-pyproject-in-one-folder"
    ),
    pytest.param({".dlint.yaml": "", "svc/.dlint.yaml": ""}, "svc/Dockerfile", "svc/.dlint.yaml", id="nearest-folder-wins"),
    pytest.param(
        {".dlint.yaml": "", "svc/pyproject.toml": PYPROJECT}, "svc/Dockerfile", "svc/pyproject.toml", id="nearest-pyproject-wins"
    ),
    pytest.param(
        {".dlint.yaml": "", "svc/pyproject.toml": '[project]\nname = "x"\n'}, "svc/Dockerfile", ".dlint.yaml",
        id="pyproject-without-table-skipped",
    ),
    pytest.param(
        {".dlint.yaml": "", "svc/pyproject.toml": '[project]\ndependencies = [\n  "poblysh-dlint",\n]\n[tool.other]\ndlint = 1\n'},
        "svc/Dockerfile", ".dlint.yaml", id="pyproject-mentioning-dlint-skipped",
    ),
    pytest.param(
        {"repo/.git/": "", ".dlint.yaml": ""}, "repo/svc/Dockerfile", None, id="stops-at-repository-root"
    ),
    pytest.param(
        {"repo/.git/": "", "repo/.dlint.yaml": ""}, "repo/svc/Dockerfile", "repo/.dlint.yaml", id="config-at-repository-root"
    ),
]


@pytest.mark.parametrize(("files", "linted", "expected"), DISCOVERY_CASES)
def test_find_config_file(tmp_path: pathlib.Path, files: dict[str, str], linted: str, expected: str | None) -> None:
    write(tmp_path, {".git/": "", **files} if "repo/.git/" not in files else files)
    write(tmp_path, {linted: "FROM scratch\n"})
    found = find_config_file(str((tmp_path / linted).parent))
    assert (os.path.relpath(found, tmp_path) if found else None) == expected


def test_resolver_explicit_file_wins(tmp_path: pathlib.Path) -> None:
    write(tmp_path, {".git/": "", ".dlint.yaml": "fail-on: never\n", "other.yaml": "fail-on: warning\n", "Dockerfile": ""})
    resolver = ConfigResolver(TEST_RULES, explicit=str(tmp_path / "other.yaml"))
    assert resolver.for_file(str(tmp_path / "Dockerfile")).fail_on == "warning"


def test_resolver_no_config_uses_defaults(tmp_path: pathlib.Path) -> None:
    write(tmp_path, {".git/": "", ".dlint.yaml": "fail-on: never\n", "Dockerfile": ""})
    resolver = ConfigResolver(TEST_RULES, use_files=False)
    assert resolver.for_file(str(tmp_path / "Dockerfile")) is DEFAULT_CONFIG


def test_resolver_finds_file_config(tmp_path: pathlib.Path) -> None:
    write(tmp_path, {".git/": "", ".dlint.yaml": "fail-on: never\n", "svc/Dockerfile": ""})
    resolver = ConfigResolver(TEST_RULES)
    assert resolver.for_file(str(tmp_path / "svc/Dockerfile")).fail_on == "never"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[tool.dlint]\n", True, id="table"),
        pytest.param("[tool.dlint.policy]\nuid = 1\n", True, id="sub-table"),
        pytest.param("[tool]\ndlint.fail-on = 'never'\n", True, id="dotted-under-tool"),
        pytest.param("tool.dlint.fail-on = 'never'\n", True, id="dotted-key"),
        pytest.param("[tool.ruff]\n", False, id="other-tool"),
        pytest.param("[tool.dlinter]\n", False, id="longer-name"),
        pytest.param("[ tool . dlint ]\n", True, id="spaced-table"),
        pytest.param("[tool]\ndlint = { fail-on = 'never' }\n", True, id="inline-under-tool"),
        pytest.param("[project.scripts]\ndlint = 'dlint.cli:main'\n", False, id="key-in-other-table"),
        pytest.param("[project]\ntool.dlint.fail-on = 'never'\n", False, id="dotted-key-in-other-table"),
        pytest.param("[tool.ruff]\n[tool]\ndlint.fail-on = 'never'\n", True, id="tool-after-other-table"),
    ],
)
def test_has_dlint_table(text: str, expected: bool) -> None:
    assert has_dlint_table(text) is expected


# -- validation --------------------------------------------------------------------------

YAML_PROBLEMS = [
    pytest.param("colour: red\n", [(1, "unknown key `colour`; expected one of `fail-on`, `exclude`, `require-reason`, `unsuppressible`, `policy`, `rules`")], id="unknown-top-key"),
    pytest.param("rules:\n  DF999: {}\n", [(2, "unknown rule `DF999`; run `dlint rules` to list the rules")], id="unknown-rule-id"),
    pytest.param("rules:\n  df002: {}\n", [(2, "unknown rule `df002`; run `dlint rules` to list the rules")], id="rule-id-wrong-case"),
    pytest.param("rules:\n  DF002:\n    colour: red\n", [(3, "unknown option `colour` for rule `DF002`; run `dlint explain DF002` to see its options")], id="unknown-option"),
    pytest.param("policy:\n  user: 1\n", [(2, "unknown policy parameter `user`; run `dlint rules --format json` to see the parameters")], id="unknown-policy-parameter"),
    pytest.param("policy:\n  env_prefix: X_\n", [(2, "unknown policy parameter `env_prefix`; run `dlint rules --format json` to see the parameters")], id="snake-case-policy-key"),
    pytest.param("rules:\n  DF002:\n    enabled: 'false'\n", [(3, "`rules.DF002.enabled` must be a boolean (`true` or `false`), not the string `'false'`")], id="enabled-quoted-string"),
    pytest.param("rules:\n  DF002:\n    enabled: yes\n", [(3, "`rules.DF002.enabled` must be a boolean (`true` or `false`), not the string `'yes'`")], id="enabled-yaml11-yes"),
    pytest.param("rules:\n  DF002:\n    severity: fatal\n", [(3, "`rules.DF002.severity` is the string `'fatal'`; expected one of `error`, `warning`")], id="severity-unknown"),
    pytest.param("rules:\n  DF002: true\n", [(2, "`rules.DF002` must be a mapping, not the boolean `true`")], id="rule-not-mapping"),
    pytest.param("fail-on: warnings\n", [(1, "`fail-on` is the string `'warnings'`; expected one of `error`, `warning`, `never`")], id="fail-on-unknown"),
    pytest.param("exclude: vendor\n", [(1, "`exclude` must be a list, not the string `'vendor'`")], id="exclude-not-list"),
    pytest.param("exclude:\n  - vendor\n  - 3\n", [(3, "`exclude[1]` must be a string, not the number `3`")], id="exclude-item-number"),
    pytest.param("require-reason: 1\n", [(1, "`require-reason` must be a boolean (`true` or `false`), not the number `1`")], id="require-reason-number"),
    pytest.param("unsuppressible: [DF002, DF999]\n", [(1, "unknown rule `DF999` in `unsuppressible`; run `dlint rules` to list the rules")], id="unsuppressible-unknown"),
    pytest.param("policy:\n  uid: app\n", [(2, "`policy.uid` is the string `'app'`; expected text matching `^[0-9]+$`")], id="uid-not-numeric"),
    pytest.param("policy:\n  uid: -1\n", [(2, "`policy.uid` is the number `-1`; expected at least `0`")], id="uid-negative"),
    pytest.param("policy:\n  port: '8080'\n", [(2, "`policy.port` must be a whole number, not the string `'8080'`")], id="port-string"),
    pytest.param("policy:\n  port: 70000\n", [(2, "`policy.port` is the number `70000`; expected at most `65535`")], id="port-too-high"),
    pytest.param("policy:\n  app-services: app\n", [(2, "`policy.app-services` must be a list, not the string `'app'`")], id="services-not-list"),
    pytest.param("policy:\n  env-prefix:\n", [(2, "`policy.env-prefix` must be a string, not an empty value")], id="prefix-empty"),
    pytest.param("rules:\n  DF900:\n    max-layers: 0\n", [(3, "`rules.DF900.max-layers` is the number `0`; expected at least `1`")], id="option-own-schema"),
    pytest.param("rules:\n  DF900:\n    strict: 'no'\n", [(3, "`rules.DF900.strict` must be a boolean (`true` or `false`), not the string `'no'`")], id="option-derived-boolean"),
    pytest.param("rules:\n  DF900:\n    allowed-users: [10001]\n", [(3, "`rules.DF900.allowed-users[0]` must be a string, not the number `10001`")], id="option-derived-list-items"),
    pytest.param("rules:\n  DF900:\n    max_layers: 2\n", [(3, "unknown option `max_layers` for rule `DF900`; run `dlint explain DF900` to see its options")], id="option-snake-case"),
    pytest.param("rules:\n  DF002:\n    enabled: false\n  non-root-user:\n    severity: warning\n", [(4, "rule `DF002` is configured twice, as `DF002` and as `non-root-user`; keep one")], id="rule-by-id-and-name"),
    pytest.param("rules:\n  DF002: {}\n  DF002: {}\n", [(3, "duplicate key `DF002` (first defined at line 2); remove one of them")], id="duplicate-rule"),
    pytest.param("fail-on: error\nfail-on: never\n", [(2, "duplicate key `fail-on` (first defined at line 1); remove one of them")], id="duplicate-top-key"),
    pytest.param("- fail-on\n", [(1, "the configuration must be a mapping of keys, not a list")], id="root-list"),
    pytest.param("rules: [\n", [(2, "invalid YAML: did not find expected node content")], id="yaml-syntax"),
    pytest.param(
        "colour: red\npolicy:\n  port: x\n",
        [(1, "unknown key `colour`; expected one of `fail-on`, `exclude`, `require-reason`, `unsuppressible`, `policy`, `rules`"),
         (3, "`policy.port` must be a whole number, not the string `'x'`")],
        id="every-problem-reported",
    ),
]


@pytest.mark.parametrize(("text", "expected"), YAML_PROBLEMS)
def test_yaml_problem(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, str]]) -> None:
    assert problems_of(tmp_path, ".dlint.yaml", text) == expected


TOML_PROBLEMS = [
    pytest.param(
        '[project]\nname = "x"\n\n[tool.dlint.rules.DF002]\nenabled = "false"\n',
        [(5, "`rules.DF002.enabled` must be a boolean (`true` or `false`), not the string `'false'`")],
        id="wrong-type",
    ),
    pytest.param(
        '[tool.dlint]\nfail-on = "error"\ncolour = "red"\n',
        [(3, "unknown key `colour`; expected one of `fail-on`, `exclude`, `require-reason`, `unsuppressible`, `policy`, `rules`")],
        id="unknown-key",
    ),
    pytest.param(
        '[tool.dlint.rules]\nDF002 = { enabled = true }\nDF999 = { enabled = true }\n',
        [(3, "unknown rule `DF999`; run `dlint rules` to list the rules")],
        id="unknown-rule-inline-table",
    ),
    pytest.param(
        '[tool.dlint.policy]\nport = 8080\nuid = "x"\n', [(3, "`policy.uid` is the string `'x'`; expected text matching `^[0-9]+$`")],
        id="policy-value",
    ),
    pytest.param('[tool.dlint]\nfail-on = "error"\nfail-on = "never"\n', [(3, "duplicate key `fail-on`; remove one of them")], id="duplicate-key"),
    pytest.param('[tool.dlint]\nfail-on = \n', [(2, "invalid TOML: invalid value")], id="toml-syntax"),
]


@pytest.mark.parametrize(("text", "expected"), TOML_PROBLEMS)
def test_toml_problem(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, str]]) -> None:
    assert problems_of(tmp_path, "pyproject.toml", text) == expected


def test_toml_without_table_is_an_error(tmp_path: pathlib.Path) -> None:
    assert problems_of(tmp_path, "pyproject.toml", '[project]\nname = "x"\n') == [(1, "has no `[tool.dlint]` table")]


def test_missing_explicit_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config_file(str(tmp_path / "absent.yaml"), TEST_RULES)
    assert [problem.message for problem in caught.value.problems] == ["configuration file does not exist"]


# -- building settings -------------------------------------------------------------------

FULL = """\
fail-on: warning
exclude: [vendor, "examples/*.Dockerfile"]
require-reason: false
unsuppressible: [DF002, runtime-env-prefix]
policy:
  uid: 1000
  gid: "1000"
  port: 9000
  env-prefix: ACME_
  app-services: [api, worker]
  secret-name-patterns: [PASS]
rules:
  DF003:
    enabled: false
  migrate-gates-app:
    severity: warning
  DF900:
    max-layers: 5
    strict: true
"""

BUILD_CASES = [
    pytest.param(lambda config: config.fail_on, "warning", id="fail-on"),
    pytest.param(lambda config: config.exclude, ("vendor", "examples/*.Dockerfile"), id="exclude"),
    pytest.param(lambda config: config.require_reason, False, id="require-reason"),
    pytest.param(lambda config: config.unsuppressible, frozenset({"DF002", "DF006"}), id="unsuppressible-by-name"),
    pytest.param(lambda config: config.policy.uid, "1000", id="uid-number-to-text"),
    pytest.param(lambda config: config.policy.gid, "1000", id="gid-text"),
    pytest.param(lambda config: config.policy.port, 9000, id="port"),
    pytest.param(lambda config: config.policy.env_prefix, "ACME_", id="env-prefix"),
    pytest.param(lambda config: config.policy.app_services, ("api", "worker"), id="list-to-tuple"),
    pytest.param(lambda config: config.policy.secret_name_patterns, ("PASS",), id="secret-patterns"),
    pytest.param(lambda config: config.policy.binary, DEFAULT_POLICY.binary, id="unset-keeps-default"),
    pytest.param(lambda config: config.disabled, frozenset({"DF003"}), id="disabled"),
    pytest.param(lambda config: dict(config.severities), {"CF003": Severity.WARNING}, id="severity-by-name"),
    pytest.param(lambda config: dict(config.rule_options), {"DF900": {"max_layers": 5, "strict": True}}, id="options-to-names"),
]


@pytest.mark.parametrize(("read", "expected"), BUILD_CASES)
def test_build(tmp_path: pathlib.Path, read: Any, expected: Any) -> None:
    assert read(loaded(tmp_path, FULL)) == expected


def test_build_from_pyproject(tmp_path: pathlib.Path) -> None:
    text = '[tool.dlint]\nfail-on = "never"\n[tool.dlint.policy]\nport = 9000\n[tool.dlint.rules.DF003]\nenabled = false\n'
    config = loaded(tmp_path, text, name="pyproject.toml")
    assert (config.fail_on, config.policy.port, config.disabled) == ("never", 9000, frozenset({"DF003"}))


def test_empty_file_is_defaults(tmp_path: pathlib.Path) -> None:
    config = loaded(tmp_path, "")
    assert (config.policy, config.fail_on, config.disabled) == (DEFAULT_POLICY, "error", frozenset())


EXCLUDE_CASES = [
    pytest.param("vendor", "vendor/x/Dockerfile", True, id="folder-name"),
    pytest.param("vendor", "src/vendor/Dockerfile", True, id="folder-name-anywhere"),
    pytest.param("vendor/", "vendor/Dockerfile", True, id="folder-with-slash"),
    pytest.param("examples/*.Dockerfile", "examples/a.Dockerfile", True, id="glob-with-folder"),
    pytest.param("examples/*.Dockerfile", "examples/Dockerfile", False, id="glob-no-match"),
    pytest.param("*.Dockerfile", "deep/down/b.Dockerfile", True, id="name-glob-anywhere"),
    pytest.param("./svc/compose.yaml", "svc/compose.yaml", True, id="dot-slash-prefix"),
    pytest.param("svc", "other/compose.yaml", False, id="unrelated"),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), EXCLUDE_CASES)
def test_excludes(tmp_path: pathlib.Path, pattern: str, path: str, expected: bool) -> None:
    config = Config(source=str(tmp_path / ".dlint.yaml"), exclude=(pattern,))
    assert config.excludes(str(tmp_path / path)) is expected


# -- the schema --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("default", "expected"),
    [
        pytest.param(True, {"type": "boolean"}, id="bool"),
        pytest.param(3, {"type": "integer"}, id="int"),
        pytest.param(0.5, {"type": "number"}, id="float"),
        pytest.param("x", {"type": "string"}, id="str"),
        pytest.param(("a", "b"), {"type": "array", "items": {"type": "string"}}, id="tuple-of-str"),
        pytest.param([], {"type": "array"}, id="empty-list"),
        pytest.param({"a": 1}, {"type": "object"}, id="mapping"),
    ],
)
def test_schema_for_value(default: Any, expected: dict[str, Any]) -> None:
    assert schema_for_value(default) == expected


def test_schema_lists_every_registered_rule() -> None:
    properties = config_schema(RULES)["properties"]["rules"]["properties"]
    assert set(properties) == {key for rule in RULES for key in (rule.id, rule.name)}

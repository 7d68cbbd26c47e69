"""The Compose YAML loader and model: positions, strictness and safety."""

from __future__ import annotations

import pytest
import yaml

from dlint.compose.loader import MAX_DEPTH, YamlError, load_yaml
from dlint.compose.model import ComposeFile, Issue, build_compose_file
from dlint.compose.nodes import Mapping, Node, Scalar, Sequence


def load(text: str) -> Node:
    node = load_yaml(text, "compose.yaml")
    assert node is not None
    return node


def mapping(text: str) -> Mapping:
    node = load(text)
    assert isinstance(node, Mapping)
    return node


def load_error(text: str) -> tuple[int, int]:
    with pytest.raises(YamlError) as caught:
        load_yaml(text, "compose.yaml")
    return caught.value.line, caught.value.column


def compose(text: str) -> ComposeFile | Issue:
    return build_compose_file(load_yaml(text, "compose.yaml"), "compose.yaml", "compose.yaml")


# -- positions -----------------------------------------------------------------

POSITIONS = "services:\n  app:\n    image: c:1\n    ports:\n      - \"8080:8080\"\n      - 9090\n"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(("services",), (2, 3), id="services-value"),
        pytest.param(("services", "app"), (3, 5), id="service-value"),
        pytest.param(("services", "app", "image"), (3, 12), id="scalar-value"),
        pytest.param(("services", "app", "ports", 0), (5, 9), id="first-item"),
        pytest.param(("services", "app", "ports", 1), (6, 9), id="second-item"),
    ],
)
def test_value_positions(path: tuple[str | int, ...], expected: tuple[int, int]) -> None:
    node: Node | None = load(POSITIONS)
    for step in path:
        node = node.items[step] if isinstance(step, int) else node.get(step)  # type: ignore[union-attr]
    assert node is not None and (node.line, node.column) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [pytest.param("image", (3, 5), id="image"), pytest.param("ports", (4, 5), id="ports")],
)
def test_key_positions(key: str, expected: tuple[int, int]) -> None:
    service = mapping(POSITIONS).get("services").get("app")  # type: ignore[union-attr]
    found = service.key_node(key)
    assert found is not None and (found.line, found.column) == expected


def test_mark_keeps_path() -> None:
    assert load("a: 1\n").mark.path == "compose.yaml"


# -- duplicates and merge keys -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: 1\na: 2\n", (2, 1), id="top-level"),
        pytest.param("s:\n  x:\n    e: 1\n    e: 2\n", (4, 5), id="nested"),
        pytest.param("s: {x: 1, x: 2}\n", (1, 11), id="flow"),
    ],
)
def test_duplicate_key_error_at_second(text: str, expected: tuple[int, int]) -> None:
    assert load_error(text) == expected


def test_duplicate_key_pyyaml_keeps_last() -> None:
    assert yaml.safe_load("a: 1\na: 2\n") == {"a": 2}


MERGE = (
    "x-app: &app\n  environment:\n    POBLYSH_PROFILE: dev\n"
    "x-debug: &debug\n  environment:\n    RUST_LOG: debug\n  image: debug:1\n"
    "service:\n  image: c:1\n  <<: [*app, *debug]\n"
)


def merged(text: str) -> dict[str, str | list[str]]:
    service = mapping(text).get("service")
    assert isinstance(service, Mapping)
    out: dict[str, str | list[str]] = {}
    for key, value in service.entries:
        out[key.text] = value.text if isinstance(value, Scalar) else value.keys()  # type: ignore[union-attr]
    return out


def test_merge_earlier_mapping_wins() -> None:
    assert merged(MERGE)["environment"] == ["POBLYSH_PROFILE"]


def test_merge_own_key_wins() -> None:
    assert merged(MERGE)["image"] == "c:1"


def test_merge_pyyaml_differs() -> None:
    # PyYAML's own loader lets the later mapping win here; dlint follows the YAML
    # merge-key rule (and Compose), whatever the installed PyYAML does.
    assert yaml.safe_load(MERGE)["service"]["environment"] == {"RUST_LOG": "debug"}


def test_merge_of_non_mapping_is_an_error() -> None:
    assert load_error("a: &a text\nb:\n  <<: *a\n") == (1, 4)


# -- scalars keep their text ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        pytest.param("p: 2222:22\n", "2222:22", "str", id="sexagesimal-stays-string"),
        pytest.param("p: yes\n", "yes", "str", id="yes-is-string"),
        pytest.param("p: on\n", "on", "str", id="on-is-string"),
        pytest.param("p: true\n", "true", "bool", id="true-is-bool"),
        pytest.param("p: 8080\n", "8080", "int", id="int"),
        pytest.param("p: '8080'\n", "8080", "str", id="quoted-int"),
        pytest.param("p:\n", "", "null", id="empty-is-null"),
        pytest.param("p: ~\n", "~", "null", id="tilde-is-null"),
    ],
)
def test_scalar_text_and_kind(text: str, value: str, kind: str) -> None:
    scalar = mapping(text).get("p")
    assert isinstance(scalar, Scalar) and (scalar.text, scalar.kind) == (value, kind)


def test_pyyaml_reads_sexagesimal_and_yes() -> None:
    assert yaml.safe_load("p: 2222:22\nq: yes\n") == {"p": 133342, "q": True}


# -- tags ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: !!python/object/apply:os.system ['echo hacked']\n", (1, 4), id="python-object"),
        pytest.param("a: !custom x\n", (1, 4), id="local-tag"),
        pytest.param("a:\n  b: !!python/name:os.system\n", (2, 6), id="nested"),
    ],
)
def test_unsupported_tags_rejected(text: str, expected: tuple[int, int]) -> None:
    assert load_error(text) == expected


def test_unsupported_tag_never_constructed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr("os.system", lambda command: calls.append(command) or 0)
    with pytest.raises(YamlError):
        load_yaml("a: !!python/object/apply:os.system ['echo hacked']\n", "compose.yaml")
    assert calls == []


@pytest.mark.parametrize("tag", ["!reset", "!override", "!!str"])
def test_known_tags_accepted(tag: str) -> None:
    assert isinstance(mapping(f"a: {tag} x\n").get("a"), Scalar)


# -- budgets -------------------------------------------------------------------


def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels + 1):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [" + ", ".join([previous] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_stopped() -> None:
    # a5 is the first level above the budget: 11 * 10**5 nodes.
    assert load_error(alias_bomb(8)) == (6, 5)


def test_small_alias_reuse_allowed() -> None:
    assert isinstance(load(alias_bomb(3)), Mapping)


def test_deep_nesting_is_an_error() -> None:
    line, _column = load_error("a: " + "[" * (MAX_DEPTH + 50) + "]" * (MAX_DEPTH + 50) + "\n")
    assert line == 1


def test_nesting_below_limit_loads() -> None:
    assert isinstance(load("a: " + "[" * (MAX_DEPTH - 5) + "]" * (MAX_DEPTH - 5) + "\n"), Mapping)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a: 1\n---\nb: 2\n", (2, 1), id="two-documents"),
        pytest.param("a: *missing\n", (1, 4), id="unknown-alias"),
        pytest.param("a: [1\n", (2, 1), id="unclosed-flow"),
        pytest.param("? [a]\n: 1\n", (1, 3), id="sequence-key"),
    ],
)
def test_yaml_errors(text: str, expected: tuple[int, int]) -> None:
    assert load_error(text) == expected


def test_empty_document_is_none() -> None:
    assert load_yaml("# nothing\n", "compose.yaml") is None


# -- the Compose model ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("- a\n- b\n", (1, 1), id="list-top-level"),
        pytest.param("just text\n", (1, 1), id="scalar-top-level"),
    ],
)
def test_top_level_not_mapping(text: str, expected: tuple[int, int]) -> None:
    built = compose(text)
    assert isinstance(built, Issue) and (built.node.line, built.node.column) == expected


def test_services_not_mapping() -> None:
    built = compose("services: [app]\n")
    assert isinstance(built, ComposeFile) and [(i.node.line, i.node.column) for i in built.issues] == [(1, 11)]


@pytest.mark.parametrize(
    ("name", "reported"),
    [
        pytest.param("1", True, id="number"),
        pytest.param("true", True, id="boolean"),
        pytest.param("null", True, id="null"),
        pytest.param("'1'", False, id="quoted-number"),
        pytest.param("yes", False, id="yes-is-a-name"),
    ],
)
def test_service_names_must_be_strings(name: str, reported: bool) -> None:
    built = compose(f"services:\n  {name}:\n    image: c:1\n")
    assert isinstance(built, ComposeFile) and bool(built.issues) is reported


def test_service_not_mapping() -> None:
    built = compose("services:\n  app: 3\n")
    assert isinstance(built, ComposeFile) and [(i.node.line, i.node.column) for i in built.issues] == [(2, 8)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("depends_on: [db, migrate]\n", [("db", "service_started", True), ("migrate", "service_started", True)], id="short"),
        pytest.param(
            "depends_on:\n      db:\n        condition: service_healthy\n      migrate:\n",
            [("db", "service_healthy", False), ("migrate", "service_started", False)], id="long",
        ),
    ],
)
def test_depends_on_forms(text: str, expected: list[tuple[str, str, bool]]) -> None:
    built = compose("services:\n  app:\n    " + text)
    assert isinstance(built, ComposeFile)
    found = [(d.name, d.condition, d.short_form) for d in built.services["app"].depends_on.values()]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("test: pg_isready\n", ("CMD-SHELL", ("pg_isready",), False), id="string"),
        pytest.param("test: [CMD, pg_isready, -q]\n", ("CMD", ("pg_isready", "-q"), False), id="cmd"),
        pytest.param("test: [CMD-SHELL, pg_isready -q]\n", ("CMD-SHELL", ("pg_isready -q",), False), id="cmd-shell"),
        pytest.param("test: [NONE]\n", ("NONE", (), True), id="none-list"),
        pytest.param("test: NONE\n", ("CMD-SHELL", ("NONE",), False), id="none-string"),
        pytest.param("test: [CMD, x]\n      disable: true\n", ("CMD", ("x",), True), id="disable"),
    ],
)
def test_healthcheck_forms(text: str, expected: tuple[str, tuple[str, ...], bool]) -> None:
    built = compose("services:\n  db:\n    healthcheck:\n      " + text)
    assert isinstance(built, ComposeFile)
    check = built.services["db"].healthcheck
    assert check is not None and check.test is not None
    assert (check.test.kind, check.test.args, check.disabled) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("environment:\n      A: 1\n      B:\n", [("A", "1"), ("B", None)], id="mapping"),
        pytest.param("environment:\n      - A=1=2\n      - B\n", [("A", "1=2"), ("B", None)], id="list"),
    ],
)
def test_environment_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    built = compose("services:\n  app:\n    " + text)
    assert isinstance(built, ComposeFile)
    assert [(v.key, v.value) for v in built.services["app"].environment] == expected


def test_ports_keep_string() -> None:
    built = compose("services:\n  app:\n    ports:\n      - 2222:22\n")
    assert isinstance(built, ComposeFile)
    (port,) = built.services["app"].ports
    assert (port.published, port.target) == ("2222", "22")


def test_sequence_node_iterates() -> None:
    node = load("- a\n- b\n")
    assert isinstance(node, Sequence) and [item.text for item in node] == ["a", "b"]  # type: ignore[attr-defined]

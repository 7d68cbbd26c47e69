from __future__ import annotations

import pytest

from dlint.compose.dotenv import EnvEntry
from dlint.compose.interpolation import environment_lookup, interpolate

ENV = {"SET": "v", "EMPTY": "", "OTHER": "o"}


def lookup(name: str) -> str | None:
    return ENV.get(name)


OPERATORS = [
    # (operator, result when SET="v", when EMPTY="", when UNSET)
    (":-", "v", "d", "d"),
    ("-", "v", "", "d"),
    (":+", "d", "", ""),
    ("+", "d", "d", ""),
    (":?", "v", None, None),
    ("?", "v", "", None),
]

OPERATOR_CASES = [
    pytest.param(f"${{{name}{op}d}}", expected, id=f"{name.lower()}{op}")
    for op, *results in OPERATORS
    for name, expected in zip(("SET", "EMPTY", "UNSET"), results)
]


@pytest.mark.parametrize(("text", "expected"), OPERATOR_CASES)
def test_operator(text: str, expected: str | None) -> None:
    assert interpolate(text, lookup).value == expected


VALUE_CASES = [
    pytest.param("plain", "plain", id="no-variable"),
    pytest.param("", "", id="empty"),
    pytest.param("$SET", "v", id="bare-name"),
    pytest.param("${SET}", "v", id="braced-name"),
    pytest.param("a${SET}b$OTHER-c", "avbo-c", id="mixed"),
    pytest.param("$SET_x", None, id="bare-name-takes-all-name-chars"),
    pytest.param("${SET}_x", "v_x", id="braces-end-name"),
    pytest.param("$$", "$", id="escaped-dollar"),
    pytest.param("$$SET", "$SET", id="escaped-dollar-before-name"),
    pytest.param("$${SET}", "${SET}", id="escaped-dollar-before-brace"),
    pytest.param("a$ b", "a$ b", id="dollar-before-space"),
    pytest.param("$1", "$1", id="dollar-before-digit"),
    pytest.param("x$", "x$", id="dollar-at-end"),
    pytest.param("${UNSET:-${SET:-x}}", "v", id="nested-default-inner-set"),
    pytest.param("${UNSET:-${NONE:-x}}", "x", id="nested-default-inner-unset"),
    pytest.param("${SET:+<${OTHER}>}", "<o>", id="nested-alt"),
    pytest.param("${UNSET:-a-b}", "a-b", id="default-with-dash"),
    pytest.param("${SET:-a:-b}", "v", id="default-with-operator-text"),
    pytest.param("${UNSET:-{x}}", "{x}", id="default-with-braces"),
    pytest.param("${UNSET:-x}y}", "xy}", id="brace-after-expression"),
    pytest.param("${UNSET:-$$}", "$", id="escaped-dollar-in-default"),
    pytest.param("${UNSET:-}", "", id="empty-default"),
    pytest.param("${SET:-a}${SET:?b}", "vv", id="two-expressions"),
    pytest.param("${set}", None, id="names-are-case-sensitive"),
]


@pytest.mark.parametrize(("text", "expected"), VALUE_CASES)
def test_value(text: str, expected: str | None) -> None:
    assert interpolate(text, lookup).value == expected


UNRESOLVED_CASES = [
    pytest.param("${SET}", (), id="set"),
    pytest.param("${EMPTY}", (), id="empty-is-set"),
    pytest.param("$UNSET", ("UNSET",), id="bare"),
    pytest.param("${UNSET}", ("UNSET",), id="braced"),
    pytest.param("${UNSET:-d}", (), id="with-default"),
    pytest.param("${UNSET+d}", (), id="with-alt"),
    pytest.param("${UNSET:-${NONE}}", ("NONE",), id="inner-of-default"),
    pytest.param("$A $B $A", ("A", "B"), id="each-name-once"),
    pytest.param("${SET:-${NONE}}", (), id="default-not-taken"),
    pytest.param("${UNSET:?need ${NONE}}", (), id="name-in-error-message"),
]


@pytest.mark.parametrize(("text", "expected"), UNRESOLVED_CASES)
def test_unresolved(text: str, expected: tuple[str, ...]) -> None:
    assert interpolate(text, lookup).unresolved == expected


def test_unresolved_value() -> None:
    assert interpolate("x${UNSET}y", lookup).value is None


USED_CASES = [
    pytest.param("plain", (), id="none"),
    pytest.param("$SET ${OTHER}", ("SET", "OTHER"), id="in-order"),
    pytest.param("${UNSET:-${SET}}", ("UNSET", "SET"), id="default-taken"),
    pytest.param("${SET:-${OTHER}}", ("SET",), id="default-not-taken"),
    pytest.param("${SET:+${OTHER}}", ("SET", "OTHER"), id="alt-taken"),
    pytest.param("$SET$SET", ("SET",), id="once"),
    pytest.param("$$SET", (), id="escaped"),
]


@pytest.mark.parametrize(("text", "expected"), USED_CASES)
def test_used(text: str, expected: tuple[str, ...]) -> None:
    assert interpolate(text, lookup).used == expected


ERROR_CASES = [
    pytest.param("${UNSET:?need it}", "need it", id="required-unset"),
    pytest.param("${EMPTY:?need it}", "need it", id="required-empty"),
    pytest.param("${UNSET?need it}", "need it", id="required-unset-plain"),
    pytest.param("${UNSET:?need ${SET}}", "need v", id="message-interpolated"),
    pytest.param(
        "${UNSET:?need ${NONE}}", "need ${NONE}", id="message-unresolved-kept-raw"
    ),
    pytest.param(
        "${UNSET?}",
        "required variable `UNSET` is missing a value",
        id="required-no-message",
    ),
    pytest.param(
        "${UNSET:-${NONE:?inner}}", "inner", id="required-in-default"
    ),
    pytest.param(
        "${SET:x}", "invalid interpolation format in `${SET:x}`", id="bad-operator"
    ),
    pytest.param(
        "${SET:-x", "invalid interpolation format in `${SET:-x`", id="unterminated"
    ),
    pytest.param("${}", "invalid interpolation format in `${}`", id="empty-name"),
    pytest.param(
        "${1A}", "invalid interpolation format in `${1A}`", id="name-starts-with-digit"
    ),
    pytest.param(
        "${A B}", "invalid interpolation format in `${A B}`", id="space-in-name"
    ),
    pytest.param(
        "${UNSET:-${X}",
        "invalid interpolation format in `${UNSET:-${X}`",
        id="unbalanced-nesting",
    ),
    pytest.param(
        "${UNSET:-x${}}",
        "invalid interpolation format in `${}`",
        id="invalid-inner",
    ),
    pytest.param(
        "${UNSET:-a\nb}",
        "invalid interpolation format in `${UNSET:-a`",
        id="line-break-in-braces",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERROR_CASES)
def test_error(text: str, expected: str) -> None:
    assert interpolate(text, lookup).error == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("${UNSET:?x}", id="required"),
        pytest.param("${SET:x}", id="invalid"),
    ],
)
def test_error_value(text: str) -> None:
    assert interpolate(text, lookup).value is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("${SET:?x}", id="required-set"),
        pytest.param("${SET:-x${}}", id="invalid-default-not-taken"),
        pytest.param("$ ${SET}", id="lone-dollar"),
    ],
)
def test_no_error(text: str) -> None:
    assert interpolate(text, lookup).error is None


def entry(key: str, value: str | None) -> EnvEntry:
    return EnvEntry(key=key, value=value, line=1, column=1)


LOOKUP_CASES = [
    pytest.param([entry("A", "file")], {"A": "proc"}, "A", "proc", id="process-wins"),
    pytest.param([entry("A", "file")], {}, "A", "file", id="file"),
    pytest.param([entry("A", "file")], {"A": ""}, "A", "", id="process-empty-wins"),
    pytest.param(
        [entry("A", "1"), entry("A", "2")], {}, "A", "2", id="later-entry-wins"
    ),
    pytest.param([entry("A", None)], {}, "A", None, id="unknown-entry-is-unset"),
    pytest.param([], {}, "A", None, id="unset"),
]


@pytest.mark.parametrize(("entries", "process", "name", "expected"), LOOKUP_CASES)
def test_environment_lookup(
    entries: list[EnvEntry], process: dict[str, str], name: str, expected: str | None
) -> None:
    assert environment_lookup(entries, process)(name) == expected


def test_environment_lookup_interpolates() -> None:
    env_lookup = environment_lookup([entry("TAG", "1.2")], {})
    assert interpolate("app:${TAG:-latest}", env_lookup).value == "app:1.2"

"""CF005 one-off-migration: migrate runs `connectors migrate up`, publishes nothing, never restarts."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from helpers import lint_files
from dlint.rules.cf005_one_off_migration import RULE

HEAD = "services:\n  migrate:\n    image: connectors:1.0\n"
GOOD = '    command: ["connectors", "migrate", "up"]\n'


def migrate(*lines: str) -> str:
    """The migrate service with extra lines; the first extra line is line 4."""
    return HEAD + "".join(f"    {line}\n" for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(migrate('command: ["connectors", "migrate", "up"]'), [], id="list"),
        pytest.param(migrate("command: connectors migrate up"), [], id="string"),
        pytest.param(migrate("command: \"connectors 'migrate' up\""), [], id="string-quoted-word"),
        pytest.param(migrate('command: ["/usr/local/bin/connectors", "migrate", "up"]'), [], id="binary-path"),
        pytest.param(migrate("command: /usr/local/bin/connectors migrate up --verbose"), [], id="extra-option"),
        pytest.param(migrate('entrypoint: ["connectors"]', 'command: ["migrate", "up"]'), [], id="entrypoint-and-command"),
        pytest.param(migrate("command: connectors ${CF005_VERB:-migrate} up"), [], id="variable-default"),
        pytest.param(migrate("command:\n      - connectors\n      - migrate\n      - up"), [], id="block-list"),
        pytest.param(HEAD, [(2, 3, "CF005")], id="no-command"),
        pytest.param(migrate("command:"), [(2, 3, "CF005")], id="null-command"),
        pytest.param(migrate('command: ["connectors", "serve"]'), [(4, 14, "CF005")], id="other-subcommand"),
        pytest.param(migrate('command: ["connectors", "migrate", "down"]'), [(4, 14, "CF005")], id="migrate-down"),
        pytest.param(migrate('command: ["migrate", "up"]'), [(4, 14, "CF005")], id="binary-missing"),
        pytest.param(migrate('command: ["other", "migrate", "up"]'), [(4, 14, "CF005")], id="other-binary"),
        pytest.param(migrate('command: ["sh", "-c", "connectors migrate up"]'), [(4, 14, "CF005")], id="through-shell"),
        pytest.param(migrate("command: connectors migrate"), [(4, 14, "CF005")], id="string-too-short"),
        pytest.param(migrate("command: \"connectors 'migrate up\""), [(4, 14, "CF005"), (4, 14, "E001")], id="unclosed-quote"),
        pytest.param(migrate("command: connectors ${CF005_UNSET} up"), [(4, 14, "CF005")], id="unset-variable"),
        pytest.param(migrate('entrypoint: ["sh"]', 'command: ["connectors", "migrate", "up"]'), [(5, 14, "CF005")], id="other-entrypoint"),
        pytest.param(migrate(GOOD.strip(), 'ports: ["8080:8080"]'), [(5, 13, "CF005")], id="short-port"),
        pytest.param(migrate(GOOD.strip(), "ports:", "  - target: 8080"), [(6, 17, "CF005")], id="long-port"),
        pytest.param(migrate(GOOD.strip(), 'ports: ["80", "81"]'), [(5, 13, "CF005"), (5, 19, "CF005")], id="two-ports"),
        pytest.param(migrate(GOOD.strip(), "ports: []"), [], id="empty-ports"),
        pytest.param(migrate(GOOD.strip(), "restart: no"), [], id="restart-no-unquoted"),
        pytest.param(migrate(GOOD.strip(), 'restart: "no"'), [], id="restart-no-quoted"),
        pytest.param(migrate(GOOD.strip(), "restart: ${CF005_RESTART:-no}"), [], id="restart-variable-default"),
        pytest.param(migrate(GOOD.strip(), "restart: on-failure"), [(5, 14, "CF005")], id="restart-on-failure"),
        pytest.param(migrate(GOOD.strip(), "restart: on-failure:3"), [(5, 14, "CF005")], id="restart-on-failure-count"),
        pytest.param(migrate(GOOD.strip(), "restart: always"), [(5, 14, "CF005")], id="restart-always"),
        pytest.param(migrate(GOOD.strip(), "restart: unless-stopped"), [(5, 14, "CF005")], id="restart-unless-stopped"),
        pytest.param(migrate(GOOD.strip(), "restart: false"), [(5, 14, "CF005"), (5, 14, "E001")], id="restart-boolean"),
        pytest.param(migrate(GOOD.strip(), "restart: ${CF005_UNSET}"), [(5, 14, "CF005")], id="restart-unset"),
        pytest.param("services:\n  app:\n    image: connectors:1.0\n    restart: always\n", [], id="no-migrate"),
    ],
)
def test_cf005(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            HEAD,
            "service `migrate` has no `command`, so the image's CMD decides what it runs; expected `command: connectors migrate up`",
            id="no-command",
        ),
        pytest.param(
            migrate('command: ["connectors", "serve"]'),
            "service `migrate` runs `connectors serve`; expected `connectors migrate up`",
            id="other-command",
        ),
        pytest.param(
            migrate(GOOD.strip(), "restart: always"),
            "service `migrate` restarts with `always`, so a finished migration runs again; expected no `restart` or `\"no\"`",
            id="restart",
        ),
        pytest.param(
            migrate(GOOD.strip(), 'ports: ["8080:8080"]'),
            "service `migrate` publishes port `8080:8080`; a one-off job publishes no ports",
            id="port",
        ),
        pytest.param(
            migrate("command: connectors ${CF005_UNSET} up"),
            "the command of `migrate` cannot be verified: `CF005_UNSET` is not set in the environment or `.env`",
            id="unset",
        ),
    ],
)
def test_cf005_message(tmp_path: pathlib.Path, text: str, message: str) -> None:
    assert messages(tmp_path, text, RULE) == [message]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf005_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("services:\n  migrate:\n    image: connectors:2.0\n", [], id="command-left-to-base"),
        pytest.param(
            "services:\n  migrate:\n    restart: always\n", [("compose.override.yaml", 3, 14, "CF005")], id="restart-in-override"
        ),
    ],
)
def test_cf005_override(tmp_path: pathlib.Path, override: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": HEAD + GOOD, "compose.override.yaml": override}
    assert lint_files(tmp_path, files, [RULE.id]) == expected

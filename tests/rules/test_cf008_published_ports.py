"""CF008 published-ports: app publishes container port 8080 only, in every ports syntax."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from helpers import lint_files
from dlint.rules.cf008_published_ports import RULE

HEAD = "services:\n  app:\n    image: connectors:1.0\n"


def ports(*items: str) -> str:
    """The app with a short-syntax ports list; the first item is on line 5, its text at column 9."""
    return HEAD + "    ports:\n" + "".join(f"      - {item}\n" for item in items)


LONG = HEAD + "    ports:\n      - target: {target}\n        published: \"9000\"\n        protocol: {protocol}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ports('"8080:8080"'), [], id="host-and-container"),
        pytest.param(ports('"8080"'), [], id="container-only"),
        pytest.param(ports("8080"), [], id="container-number"),
        pytest.param(ports('"127.0.0.1:18080:8080"'), [], id="host-ip"),
        pytest.param(ports('"127.0.0.1::8080"'), [], id="host-ip-no-host-port"),
        pytest.param(ports('"[::1]:8080:8080/tcp"'), [], id="ipv6-tcp"),
        pytest.param(ports('"9000-9010:8080"'), [], id="host-range"),
        pytest.param(ports('"${APP_PORT:-8080}:8080"'), [], id="host-port-variable"),
        pytest.param(ports('"8080:${CF008_TARGET:-8080}"'), [], id="container-port-default"),
        pytest.param(ports('"8080:8080"', '"18080:8080"'), [], id="two-host-ports"),
        pytest.param(LONG.format(target=8080, protocol="tcp"), [], id="long"),
        pytest.param(LONG.format(target='"8080"', protocol="TCP"), [], id="long-string-upper-case"),
        pytest.param(ports('"8080:80"'), [(5, 9, "CF008")], id="other-container-port"),
        pytest.param(ports('"8080:8080"', '"9090:9090"'), [(6, 9, "CF008")], id="extra-port"),
        pytest.param(ports('"8000-8090:8000-8090"'), [(5, 9, "CF008")], id="container-range"),
        pytest.param(ports('"8000-8090"'), [(5, 9, "CF008")], id="container-range-alone"),
        pytest.param(ports('"8080:8080/udp"'), [(5, 9, "CF008")], id="udp"),
        pytest.param(ports('"8080:8080/sctp"'), [(5, 9, "CF008")], id="sctp"),
        pytest.param(ports('"8080:${CF008_UNSET}"'), [(5, 9, "CF008")], id="container-port-unset"),
        pytest.param(ports('"8080:${CF008_PORT:-80}"'), [(5, 9, "CF008")], id="container-port-default-other"),
        pytest.param(ports('"${CF008_PORT:-8080}/udp"'), [(5, 9, "CF008")], id="variable-then-udp"),
        pytest.param(LONG.format(target='"${CF008_PORT:-8080}"', protocol="tcp"), [], id="long-variable-default"),
        pytest.param(LONG.format(target='"${CF008_PORT:-81}"', protocol="tcp"), [(5, 17, "CF008")], id="long-variable-other"),
        pytest.param(LONG.format(target=80, protocol="tcp"), [(5, 17, "CF008")], id="long-other-port"),
        pytest.param(LONG.format(target=8080, protocol="udp"), [(5, 17, "CF008")], id="long-udp"),
        pytest.param(HEAD, [(2, 3, "CF008")], id="no-ports"),
        pytest.param(HEAD + "    ports: []\n", [(4, 5, "CF008")], id="empty-ports"),
        pytest.param(HEAD + "    expose: [\"8080\"]\n", [(2, 3, "CF008")], id="expose-is-not-publish"),
        pytest.param("services:\n  db:\n    image: postgres:16-alpine\n    ports: [\"5432:5432\"]\n", [], id="other-service"),
    ],
)
def test_cf008(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(ports('"80:80"'), "`app` publishes container port `80`; expected only `8080`", id="other-port"),
        pytest.param(
            ports('"8000-8090"'), "`app` publishes the container port range `8000-8090`; expected only `8080`", id="range"
        ),
        pytest.param(ports('"8080/udp"'), "`app` publishes container port `8080/udp`; expected `8080/tcp`", id="udp"),
        pytest.param(HEAD, "service `app` publishes no port; expected container port `8080`", id="none"),
        pytest.param(
            ports('"${CF008_UNSET}"'),
            "port `${CF008_UNSET}` of `app` cannot be verified: `CF008_UNSET` is not set in the environment or `.env`",
            id="unset",
        ),
    ],
)
def test_cf008_message(tmp_path: pathlib.Path, text: str, message: str) -> None:
    assert messages(tmp_path, text, RULE) == [message]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf008_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("services:\n  app:\n    image: connectors:2.0\n", [], id="ports-left-to-base"),
        pytest.param(
            'services:\n  app:\n    ports: ["9090:9090"]\n', [("compose.override.yaml", 3, 13, "CF008")], id="extra-port-in-override"
        ),
    ],
)
def test_cf008_override(tmp_path: pathlib.Path, override: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": ports('"8080:8080"'), "compose.override.yaml": override}
    assert lint_files(tmp_path, files, [RULE.id]) == expected

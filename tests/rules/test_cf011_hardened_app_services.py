"""CF011 hardened-app-services: cap_drop ALL, no-new-privileges, not privileged, user 10001."""

from __future__ import annotations

import pathlib

import pytest

from compose_helpers import docs_findings, lint_compose, messages
from helpers import lint_files
from dlint.rules.cf011_hardened_app_services import RULE

CAP_DROP = "cap_drop: [ALL]"
SECURITY_OPT = 'security_opt: ["no-new-privileges:true"]'


def app(*lines: str) -> str:
    """app with the given lines, the first on line 4, each indented by four spaces."""
    return "services:\n  app:\n    image: connectors:1.0\n" + "".join(f"    {line}\n" for line in lines)


def hardened(*lines: str) -> str:
    """app with cap_drop and security_opt set; the extra lines start at line 6."""
    return app(CAP_DROP, SECURITY_OPT, *lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(hardened(), [], id="hardened"),
        pytest.param(hardened('user: "10001"'), [], id="user-uid"),
        pytest.param(hardened('user: "10001:10001"'), [], id="user-uid-gid"),
        pytest.param(hardened("user: ${CF011_USER:-10001}"), [], id="user-variable-default"),
        pytest.param(hardened("privileged: false"), [], id="privileged-false"),
        pytest.param(hardened("privileged: off"), [], id="privileged-off"),
        pytest.param(app("cap_drop: [all]", SECURITY_OPT), [], id="cap-drop-lower-case"),
        pytest.param(app("cap_drop: [NET_RAW, ALL]", SECURITY_OPT), [], id="cap-drop-all-among-others"),
        pytest.param(app(CAP_DROP, "security_opt: [no-new-privileges]"), [], id="no-new-privileges-alone"),
        pytest.param(app(CAP_DROP, "security_opt: [no-new-privileges=true]"), [], id="no-new-privileges-equals"),
        pytest.param(app(CAP_DROP, "security_opt: [label=disable, no-new-privileges:true]"), [], id="among-other-options"),
        pytest.param(app(SECURITY_OPT), [(2, 3, "CF011")], id="no-cap-drop"),
        pytest.param(app(CAP_DROP), [(2, 3, "CF011")], id="no-security-opt"),
        pytest.param(app(), [(2, 3, "CF011"), (2, 3, "CF011")], id="neither"),
        pytest.param(app("cap_drop: [NET_RAW]", SECURITY_OPT), [(4, 15, "CF011")], id="cap-drop-without-all"),
        pytest.param(app("cap_drop: []", SECURITY_OPT), [(4, 15, "CF011")], id="cap-drop-empty"),
        pytest.param(app("cap_drop: ALL", SECURITY_OPT), [(4, 15, "CF011"), (4, 15, "E001")], id="cap-drop-string"),
        pytest.param(app("cap_drop: [\"${CF011_UNSET}\"]", SECURITY_OPT), [(4, 15, "CF011")], id="cap-drop-unset"),
        pytest.param(app(CAP_DROP, "security_opt: [label=disable]"), [(5, 19, "CF011")], id="security-opt-without"),
        pytest.param(app(CAP_DROP, "security_opt: [no-new-privileges:false]"), [(5, 20, "CF011")], id="no-new-privileges-false"),
        pytest.param(hardened("privileged: true"), [(6, 17, "CF011")], id="privileged"),
        pytest.param(hardened("privileged: yes"), [(6, 17, "CF011")], id="privileged-yes"),
        pytest.param(hardened("user: root"), [(6, 11, "CF011")], id="user-root"),
        pytest.param(hardened('user: "0"'), [(6, 11, "CF011")], id="user-zero"),
        pytest.param(hardened("user: app"), [(6, 11, "CF011")], id="user-name"),
        pytest.param(hardened('user: "10001:0"'), [(6, 11, "CF011")], id="user-root-group"),
        pytest.param(hardened("user: 10001"), [(6, 11, "CF011"), (6, 11, "E001")], id="user-number-refused-by-compose"),
        pytest.param(hardened("user: ${CF011_UNSET}"), [(6, 11, "CF011")], id="user-unset"),
        pytest.param(
            "services:\n  app:\n    image: connectors:1.0\n    " + CAP_DROP + "\n    " + SECURITY_OPT
            + "\n  migrate:\n    image: connectors:1.0\n    privileged: true\n",
            [(6, 3, "CF011"), (6, 3, "CF011"), (8, 17, "CF011")], id="migrate-too",
        ),
        pytest.param("services:\n  db:\n    image: postgres:16-alpine\n    user: postgres\n", [], id="other-service"),
    ],
)
def test_cf011(tmp_path: pathlib.Path, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert lint_compose(tmp_path, text, RULE) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(app(SECURITY_OPT), "service `app` does not set `cap_drop`; expected `cap_drop: [ALL]`", id="no-cap-drop"),
        pytest.param(
            app("cap_drop: [NET_RAW]", SECURITY_OPT),
            "`cap_drop` of `app` is `[NET_RAW]`, which keeps other capabilities; expected `ALL`",
            id="cap-drop-without-all",
        ),
        pytest.param(
            app(CAP_DROP, "security_opt: [no-new-privileges:false]"),
            "`security_opt` of `app` sets `no-new-privileges:false`; expected `no-new-privileges:true`",
            id="no-new-privileges-false",
        ),
        pytest.param(
            hardened("privileged: true"),
            "service `app` sets `privileged: true`; expected no `privileged` or `false`",
            id="privileged",
        ),
        pytest.param(
            hardened("user: root"), "service `app` runs as user `root`; expected `10001` or `10001:10001`", id="user"
        ),
    ],
)
def test_cf011_message(tmp_path: pathlib.Path, text: str, message: str) -> None:
    assert messages(tmp_path, text, RULE) == [message]


@pytest.mark.parametrize("compliant", [pytest.param(False, id="noncompliant-fires"), pytest.param(True, id="compliant-quiet")])
def test_cf011_docs_examples(tmp_path: pathlib.Path, compliant: bool) -> None:
    assert (docs_findings(tmp_path, RULE, compliant) == []) is compliant


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        pytest.param("services:\n  app:\n    image: connectors:2.0\n", [], id="settings-left-to-base"),
        pytest.param(
            "services:\n  app:\n    privileged: true\n", [("compose.override.yaml", 3, 17, "CF011")], id="privileged-in-override"
        ),
        pytest.param(
            # Compose merges cap_drop as a union, so the base file's ALL stays.
            "services:\n  app:\n    cap_drop: [NET_RAW]\n", [], id="cap-drop-in-override-joins-base"
        ),
    ],
)
def test_cf011_override(tmp_path: pathlib.Path, override: str, expected: list[tuple[str, int, int, str]]) -> None:
    files = {"compose.yaml": hardened(), "compose.override.yaml": override}
    assert lint_files(tmp_path, files, [RULE.id]) == expected

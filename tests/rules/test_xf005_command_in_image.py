"""XF005 command-in-image: the binary the app services run is copied into their image."""

from __future__ import annotations

import pathlib

import pytest

from xf_support import COMPOSE, DOCKERFILE, Row, edit, findings, project, rows

COPY = "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors"
MIGRATE_COMMAND = 'command: ["connectors", "migrate", "up"]'


def copy_line(line: str) -> str:
    return edit(DOCKERFILE, (COPY, line))


def compose_edit(*replacements: tuple[str, str]) -> dict[str, str]:
    return project(**{"compose.yaml": edit(COMPOSE, *replacements)})


NOT_COPIED = copy_line("LABEL a=b")

CASES = [
    pytest.param(project(), [], id="copied-to-usr-local-bin"),
    pytest.param(
        project(Dockerfile=NOT_COPIED), [("Dockerfile", 8, 1, "XF005"), ("compose.yaml", 13, 14, "XF005")], id="not-copied",
    ),
    pytest.param(project(Dockerfile=copy_line("COPY --from=builder /src/target/release/connectors /usr/local/bin/")), [], id="folder-with-slash"),
    pytest.param(project(Dockerfile=copy_line("COPY --from=builder /src/target/release/connectors /usr/local/bin")), [], id="folder-on-path"),
    pytest.param(
        project(Dockerfile=copy_line("COPY --from=builder /src/target/release/connectors /opt/app/connectors")),
        [("Dockerfile", 8, 1, "XF005"), ("compose.yaml", 13, 14, "XF005")], id="copied-off-path",
    ),
    pytest.param(
        project(Dockerfile=edit(copy_line("COPY --from=builder /src/target/release/connectors /opt/app/connectors"), ('CMD ["connectors"]', 'CMD ["/opt/app/connectors"]'))),
        [("compose.yaml", 13, 14, "XF005")], id="absolute-command-path",
    ),
    pytest.param(
        project(Dockerfile=copy_line("WORKDIR /usr/local/bin\nCOPY --from=builder /src/target/release/connectors ./")), [],
        id="relative-destination-under-workdir",
    ),
    pytest.param(
        project(Dockerfile=copy_line("ENV PATH=/opt/app:$PATH\nCOPY --from=builder /src/target/release/connectors /opt/app/")), [],
        id="folder-added-to-path",
    ),
    pytest.param(
        project(Dockerfile=copy_line("COPY --from=builder /src/target/release/connect* /usr/local/bin/")), [], id="glob-source",
    ),
    pytest.param(project(Dockerfile=edit(DOCKERFILE, ('CMD ["connectors"]', "CMD connectors serve"))), [], id="shell-form-cmd"),
    pytest.param(
        project(Dockerfile=NOT_COPIED, **{"compose.yaml": edit(COMPOSE, (MIGRATE_COMMAND, 'command: ["sh", "-c", "connectors migrate up"]'))}),
        [("Dockerfile", 8, 1, "XF005"), ("compose.yaml", 13, 14, "XF005")], id="through-sh-c",
    ),
    pytest.param(
        compose_edit((MIGRATE_COMMAND, 'command: ["tini", "--", "connectors", "migrate", "up"]')), [], id="through-a-wrapper",
    ),
    pytest.param(
        compose_edit(("    image: poblysh/connectors:dev\n    user: \"10001:10001\"\n    ports", "    image: poblysh/connectors:dev\n    entrypoint: /bin/other\n    ports")),
        [("compose.yaml", 20, 17, "XF005")], id="entrypoint-runs-something-else",
    ),
    pytest.param(project(Dockerfile=edit(DOCKERFILE, ('CMD ["connectors"]\n', ""))), [("compose.yaml", 18, 5, "XF005")], id="nothing-to-run"),
    pytest.param(
        compose_edit(("    build: .\n    image: poblysh/connectors:dev\n    command", "    pull_policy: always\n    image: other/connectors:1\n    command")),
        [("compose.yaml", 12, 5, "XF005")], id="image-built-elsewhere",
    ),
    pytest.param(
        compose_edit(("  migrate:\n    build: .\n", "  migrate:\n    pull_policy: always\n")), [], id="runs-image-app-builds",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_rows(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], expected: list[Row],
) -> None:
    assert rows(tmp_path, monkeypatch, files, "XF005") == expected


def test_message_names_both_sides(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = findings(tmp_path, monkeypatch, project(Dockerfile=NOT_COPIED), "XF005")
    assert found[1].message == (
        "`connectors` run by service `migrate` (compose.yaml:13) is not copied into the image of Dockerfile:3; "
        "expected `COPY --from=<build stage> <path>/connectors /usr/local/bin/connectors`"
    )

"""Broken and hostile input: every case is a finding or a usage error, never a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import sys

import pytest

from dlint import sources
from dlint.cli import main
from dlint.discovery import discover
from dlint.engine import run_rules
from dlint.policy import DEFAULT_POLICY
from dlint.project import load_project
from dlint.rules import RULES

GOOD_DOCKERFILE = """\
FROM rust:1.85-slim AS builder
RUN cargo build --release
FROM debian:bookworm-slim
COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors
USER 10001
EXPOSE 8080
"""


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["check", "--format", "json", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    document = json.loads(captured.out) if captured.out else {}
    return code, document, captured.err


def findings_of(document: dict, rule: str) -> list[tuple[str, int, int]]:
    return [(f["path"], f["line"], f["column"]) for f in document["findings"] if f["rule"] == rule]


def write(path: pathlib.Path, data: bytes | str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
) + "services: {app: {labels: *i}}\n"


@pytest.mark.parametrize(
    ("name", "data", "rule", "line"),
    [
        pytest.param("Dockerfile", b"", "E001", 1, id="empty-dockerfile"),
        pytest.param("compose.yaml", b"", "E001", 1, id="empty-compose"),
        pytest.param("Dockerfile", bytes(range(256)) * 8, "E002", 1, id="binary"),
        pytest.param("Dockerfile", "FROM a\nUSER root\n".encode("utf-16"), "E002", 1, id="utf16"),
        pytest.param("Dockerfile", b"FROM a\nUSER r\xffoot\n", "E002", 2, id="invalid-utf8"),
        pytest.param("compose.yaml", b"services:\n  app: \xc3\x28\n", "E002", 2, id="invalid-utf8-yaml"),
        pytest.param("compose.yaml", b"services: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "E001", 1, id="nested-10000"),
        pytest.param("compose.yaml", ALIAS_BOMB.encode(), "E001", 6, id="alias-bomb"),
        pytest.param("compose.yaml", b"services: !!python/object:os.system {}\n", "E001", 1, id="python-tag"),
        pytest.param("compose.yaml", b"- services\n- app\n", "E001", 1, id="top-level-list"),
        pytest.param("compose.yaml", b"services: [app, db]\n", "E001", 1, id="services-list"),
        pytest.param("compose.yaml", b"services:\n  true:\n    image: a:1\n", "E001", 2, id="boolean-service-name"),
        pytest.param("compose.yaml", b"services:\n  .nan:\n    image: a:1\n", "E001", 2, id="nan-service-name"),
        pytest.param("compose.yaml", b"services:\n  app: {image: [\n", "E001", 3, id="unterminated-flow"),
        pytest.param("Dockerfile", b"FROM a\nRUN <<EOF\necho hi\n", "E001", 2, id="unterminated-heredoc"),
        pytest.param("Dockerfile", b"RUN echo hi\nFROM a\n", "E001", 1, id="instruction-before-from"),
        pytest.param("Dockerfile", b"FROM a\nFROBNICATE x\n", "E001", 2, id="unknown-instruction"),
    ],
)
def test_broken_file_reported(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, rule: str, line: int
) -> None:
    write(tmp_path / name, data)
    code, document, _ = run_json(capsys, str(tmp_path))
    positions = findings_of(document, rule)
    assert code == 1
    assert positions, document
    assert positions[0][1] == line


def test_byte_order_mark_and_crlf_keep_lines(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD_DOCKERFILE.replace("USER 10001", "USER root").replace("\n", "\r\n")
    write(tmp_path / "Dockerfile", b"\xef\xbb\xbf" + text.encode())
    code, document, _ = run_json(capsys, "--select", "DF002", str(tmp_path))
    assert code == 1
    assert findings_of(document, "DF002") == [(str(tmp_path / "Dockerfile"), 5, 6)]


def test_cr_only_line_breaks_in_yaml(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "compose.yaml", b"services:\r  app:\r    image: a:1\r    environment:\r      RUST_LOG: x\r")
    code, document, _ = run_json(capsys, "--select", "CF006", str(tmp_path))
    assert code == 1
    assert findings_of(document, "CF006") == [(str(tmp_path / "compose.yaml"), 5, 7)]


def test_line_separator_in_yaml(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "compose.yaml", "services:\n  app:\n    image: a:1\u2028\n    environment: [RUST_LOG=x]\n")
    code, document, _ = run_json(capsys, "--select", "CF006", str(tmp_path))
    assert code in (0, 1)
    assert all(f["rule"] in ("CF006", "E001") for f in document["findings"])


def test_file_over_size_limit(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "Dockerfile", b"FROM a\n" + b"RUN echo hi\n" * (20 * 1024 * 1024 // 12))
    code, document, _ = run_json(capsys, str(tmp_path))
    assert code == 1
    assert findings_of(document, "E002") == [(str(tmp_path / "Dockerfile"), 1, 1)]


def test_directory_named_dockerfile(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").mkdir()
    code, document, _ = run_json(capsys, str(tmp_path))
    assert code == 1
    assert findings_of(document, "E002") == [(str(tmp_path / "Dockerfile"), 1, 1)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_fifo_named_dockerfile_does_not_block(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "Dockerfile")
    code, document, _ = run_json(capsys, str(tmp_path))
    assert code == 1
    assert findings_of(document, "E002") == [(str(tmp_path / "Dockerfile"), 1, 1)]


def test_symlink_loop_in_scanned_folder(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "svc" / "Dockerfile", GOOD_DOCKERFILE)
    (tmp_path / "svc" / "loop").symlink_to(tmp_path)
    code, document, _ = run_json(capsys, "--select", "DF002", str(tmp_path))
    assert code == 0
    assert document["summary"]["files"] == 1


def test_file_deleted_after_discovery(tmp_path: pathlib.Path) -> None:
    dockerfile = write(tmp_path / "Dockerfile", GOOD_DOCKERFILE)
    discovered = discover([str(tmp_path)])
    dockerfile.unlink()
    report = run_rules(load_project(discovered, DEFAULT_POLICY), RULES)
    assert [finding.rule for finding in report.findings] == ["E002"]


def test_permission_denied(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, which no file mode stops, so the denial is simulated.
    dockerfile = write(tmp_path / "Dockerfile", GOOD_DOCKERFILE)
    real_open = open

    def denying_open(path: object, *args: object, **kwargs: object) -> object:
        if os.fspath(path) == str(dockerfile):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(sources, "open", denying_open, raising=False)
    report = run_rules(load_project(discover([str(tmp_path)]), DEFAULT_POLICY), RULES)
    messages = [finding.message for finding in report.findings if finding.rule == "E002"]
    assert messages == ["permission denied; make the file readable"]


def test_missing_path_is_usage_error(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(tmp_path / "nope")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1
    assert "does not exist" in captured.err


def test_files_are_never_written(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "Dockerfile", GOOD_DOCKERFILE.replace("USER 10001", "USER root"))
    write(tmp_path / "compose.yaml", "services:\n  app:\n    build: .\n")
    write(tmp_path / ".env", "POBLYSH_PROFILE=dev\n")

    def snapshot() -> dict[str, tuple[str, int]]:
        return {
            path.name: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(tmp_path.iterdir())
        }

    before = snapshot()
    run_json(capsys, str(tmp_path))
    assert snapshot() == before


def test_mixed_folder_of_1000_files(tmp_path: pathlib.Path) -> None:
    broken_every = 7
    for index in range(500):
        folder = tmp_path / f"svc{index:03d}"
        if index % broken_every == 0:
            write(folder / "Dockerfile", b"\x00\x01binary")
            write(folder / "compose.yaml", "services: [\n")
        else:
            write(folder / "Dockerfile", GOOD_DOCKERFILE.replace("USER 10001", "USER root"))
            write(folder / "compose.yaml", "services:\n  app:\n    image: x:1\n    environment: [RUST_LOG=x]\n")
    report = run_rules(load_project(discover([str(tmp_path)]), DEFAULT_POLICY), RULES)
    good = [index for index in range(500) if index % broken_every]
    user_findings = {f.path for f in report.findings if f.rule == "DF002"}
    env_findings = {f.path for f in report.findings if f.rule == "CF006"}
    errors = {f.path for f in report.findings if f.rule in ("E001", "E002")}
    assert report.files == 1000
    assert len(user_findings) == len(good)
    assert len(env_findings) == len(good)
    assert len(errors) == 2 * (500 - len(good))


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path) -> None:
    write(tmp_path / "Dockerfile", GOOD_DOCKERFILE)

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("dlint.project.parse_dockerfile", explode)
    code = main(["check", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in captured.err
    assert captured.err.startswith("dlint: internal error: RuntimeError: boom")


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="POSIX file types")


def test_dangling_symlink_named_compose(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "compose.yaml").symlink_to(tmp_path / "gone.yaml")
    code, document, _ = run_json(capsys, str(tmp_path))
    messages = [f["message"] for f in document["findings"] if f["rule"] == "E002"]
    assert code == 1
    assert messages == [f"symbolic link to `{tmp_path / 'gone.yaml'}`, which does not exist; fix or remove the link"]

"""Every format rendered for small projects and compared with checked-in outputs.

Set DLINT_UPDATE_GOLDEN=1 to rewrite the expected files after an intended change,
then read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ci_support import GOLDEN, GOLDEN_RULES, copy_case, run_cli
from dlint.formats import FORMAT_NAMES

CASES = ("compliant", "broken", "unparsable")
UPDATE = os.environ.get("DLINT_UPDATE_GOLDEN") == "1"


def expected_path(case: str, format_name: str) -> Path:
    return GOLDEN / case / f"out.{format_name}"


@pytest.mark.parametrize("format_name", FORMAT_NAMES)
@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, format_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_case(case, tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    run = run_cli(capsys, "check", "--select", GOLDEN_RULES, "--format", format_name, ".")
    expected = expected_path(case, format_name)
    if UPDATE:
        expected.write_text(run.out, encoding="utf-8")
    assert run.out == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES)
def test_golden_written_file(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A format written to a file has the same bytes as on standard output."""
    project = copy_case(case, tmp_path)
    monkeypatch.chdir(project)
    run_cli(capsys, "check", "--select", GOLDEN_RULES, "--format", f"sarif={tmp_path / 'out.sarif'}", ".")
    assert (tmp_path / "out.sarif").read_text(encoding="utf-8") == expected_path(case, "sarif").read_text(encoding="utf-8")


@pytest.mark.parametrize("format_name", FORMAT_NAMES)
def test_repeatable(format_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_case("broken", tmp_path)
    monkeypatch.chdir(project)
    first = run_cli(capsys, "check", "--format", format_name, ".")
    second = run_cli(capsys, "check", "--format", format_name, ".")
    assert first.out == second.out

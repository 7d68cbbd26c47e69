"""The shipped reference project is compliant: no finding, only the summary line."""

from __future__ import annotations

import pathlib

import pytest

from dlint.cli import EXIT_CLEAN, main

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent


def test_reference_is_clean(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPOSITORY)
    code = main(["check", "reference"])
    assert (code, capsys.readouterr().out) == (EXIT_CLEAN, "no findings in 2 files\n")

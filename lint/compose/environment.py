"""The variables Compose interpolates a Compose file with: the process environment, then `.env`.

The `.env` file is the one in the Compose file's folder. Its values may refer to process
variables and to its own earlier entries. When it cannot be read or parsed, only the process
environment is used; the file error itself is not a concern of interpolation.
"""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING, Mapping

from dlint.compose.dotenv import DotenvError, EnvEntry, parse_dotenv
from dlint.compose.interpolation import Lookup, environment_lookup

if TYPE_CHECKING:
    from dlint.project import ComposeUnit

DOTENV_NAME = ".env"


def _dotenv_entries(directory: pathlib.Path, process: Mapping[str, str]) -> list[EnvEntry]:
    try:
        text = (directory / DOTENV_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        return parse_dotenv(text, process.get)
    except DotenvError:
        return []


def interpolation_lookup(compose: ComposeUnit, environ: Mapping[str, str] | None = None) -> Lookup:
    """Build the lookup for `${NAME}` in `compose`; `environ` (default: os.environ) wins over `.env`."""
    process = dict(os.environ if environ is None else environ)
    return environment_lookup(_dotenv_entries(compose.directory, process), process)

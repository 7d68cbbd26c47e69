"""The variables Compose interpolates a project's files with.

Compose reads names from the process environment first and then from the `.env`
file in the project folder, which is the folder of the Compose file. The lookup
is built once per Compose file and kept for as long as that file's unit lives.
"""

from __future__ import annotations

import os
import weakref
from typing import TYPE_CHECKING, Mapping

from dlint.compose.dotenv import DotenvError, EnvEntry, parse_dotenv
from dlint.compose.interpolation import Interpolated, Lookup, environment_lookup, interpolate
from dlint.sources import ReadError, read_source

if TYPE_CHECKING:
    from dlint.project import ComposeUnit

DOTENV_NAME = ".env"

# Keyed by id() because units are mutable dataclasses, which are not hashable. The weak
# reference removes the entry when its unit is freed, so a reused id never finds a stale lookup.
_CACHE: dict[int, tuple[weakref.ref[ComposeUnit], Lookup]] = {}


def _dotenv_entries(compose: ComposeUnit, process: Mapping[str, str]) -> list[EnvEntry]:
    """Read the `.env` beside the Compose file, or return no entries when it is missing or invalid.

    An unreadable `.env` leaves its names unset, so values that need them are reported
    as unverifiable rather than guessed.
    """
    path = os.path.join(compose.directory, DOTENV_NAME)
    if not os.path.isfile(path):
        return []
    source = read_source(path, path, recorded=False)
    if isinstance(source, ReadError):
        return []
    try:
        return parse_dotenv(source.text, process.get)
    except DotenvError:
        return []


def interpolation_lookup(compose: ComposeUnit, environ: Mapping[str, str] | None = None) -> Lookup:
    """Return the lookup Compose interpolates `compose` with: `environ` (default: os.environ), then `.env`.

    With the default environment the lookup is built once per unit and reused.
    """
    if environ is not None:
        return _build_lookup(compose, environ)
    key = id(compose)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is compose:
        return cached[1]
    lookup = _build_lookup(compose, os.environ)
    _CACHE[key] = (weakref.ref(compose, lambda _ref: _CACHE.pop(key, None)), lookup)
    return lookup


def _build_lookup(compose: ComposeUnit, environ: Mapping[str, str]) -> Lookup:
    process = dict(environ)
    return environment_lookup(_dotenv_entries(compose, process), process)


def interpolate_value(compose: ComposeUnit, text: str) -> Interpolated:
    """Interpolate one value of `compose` as Compose would before using it."""
    return interpolate(text, interpolation_lookup(compose))


def unresolved_reason(result: Interpolated) -> str:
    """Say why an interpolation has no value, for a finding's message."""
    if result.error is not None:
        return result.error
    names = ", ".join(f"`{name}`" for name in result.unresolved)
    return f"{names} {'is' if len(result.unresolved) == 1 else 'are'} not set in the environment or `.env`"

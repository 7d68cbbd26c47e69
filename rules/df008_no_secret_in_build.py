"""DF008 no-secret-in-build: no ARG or ENV puts a secret into the image at build time."""

from __future__ import annotations

import re
from typing import Iterable, Iterator

from dlint.dockerfile.model import Instruction, KeyValue
from dlint.dockerfile.words import remove_quotes
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit
from dlint.rules._util import at_word
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

# A name whose last word is one of these names where a secret is, not the secret itself.
NOT_SECRET_LAST_WORDS = frozenset({"URL", "URI", "ENDPOINT", "FILE", "PATH", "DIR", "NAME"})
# A public key is meant to be shared: `PUBLIC` next to `KEY` is not a secret.
PUBLIC_WORD = "PUBLIC"
SECRET_MOUNT_DIR = "/run/secrets/"

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NAME_SEPARATORS = re.compile(r"[^A-Z0-9]+")
# `scheme://user:password@host`: a non-empty password before the `@` of the authority.
_URL_CREDENTIALS = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)(?P<password>[^/\s@]+)(?P<tail>@)")


def name_words(name: str) -> list[str]:
    """Split a variable name into upper-case words: `apiKey` and `API_KEY` both give `API`, `KEY`."""
    spaced = _CAMEL_BOUNDARY.sub("_", name)
    return [word for word in _NAME_SEPARATORS.split(spaced.upper()) if word]


def secret_word(name: str, patterns: Iterable[str]) -> str | None:
    """Return the word that makes `name` look like a secret, or None. Plurals (`KEYS`) count."""
    words = name_words(name)
    if not words or words[-1] in NOT_SECRET_LAST_WORDS:
        return None
    wanted = {pattern.upper() for pattern in patterns}
    for word in words:
        singular = word[:-1] if word.endswith("S") else word
        if word in wanted:
            matched = word
        elif singular in wanted:
            matched = singular
        else:
            continue
        if matched == "KEY" and PUBLIC_WORD in words:
            continue
        return matched
    return None


def redact(value: str) -> str:
    return _URL_CREDENTIALS.sub(lambda match: f"{match['head']}***{match['tail']}", value)


def _is_secret_value(text: str) -> bool:
    """Tell whether a value sets something: it is not empty and not a path to a mounted secret."""
    return text != "" and not text.startswith(SECRET_MOUNT_DIR)


def _pairs(unit: DockerfileUnit) -> Iterator[tuple[Instruction, KeyValue]]:
    instructions = list(unit.dockerfile.global_args)
    for stage in unit.dockerfile.stages:
        instructions.extend(stage.instructions)
    for instruction in instructions:
        if instruction.command in ("ARG", "ENV"):
            for pair in instruction.pairs:
                yield instruction, pair


_WHERE_IT_STAYS = {"ARG": "is recorded in the image history", "ENV": "stays in the image config"}


def _fix(name: str) -> str:
    return f"pass it at run time, or build with `RUN --mount=type=secret,id={name.lower()}`"


def _check_pair(unit: DockerfileUnit, instruction: Instruction, pair: KeyValue, patterns: Iterable[str]) -> Hit | None:
    if pair.value is None:
        # `ARG TOKEN` without a default is a build input that sets nothing by itself.
        return None
    command = instruction.command
    name = remove_quotes(pair.key.text, unit.dockerfile.escape)
    value = remove_quotes(pair.value.text, unit.dockerfile.escape)
    stays = _WHERE_IT_STAYS[command]
    if secret_word(name, patterns) is not None and _is_secret_value(value):
        return at_word(unit, pair.key, f"{command} `{name}` gives a secret a value at build time, which {stays}; {_fix(name)}")
    if _URL_CREDENTIALS.search(value):
        return at_word(
            unit, pair.value,
            f"{command} `{name}` holds a password in `{redact(value)}`, which {stays}; {_fix(name)}",
        )
    return None


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    patterns = context.policy.secret_name_patterns
    for instruction, pair in _pairs(unit):
        hit = _check_pair(unit, instruction, pair, patterns)
        if hit is not None:
            yield hit


RULE = Rule(
    id="DF008",
    name="no-secret-in-build",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="no ARG or ENV sets a secret-looking name or a URL with a password at build time",
    check=check,
    docs=RuleDocs(
        checks=(
            "No `ARG` default or `ENV` value, in any stage or before the first `FROM`, sets a secret. A name is a "
            "secret when one of its words (split on `_` and camelCase, upper-cased) is a policy pattern such as "
            "`PASSWORD`, `SECRET`, `TOKEN`, `KEY` or `CREDENTIAL`, or its plural: `API_KEY` and `DB_PASSWORD` are, "
            "`MONKEY` is not. Names whose last word is `URL`, `URI`, `ENDPOINT`, `FILE`, `PATH`, `DIR` or `NAME` "
            "point at a secret rather than hold one, and `PUBLIC_KEY` is not secret. An empty value, a value under "
            "`/run/secrets/` and `ARG NAME` without a default are fine. Any value with a password in a URL "
            "(`scheme://user:password@host`) is a finding whatever its name."
        ),
        why=(
            "ARG defaults and ENV values are stored in the image config and history, so anyone who can pull the "
            "image can read them. Build secrets belong in `RUN --mount=type=secret`, runtime secrets in the "
            "environment the container is started with."
        ),
        noncompliant=(
            "FROM rust:1.85-slim AS builder\nARG CARGO_REGISTRY_TOKEN=cio_0123\n"
            "FROM debian:bookworm-slim\nENV POBLYSH_DATABASE_URL=postgresql://pbl:secret@db:5432/connectors\n"
        ),
        compliant=(
            "FROM rust:1.85-slim AS builder\nARG CARGO_REGISTRY_TOKEN\n"
            "RUN --mount=type=secret,id=cargo_token CARGO_REGISTRY_TOKEN=$(cat /run/secrets/cargo_token) "
            "cargo build --release\n"
            "FROM debian:bookworm-slim\nENV POBLYSH_PROFILE=dev\n"
        ),
    ),
    parameters=("secret_name_patterns",),
)

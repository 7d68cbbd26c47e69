"""DF004 no-env-file-copy: no `.env*` file is copied into any stage."""

from __future__ import annotations

import fnmatch
import os
import posixpath
from typing import Iterator

from dlint.dockerfile.expand import expand_word
from dlint.dockerfile.model import Instruction, Word
from dlint.dockerignore import context_env_files, glob_matches, glob_may_match_prefix
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit
from dlint.rules._util import at_word
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

ENV_PREFIX = ".env"
_GLOB_CHARACTERS = set("*?[")


def _sources(instruction: Instruction) -> list[Word]:
    words = list(instruction.words)
    if len(words) < 2:
        return []
    return [word for word in words[:-1] if not word.text.startswith("<<") and not _is_remote(word.text)]


def _is_remote(text: str) -> bool:
    return "://" in text or text.startswith("git@")


def names_env_file(base_name: str) -> bool:
    """Tell whether a source's base name is, or as a glob can match, a `.env*` name.

    A glob must mention `env` itself: `*` or `*.toml` could in theory match `.env.toml`,
    but those are caught through the files that really exist in the context.
    """
    if not any(char in _GLOB_CHARACTERS for char in base_name):
        return base_name.startswith(ENV_PREFIX)
    if "env" not in base_name:
        return False
    return glob_matches(base_name, ENV_PREFIX) or glob_may_match_prefix(base_name, ENV_PREFIX)


def _context_path(value: str) -> str:
    cleaned = posixpath.normpath("/" + value.replace("\\", "/")).lstrip("/")
    return cleaned or "."


def _whole_context(unit: DockerfileUnit, word: Word, command: str) -> Iterator[Hit]:
    scan = context_env_files(unit.context_dir, unit.dockerignore)
    ignore_name = unit.dockerignore_display or ".dockerignore"
    if unit.dockerignore is None:
        yield at_word(
            unit, word,
            f"{command} `{word.text}` sends the whole build context and there is no `.dockerignore` to keep "
            "`.env*` files out; add `.env*` to `.dockerignore` or copy only what the build needs",
        )
        return
    if scan.files:
        yield at_word(
            unit, word,
            f"{command} `{word.text}` sends `{scan.files[0]}` into the image because `{ignore_name}` does not exclude it; "
            "add `.env*` (and `**/.env*`) to it",
        )
        return
    if not (scan.dot_env_excluded and scan.dot_env_local_excluded):
        yield at_word(
            unit, word,
            f"{command} `{word.text}` sends the whole build context and `{ignore_name}` does not exclude `.env*`; add `.env*` to it",
        )


def _directory_copy(unit: DockerfileUnit, word: Word, command: str, relative: str) -> Iterator[Hit]:
    directory = unit.context_dir / relative
    scan = context_env_files(directory, None)
    for found in scan.files:
        full = f"{relative}/{found}"
        if unit.dockerignore is None or not unit.dockerignore.excludes(full):
            yield at_word(unit, word, f"{command} `{word.text}` copies the env file `{full}` into the image; keep it out with `.dockerignore`")
            return


def _glob_copy(unit: DockerfileUnit, word: Word, command: str, pattern: str) -> Iterator[Hit]:
    directory, base = posixpath.split(pattern)
    folder = unit.context_dir / directory
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        if not name.startswith(ENV_PREFIX) or not fnmatch.fnmatchcase(name, base):
            continue
        full = posixpath.join(directory, name) if directory else name
        if unit.dockerignore is None or not unit.dockerignore.excludes(full):
            yield at_word(unit, word, f"{command} `{word.text}` matches the env file `{full}`; keep env files out of images")
            return


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    view = unit.view()
    escape = unit.dockerfile.escape
    for stage_view in view.stages:
        for position, instruction in enumerate(stage_view.stage.instructions):
            if instruction.command not in ("COPY", "ADD"):
                continue
            from_other = instruction.flag("from") is not None
            lookup = stage_view.scopes[position].lookup
            for word in _sources(instruction):
                expanded = expand_word(word.text, lookup, escape).value if not instruction.json_form else word.text
                value = expanded if expanded is not None else word.text
                base_name = posixpath.basename(value.rstrip("/"))
                if names_env_file(base_name):
                    yield at_word(
                        unit, word,
                        f"{instruction.command} source `{word.text}` is an env file; pass settings as runtime environment variables instead",
                    )
                    continue
                if from_other or expanded is None:
                    continue
                relative = _context_path(value)
                if relative == ".":
                    yield from _whole_context(unit, word, instruction.command)
                elif any(char in _GLOB_CHARACTERS for char in relative):
                    yield from _glob_copy(unit, word, instruction.command, relative)
                elif (unit.context_dir / relative).is_dir():
                    yield from _directory_copy(unit, word, instruction.command, relative)


RULE = Rule(
    id="DF004",
    name="no-env-file-copy",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="no COPY or ADD takes a .env* file into any stage, read with .dockerignore semantics",
    check=check,
    docs=RuleDocs(
        checks=(
            "No `COPY` or `ADD`, in any stage, takes a source whose base name matches `.env*`: explicit names, "
            "`COPY --from=` sources, and globs that name env files. Copying the whole context (`COPY . .`) is a "
            "finding unless the context's `.dockerignore` excludes `.env*` and no `.env*` file in the context is "
            "re-included with `!`. Copying a folder or a glob is a finding when it takes an env file that exists."
        ),
        why=(
            "Env files hold secrets and per-developer settings. Once copied, they stay in an image layer that anyone "
            "who can pull the image can read, even if a later instruction deletes them."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nCOPY .env /src/.env\n",
        compliant="FROM rust:1.85-slim AS builder\nCOPY Cargo.toml Cargo.lock /src/\n",
    ),
)

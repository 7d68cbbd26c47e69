"""DF006 runtime-env-prefix: every ENV that reaches the final image uses the policy prefix."""

from __future__ import annotations

from typing import Iterator

from dlint.dockerfile.expand import Expansion, expand_word
from dlint.dockerfile.model import Word
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit, Target
from dlint.rules._util import at_word, targets
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def _env_keys(target: Target) -> Iterator[tuple[Word, Expansion]]:
    """Yield each ENV key of the target's chain with its name as BuildKit reads it.

    BuildKit expands an ENV key like its value, so `"POBLYSH_A"=1` sets `POBLYSH_A`.
    """
    escape = target.unit.dockerfile.escape
    for view in target.image_state().chain:
        for position, instruction in enumerate(view.stage.instructions):
            if instruction.command != "ENV":
                continue
            lookup = view.scopes[position].lookup
            for pair in instruction.pairs:
                yield pair.key, expand_word(pair.key.text, lookup, escape)


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    prefix = context.policy.env_prefix
    for target in targets(unit, context):
        for key, name in _env_keys(target):
            if name.value is None:
                yield at_word(
                    unit, key,
                    f"ENV name `{key.text}` cannot be verified: {name.reasons[0]}; expected a name starting with `{prefix}`",
                )
            elif not name.value.startswith(prefix):
                yield at_word(
                    unit, key,
                    f"ENV `{key.text}` reaches the final image; expected only names starting with `{prefix}`",
                )


RULE = Rule(
    id="DF006",
    name="runtime-env-prefix",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="every ENV key that reaches the final image starts with POBLYSH_",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every `ENV` key set in the final stage, or in a stage it is built on with `FROM <stage>`, starts with "
            "`POBLYSH_`. ENV in build stages that the final image does not inherit is not checked."
        ),
        why=(
            "The service reads its configuration only from `POBLYSH_` variables. Any other variable baked into the "
            "image is either dead configuration or a setting that bypasses the service's own configuration loader."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nENV RUST_LOG=info\n",
        compliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nENV POBLYSH_PROFILE=prod\n",
    ),
    parameters=("env_prefix",),
)

"""DF001 multi-stage-build: build in one stage, run from a different, smaller base."""

from __future__ import annotations

from typing import Iterator

from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit, Target
from dlint.rules._util import at_instruction, stage_label, targets
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def _copied_stages(target: Target) -> list[int]:
    """Indexes of earlier stages the target's chain copies from with COPY --from."""
    dockerfile = target.unit.dockerfile
    found = []
    for view, instruction in target.image_state().copies:
        source = instruction.flag("from")
        if source is None or source.value is None:
            continue
        stage = dockerfile.stage_by_name(source.value)
        if stage is not None and stage.index < view.stage.index:
            found.append(stage.index)
    return found


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    dockerfile = unit.dockerfile
    for target in targets(unit, context):
        from_instruction = target.stage.from_instruction
        where = stage_label(target)
        if len(dockerfile.stages) < 2:
            yield at_instruction(
                unit, from_instruction,
                "the Dockerfile has a single stage; expected a build stage and a runtime stage that copies the binary with `COPY --from`",
            )
            continue
        copied = _copied_stages(target)
        if not copied:
            yield at_instruction(
                unit, from_instruction,
                f"{where} copies nothing from an earlier stage; expected `COPY --from=<build stage>` of the built artifact",
            )
            continue
        view = target.unit.view(dict(target.build_args))
        final_base = view.image_state(target.stage.index).root_base
        build_base = view.image_state(copied[0]).root_base
        if final_base is None or build_base is None or final_base.value is None or build_base.value is None:
            continue
        if final_base.value == build_base.value:
            build_stage = dockerfile.stages[copied[0]]
            yield at_instruction(
                unit, from_instruction,
                f"{where} starts from `{final_base.value}`, the same base as build stage `{build_stage.label}`; "
                "expected a separate runtime base image",
            )


RULE = Rule(
    id="DF001",
    name="multi-stage-build",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="the image is built in one stage and run from a different base that copies the artifact with COPY --from",
    check=check,
    docs=RuleDocs(
        checks=(
            "The Dockerfile has at least two stages. The final stage (or a Compose service's build target) "
            "copies its artifact from an earlier stage with `COPY --from=<stage>`, and starts from a different "
            "base image than that build stage."
        ),
        why=(
            "A single-stage image ships the compiler, the sources and the build cache. That makes the image "
            "large, widens its attack surface and can leak files that were only needed to build."
        ),
        noncompliant="FROM rust:1.85-slim\nCOPY . .\nRUN cargo build --release\nCMD [\"/target/release/connectors\"]\n",
        compliant=(
            "FROM rust:1.85-slim AS builder\nCOPY . .\nRUN cargo build --release\n"
            "FROM debian:bookworm-slim\n"
            "COPY --from=builder /target/release/connectors /usr/local/bin/connectors\n"
        ),
    ),
)

"""DF005 pinned-base-image: every external base is pinned, and the stages use the policy images."""

from __future__ import annotations

import posixpath
from typing import Iterator

from dlint.dockerfile.image import BuildView, Resolved
from dlint.findings import Severity
from dlint.imageref import ImageRef, ImageRefError, image_matches, parse_image_ref, rust_slim_version
from dlint.policy import Policy
from dlint.project import CheckContext, DockerfileUnit, Target
from dlint.records import record
from dlint.rules._util import at_word, stage_label, targets, unresolved_reason
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

SCRATCH = "scratch"


def _shown(resolved: Resolved) -> str:
    """Show the FROM value as written, and what it resolves to when that differs."""
    word = resolved.word.text
    if resolved.value is None or resolved.value == word:
        return f"`{word}`"
    return f"`{word}` (resolves to `{resolved.value}`)"


def _parse(value: str) -> ImageRef | ImageRefError:
    try:
        return parse_image_ref(value)
    except ImageRefError as error:
        return error


def _pinning_problem(ref: ImageRef) -> str | None:
    if ref.is_pinned:
        return None
    if ref.tag is None:
        return f"has no tag, so it pulls whatever `latest` is; expected an explicit tag or digest such as `{ref.repository}:<version>`"
    return f"uses the moving tag `latest`; expected a fixed version tag or a digest of `{ref.repository}`"


def _check_pinning(unit: DockerfileUnit, view: BuildView) -> Iterator[Hit]:
    for stage_view in view.stages:
        base = stage_view.base
        if base is None or stage_view.parent is not None:
            continue
        if base.value is None:
            yield at_word(
                unit, base.word,
                f"FROM `{base.word.text}` cannot be verified: {unresolved_reason(base)}; "
                "expected an image with an explicit tag or digest",
            )
            continue
        if base.value == SCRATCH:
            continue
        ref = _parse(base.value)
        if isinstance(ref, ImageRefError):
            yield at_word(unit, base.word, f"FROM {_shown(base)} is not a valid image reference: {ref.message}")
            continue
        problem = _pinning_problem(ref)
        if problem is not None:
            yield at_word(unit, base.word, f"FROM {_shown(base)} {problem}")


@record(frozen=True)
class _Base:
    """The external image a stage is built on: the FROM at the root of its chain."""

    stage_index: int
    resolved: Resolved
    ref: ImageRef | None


def _root_base(view: BuildView, index: int) -> _Base | None:
    """Return the root FROM of a stage's chain, or None when the pinning check reports it as unresolved or invalid."""
    root = view.chain(index)[0]
    if root.base is None or root.base.value is None:
        return None
    if root.base.value == SCRATCH:
        return _Base(root.stage.index, root.base, None)
    ref = _parse(root.base.value)
    if isinstance(ref, ImageRefError):
        return None
    return _Base(root.stage.index, root.base, ref)


def _binary_sources(target: Target, stage_index: int, binary: str) -> bool:
    """Tell whether the target copies a file named like the policy binary from stage `stage_index`."""
    dockerfile = target.unit.dockerfile
    for _view, instruction in target.image_state().copies:
        source = instruction.flag("from")
        if source is None or source.value is None:
            continue
        stage = dockerfile.stage_by_name(source.value)
        if stage is None or stage.index != stage_index:
            continue
        if any(posixpath.basename(word.text.rstrip("/")) == binary for word in instruction.words[:-1]):
            return True
    return False


def _copied_stages(target: Target) -> list[int]:
    """Return the earlier stages, outside the target's own chain, that the target copies from."""
    dockerfile = target.unit.dockerfile
    state = target.image_state()
    chain = {view.stage.index for view in state.chain}
    found: list[int] = []
    for view, instruction in state.copies:
        source = instruction.flag("from")
        if source is None or source.value is None:
            continue
        stage = dockerfile.stage_by_name(source.value)
        if stage is not None and stage.index < view.stage.index and stage.index not in chain and stage.index not in found:
            found.append(stage.index)
    return found


def _build_stages(target: Target, view: BuildView, binary: str) -> list[_Base]:
    """Return the bases of the build stage candidates.

    The candidates are the stages the binary is copied from, else every stage copied from, else (when
    nothing is copied) every earlier stage outside the target's chain. Scratch bases are left out.
    """
    copied = _copied_stages(target)
    with_binary = [index for index in copied if _binary_sources(target, index, binary)]
    indexes = with_binary or copied
    if not indexes:
        chain = {stage_view.stage.index for stage_view in view.chain(target.stage.index)}
        indexes = [index for index in range(target.stage.index) if index not in chain]
    bases: dict[int, _Base] = {}
    for index in indexes:
        base = _root_base(view, index)
        if base is not None and base.ref is not None:
            bases.setdefault(base.stage_index, base)
    return list(bases.values())


def _min_version(policy: Policy) -> tuple[int, int]:
    major, _, minor = policy.min_rust_version.partition(".")
    return int(major), int(minor or 0)


def _builder_problem(ref: ImageRef, policy: Policy) -> str | None:
    expected = f"`{policy.builder_image.replace('*', '<version>')}` with version {policy.min_rust_version} or newer"
    if not image_matches(ref, policy.builder_image):
        return f"is not the builder image; expected {expected}"
    version = rust_slim_version(ref.tag or "")
    if version is None:
        return f"does not name a `major.minor` version; expected {expected}"
    if version < _min_version(policy):
        return f"is older than {policy.min_rust_version}; expected {expected}"
    return None


def _check_builder(unit: DockerfileUnit, target: Target, view: BuildView, policy: Policy) -> Iterator[Hit]:
    bases = _build_stages(target, view, policy.binary)
    problems = [(base, _builder_problem(base.ref, policy)) for base in bases if base.ref is not None]
    if not problems or any(problem is None for _base, problem in problems):
        return
    builder_name = policy.builder_image.partition(":")[0]
    # Among several candidates, a stage on the builder's repository is the build stage.
    same_repository = [(base, problem) for base, problem in problems if base.ref and image_matches(base.ref, builder_name)]
    for base, problem in same_repository or problems:
        label = unit.dockerfile.stages[base.stage_index].label
        yield at_word(unit, base.resolved.word, f"build stage `{label}` starts from {_shown(base.resolved)}, which {problem}")


def _check_runtime(unit: DockerfileUnit, target: Target, view: BuildView, policy: Policy) -> Iterator[Hit]:
    base = _root_base(view, target.stage.index)
    if base is None:
        return
    if base.ref is not None and image_matches(base.ref, policy.runtime_image):
        return
    yield at_word(
        unit, base.resolved.word,
        f"{stage_label(target)} is built on {_shown(base.resolved)}; expected the runtime image `{policy.runtime_image}`",
    )


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    role_hits: list[Hit] = []
    for target in targets(unit, context):
        view = unit.view(dict(target.build_args))
        role_hits.extend(_check_builder(unit, target, view, context.policy))
        role_hits.extend(_check_runtime(unit, target, view, context.policy))
    # A FROM that names the wrong image gets one finding that names the image to use, not a second one about its tag.
    reported = {(hit.line, hit.column) for hit in role_hits}
    yield from (hit for hit in _check_pinning(unit, unit.view()) if (hit.line, hit.column) not in reported)
    yield from role_hits


RULE = Rule(
    id="DF005",
    name="pinned-base-image",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="every external FROM has a tag or digest other than latest; the build and final stages use the policy images",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every `FROM` that names an external image has an explicit tag or a digest, and the tag is not "
            "`latest`; a registry port (`registry.example:5000/app`) is not a tag. A `FROM` that names an earlier "
            "stage (case-insensitive) and `FROM scratch` pull nothing. The build stage (the stage the final stage "
            "copies the binary from with `COPY --from`; without such a copy, the earlier stages that are not scratch) "
            "starts from `rust:<version>-slim` with version 1.85 or newer, and the final stage, through its "
            "`FROM <stage>` chain, from `debian:bookworm-slim`. Global ARGs are substituted in `FROM` the way "
            "BuildKit does; a `FROM` whose value is known only at build time is reported as unverifiable."
        ),
        why=(
            "An untagged or `latest` base changes under the build without notice, so the same Dockerfile gives "
            "different images from one day to the next. The policy's builder supports edition 2024, and its "
            "runtime image is small and receives Debian security updates."
        ),
        noncompliant=(
            "FROM rust AS builder\nRUN cargo build --release\n"
            "FROM debian:latest\n"
            "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n"
        ),
        compliant=(
            "FROM rust:1.85-slim AS builder\nRUN cargo build --release\n"
            "FROM debian:bookworm-slim\n"
            "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n"
        ),
    ),
    parameters=("builder_image", "min_rust_version", "runtime_image", "binary"),
)

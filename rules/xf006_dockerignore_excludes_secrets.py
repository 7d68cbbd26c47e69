"""XF006 dockerignore-excludes-secrets: each build context keeps `.env*` files out with `.dockerignore`."""

from __future__ import annotations

from typing import Iterator

from dlint.findings import Severity
from dlint.project import CheckContext, Project, ServiceBuild
from dlint.rules._cross import Spot, composes, node_spot
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

# Names an exclusion of `.env*` must cover: the usual file and a typical local variant.
ENV_NAMES = (".env", ".env.local")


def _build_spot(build: ServiceBuild) -> Spot:
    assert build.service.build is not None
    return node_spot(build.compose, build.service.build.context_node)


def _context_hits(build: ServiceBuild) -> Iterator[Hit]:
    unit = build.unit
    assert unit is not None and build.service.build is not None
    spot = _build_spot(build)
    context = build.service.build.context
    ignore = unit.dockerignore
    if ignore is None:
        if unit.dockerignore_display is None:
            yield spot.hit(
                f"build context `{context}` of service `{build.service.name}` has no `.dockerignore`, so `.env*` files "
                f"are sent to the builder, where any `COPY .` in {unit.display} copies them; add a `.dockerignore` with `.env*`"
            )
        return
    for name in ENV_NAMES:
        if ignore.excludes(name):
            continue
        decider = ignore.matching_pattern(name)
        if decider is not None:
            yield Hit(
                unit.dockerignore_display or ".dockerignore", decider.line, 1,
                f"`{decider.text}` re-includes `{name}` in build context `{context}` ({spot.label}); "
                "remove it so `.env*` stays out of the build",
            )
        else:
            yield spot.hit(
                f"`{unit.dockerignore_display}` of build context `{context}` ({spot.label}) does not exclude `{name}`; "
                "add `.env*` to it"
            )
        return


def check(project: Project, context: CheckContext) -> Iterator[Hit]:
    checked = composes(project)
    seen: set[tuple[str, str]] = set()
    for build in project.builds:
        if build.compose not in checked:
            continue
        if build.unit is None:
            if build.compose.linted:
                yield _build_spot(build).hit(
                    f"the `.dockerignore` of service `{build.service.name}` cannot be checked: {build.problem}"
                )
            continue
        key = (build.compose.path, str(build.unit.context_dir))
        if key in seen:
            continue
        seen.add(key)
        yield from _context_hits(build)


RULE = Rule(
    id="XF006",
    name="dockerignore-excludes-secrets",
    severity=Severity.WARNING,
    scope=Scope.PROJECT,
    summary="every build context a Compose service builds has a .dockerignore that excludes .env*",
    check=check,
    docs=RuleDocs(
        checks=(
            "For each build context a Compose service names (resolved from the Compose file's folder), the "
            "`.dockerignore` BuildKit reads for it (`<Dockerfile>.dockerignore` beside the Dockerfile first, then "
            "the context's `.dockerignore`) exists and excludes `.env` and `.env.local`, without re-including them "
            "with `!`. Each context is reported once; a remote context, or one built from a variable that cannot "
            "be resolved, is reported as unverifiable."
        ),
        why=(
            "Without the exclusion, every `.env*` file beside the Compose file is sent to the builder, and one "
            "`COPY . .` today or tomorrow puts local secrets into an image layer."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n",
        compliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n",
        noncompliant_compose="services:\n  app:\n    build: .\n",
        compliant_compose="services:\n  app:\n    build: .\n",
        compliant_files=((".dockerignore", ".env*\n"),),
    ),
    parameters=(),
)

"""XF004 user-agreement: a Compose `user:` of an app service matches the image's effective USER."""

from __future__ import annotations

from typing import Iterator

from dlint.compose.nodes import Scalar
from dlint.findings import Severity
from dlint.project import CheckContext, Project
from dlint.rules._cross import Pairing, Value, composes, interpolated, lookup_for, pair, word_spot
from dlint.rules._util import split_user, unresolved_reason
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

def _numeric_root(spec: tuple[str, str | None]) -> tuple[str, str | None]:
    """`root` is uid and gid 0 in every image, so it compares as a number."""
    user, group = spec
    return ("0" if user == "root" else user), ("0" if group == "root" else group)


def _agreement(compose_user: str, image_user: str) -> str:
    """`same`, `different`, or `incomparable` (a name on one side, a number on the other)."""
    user, group = _numeric_root(split_user(compose_user))
    image, image_group = _numeric_root(split_user(image_user))
    if user.isdigit() != image.isdigit():
        return "incomparable"
    if user != image or (group is not None and image_group is not None and group != image_group):
        return "different"
    return "same"


def _compare(found: Pairing, value: Value) -> Hit | None:
    assert value.value is not None
    state = found.target.image_state()
    if state.user is None:
        image_user, image_spot = "root", word_spot(found.unit, found.target.stage.from_instruction)
        shown = "`root` (no USER in the image"
    else:
        _view, instruction, resolved = state.user
        image_spot = word_spot(found.unit, instruction)
        if resolved.value is None:
            return value.spot.hit(
                f"user `{value.value}` ({value.spot.label}) cannot be compared with USER `{resolved.word.text}` "
                f"({image_spot.label}): {unresolved_reason(resolved)}"
            )
        image_user = resolved.value
        shown = f"`{image_user}` (USER"
    agreement = _agreement(value.value, image_user)
    if agreement == "same":
        return None
    if agreement == "incomparable":
        return value.spot.hit(
            f"user `{value.value}` ({value.spot.label}) cannot be compared with the image's user {shown} at "
            f"{image_spot.label}): one is a name and the other a number; use the numeric uid on both sides"
        )
    return value.spot.hit(
        f"user `{value.value}` ({value.spot.label}) differs from the image's user {shown} at "
        f"{image_spot.label}); set the same uid and gid in both files"
    )


def check(project: Project, context: CheckContext) -> Iterator[Hit]:
    for compose in composes(project):
        lookup = lookup_for(compose)
        for name in context.policy.app_services:
            service = compose.compose.service(name)
            node = service.value("user") if service is not None else None
            if service is None or not isinstance(node, Scalar) or node.is_null:
                continue
            found = pair(project, compose, service, "the user")
            if isinstance(found, Hit):
                yield found
                continue
            if found is None:
                continue
            value = interpolated(compose, node, node.text, lookup)
            if value.value is None:
                yield value.spot.hit(f"user `{node.text}` cannot be compared with the image: {value.reason}")
                continue
            hit = _compare(found, value)
            if hit is not None:
                yield hit


RULE = Rule(
    id="XF004",
    name="user-agreement",
    severity=Severity.ERROR,
    scope=Scope.PROJECT,
    summary="a Compose user: of an app service matches the effective USER of the image it runs",
    check=check,
    docs=RuleDocs(
        checks=(
            "When `app` or `migrate` sets `user:`, it names the same uid (and gid, when both sides give one) as the "
            "effective `USER` of the image the service runs, inherited through `FROM <stage>` chains and with ARG "
            "and ENV substituted. An image without USER runs as `root`. A name on one side and a number on the "
            "other cannot be compared statically and is reported; an unresolved value is reported as unverifiable."
        ),
        why=(
            "Two users for one image means the files the image prepared for its user (owned by uid 10001) are "
            "unreadable or unwritable for the user Compose starts, or that a `user: root` silently undoes the "
            "image's non-root setup."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nUSER 10001:10001\n",
        compliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nUSER 10001:10001\n",
        noncompliant_compose="services:\n  app:\n    build: .\n    user: \"1000:1000\"\n",
        compliant_compose="services:\n  app:\n    build: .\n    user: \"10001:10001\"\n",
    ),
    parameters=("app_services",),
)

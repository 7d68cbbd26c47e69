"""CF012 pinned-service-image: every service image is pinned, and db runs the policy's Postgres."""

from __future__ import annotations

from typing import Iterator

from dlint.compose.environment import interpolate_value, unresolved_reason
from dlint.compose.model import Service
from dlint.compose.nodes import Scalar
from dlint.findings import Severity
from dlint.imageref import ImageRef, ImageRefError, image_matches, parse_image_ref
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def _pin_problem(ref: ImageRef, text: str) -> str | None:
    if ref.digest is not None:
        return None
    if ref.tag is None:
        return f"image `{text}` has no tag or digest, so it means `latest`; expected a fixed tag or a digest"
    if ref.tag == "latest":
        return f"image `{text}` uses the `latest` tag; expected a fixed tag or a digest"
    return None


def _image_hits(compose: ComposeUnit, service: Service, node: Scalar, db_image: str | None) -> Iterator[Hit]:
    result = interpolate_value(compose, node.text)
    if result.value is None:
        yield at_node(
            compose, node,
            f"image `{node.text}` of `{service.name}` cannot be verified: {unresolved_reason(result)}",
        )
        return
    text = result.value
    try:
        ref = parse_image_ref(text)
    except ImageRefError as error:
        yield at_node(compose, node, f"image `{text}` of `{service.name}` is not a valid reference: {error.message}")
        return
    if db_image is not None and not image_matches(ref, db_image):
        yield at_node(compose, node, f"service `{service.name}` uses image `{text}`; expected `{db_image}`")
        return
    problem = _pin_problem(ref, text)
    if problem is not None:
        yield at_node(compose, node, problem)


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    for service in compose.compose.services.values():
        db_image = policy.db_image if service.name == policy.db_service else None
        if service.image is not None:
            yield from _image_hits(compose, service, service.image, db_image)
        elif db_image is not None and service.build is not None:
            yield at_node(
                compose, service.key_of("build") or service.key,
                f"service `{service.name}` builds its own image; expected `image: {db_image}`",
            )
        elif db_image is not None and not is_override_file(compose):
            # An override file may leave the image to its base file.
            yield at_node(compose, service.key, f"service `{service.name}` has no `image`; expected `{db_image}`")


RULE = Rule(
    id="CF012",
    name="pinned-service-image",
    severity=Severity.ERROR,
    scope=Scope.COMPOSE,
    summary="every service image has a tag or digest other than latest; db uses postgres:16-alpine",
    check=check,
    docs=RuleDocs(
        checks=(
            "Every `image:` names a tag or a digest, and the tag is not `latest`; an image without either means "
            "`latest`. `db` uses the policy's database image, `postgres:16-alpine` (a digest may follow the tag). "
            "Variables are resolved as Compose does, from the environment and the `.env` beside the file; an "
            "image that needs an unset variable is reported as unverifiable, and an invalid reference as invalid. "
            "An override file may leave the `db` image to its base file."
        ),
        why=(
            "An unpinned image changes under the project when it is pulled again: a new Postgres major version "
            "will not start on an old data volume, and a moved `latest` tag runs code nobody reviewed."
        ),
        noncompliant="services:\n  db:\n    image: postgres\n  app:\n    image: poblysh/connectors:latest\n",
        compliant="services:\n  db:\n    image: postgres:16-alpine\n  app:\n    image: poblysh/connectors:1.4.0\n",
        example_file="compose.yaml",
    ),
    parameters=("db_service", "db_image"),
)

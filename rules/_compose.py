"""Helpers the Compose rules share about the files they read."""

from __future__ import annotations

from dlint.compose.model import HealthTest, Service
from dlint.project import ComposeUnit
from dlint.rules._util import at_node
from dlint.rules.base import Hit


def is_override_file(compose: ComposeUnit) -> bool:
    """Override files add to a base file, so what they leave out is not missing."""
    return "override" in compose.display.rsplit("/", 1)[-1]


def health_test_or_hit(compose: ComposeUnit, service: Service, purpose: str) -> HealthTest | Hit | None:
    """Return the service's enabled healthcheck test, or a hit saying why it has none.

    `purpose` completes "expected a test that ...", such as "runs `pg_isready`". None
    means an override file leaves the healthcheck to its base file, which Compose
    merges per field.
    """
    healthcheck = service.healthcheck
    if healthcheck is None:
        if is_override_file(compose):
            return None
        return at_node(compose, service.key, f"service `{service.name}` has no healthcheck; expected a test that {purpose}")
    if healthcheck.disabled:
        node = healthcheck.disable_node or (healthcheck.test.node if healthcheck.test else healthcheck.node)
        return at_node(compose, node, f"the healthcheck of `{service.name}` is disabled; expected a test that {purpose}")
    if healthcheck.test is None:
        if is_override_file(compose):
            return None
        anchor = service.key_of("healthcheck") or healthcheck.node
        return at_node(compose, anchor, f"the healthcheck of `{service.name}` has no `test`; expected one that {purpose}")
    return healthcheck.test

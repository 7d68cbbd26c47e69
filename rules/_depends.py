"""The check shared by CF003 and CF004: a service waits for another with a given condition."""

from __future__ import annotations

from typing import Iterator

from dlint.compose.model import Service
from dlint.project import ComposeUnit
from dlint.rules._compose import is_override_file
from dlint.rules._util import at_node
from dlint.rules.base import Hit


def check_gate(compose: ComposeUnit, service: Service, dependency: str, condition: str) -> Iterator[Hit]:
    expected = f"`depends_on: {{{dependency}: {{condition: {condition}}}}}`"
    found = service.depends_on.get(dependency)
    if found is None:
        if is_override_file(compose):
            # Compose merges depends_on per service name, so the base file's entry still applies.
            return
        anchor = service.key_of("depends_on") or service.key
        yield at_node(compose, anchor, f"service `{service.name}` does not depend on `{dependency}`; expected {expected}")
        return
    if found.short_form:
        yield at_node(
            compose, found.node,
            f"`{service.name}` lists `{dependency}` in the short `depends_on` form, which means `service_started`; "
            f"expected `condition: {condition}`",
        )
        return
    if found.condition != condition:
        node = found.condition_node or found.node
        yield at_node(
            compose, node,
            f"`{service.name}` waits for `{dependency}` with `{found.condition}`; expected `condition: {condition}`",
        )

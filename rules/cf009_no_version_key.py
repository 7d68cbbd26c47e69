"""CF009 no-version-key: the Compose file has no top-level `version:` key."""

from __future__ import annotations

from typing import Iterator

from dlint.compose.nodes import Scalar
from dlint.findings import Severity
from dlint.project import CheckContext, ComposeUnit
from dlint.rules._util import at_node
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def check(compose: ComposeUnit, context: CheckContext) -> Iterator[Hit]:
    root = compose.compose.root
    key = root.key_node("version")
    if key is None:
        return
    value = root.get("version")
    written = f"`version: {value.text}`" if isinstance(value, Scalar) and not value.is_null else "`version`"
    yield at_node(compose, key, f"top-level {written} is obsolete in Compose v2 and ignored; remove the key")


RULE = Rule(
    id="CF009",
    name="no-version-key",
    severity=Severity.WARNING,
    scope=Scope.COMPOSE,
    summary="no top-level version key",
    check=check,
    docs=RuleDocs(
        checks="The Compose file has no top-level `version:` key, whatever its value.",
        why=(
            "Compose v2 ignores `version:` and warns that it is obsolete. Keeping it suggests that the file is "
            "read with the rules of an old format, which it is not."
        ),
        noncompliant="version: \"3.8\"\nservices:\n  db:\n    image: postgres:16-alpine\n",
        compliant="services:\n  db:\n    image: postgres:16-alpine\n",
        example_file="compose.yaml",
    ),
)

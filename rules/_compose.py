"""What the Compose rules share about the files they read."""

from __future__ import annotations

from dlint.project import ComposeUnit


def is_override_file(compose: ComposeUnit) -> bool:
    """Override files add to a base file, so what they leave out is not missing."""
    return "override" in compose.display.rsplit("/", 1)[-1]

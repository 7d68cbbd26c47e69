"""DF003 expose-only-8080: the final image exposes exactly the policy port over TCP."""

from __future__ import annotations

from typing import Iterator

from dlint.dockerfile.image import Resolved
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit
from dlint.rules._util import at_instruction, at_word, parse_exposed, stage_label, targets, unresolved_reason
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    port = context.policy.port
    for target in targets(unit, context):
        state = target.image_state()
        found = False
        unverified = False
        for _view, _instruction, resolved in state.exposes:
            word = resolved.word
            if resolved.value is None:
                unverified = True
                yield at_word(
                    unit, word,
                    f"EXPOSE `{word.text}` cannot be verified: {unresolved_reason(resolved)}; expected `{port}`",
                )
                continue
            problem = _problem(resolved.value, port)
            if problem is None:
                found = True
                continue
            yield at_word(unit, word, f"EXPOSE {_shown(resolved)} {problem}")
        # An unresolved EXPOSE may be the policy port, so its absence is not claimed.
        if not found and not unverified:
            yield at_instruction(
                unit, target.stage.from_instruction,
                f"{stage_label(target)} does not expose `{port}`; expected `EXPOSE {port}`",
            )


def _problem(value: str, port: int) -> str | None:
    exposed = parse_exposed(value)
    if exposed is None:
        return f"is not a valid port; expected `{port}`"
    if exposed.is_range:
        return f"opens a port range; expected only `{port}`"
    if exposed.protocol != "tcp":
        return f"uses {exposed.protocol.upper()}; expected `{port}/tcp`"
    if exposed.start != port:
        return f"opens another port; expected only `{port}`"
    return None


def _shown(resolved: Resolved) -> str:
    """Quote the word as written, with its value when a variable changed it and the reason it is empty."""
    text = resolved.word.text
    shown = f"`{text}`" if text == resolved.value else f"`{text}` (resolves to `{resolved.value}`)"
    notes = resolved.expansion.notes
    return f"{shown} ({notes[0]})" if notes else shown


RULE = Rule(
    id="DF003",
    name="expose-only-8080",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="the final stage exposes exactly port 8080/tcp",
    check=check,
    docs=RuleDocs(
        checks=(
            "The final stage, with what it inherits from earlier stages, exposes port 8080 over TCP and nothing else. "
            "Each other port, range or UDP port is a finding on its own line; no `EXPOSE 8080` at all is a finding "
            "at the final FROM."
        ),
        why=(
            "EXPOSE documents the service's contract with the platform. An extra port invites a second listener "
            "that nobody reviews, and a missing one breaks tools that read the image's metadata."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nEXPOSE 8080 9090\n",
        compliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nEXPOSE 8080\n",
    ),
    parameters=("port",),
)

"""DF002 non-root-user: the final image runs as the policy's numeric uid."""

from __future__ import annotations

from typing import Iterator

from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit
from dlint.rules._util import at_instruction, at_word, split_user, stage_label, targets, unresolved_reason
from dlint.rules.base import Hit, Rule, RuleDocs, Scope


def _problem(value: str, uid: str, gid: str) -> str | None:
    user, group = split_user(value)
    if user in ("root", "0"):
        return "runs as root"
    if user == "":
        return "has an empty user"
    if not user.isdigit():
        return f"names the user `{user}` instead of a numeric uid"
    if user != uid:
        return f"runs as uid `{user}`"
    if group is not None and group != gid:
        return f"runs with group `{group}`"
    return None


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    policy = context.policy
    expected = f"`{policy.uid}` or `{policy.uid}:{policy.gid}`"
    for target in targets(unit, context):
        state = target.image_state()
        where = stage_label(target)
        if state.user is None:
            yield at_instruction(
                unit, target.stage.from_instruction,
                f"{where} sets no USER, so the container runs as root; expected `USER {policy.uid}`",
            )
            continue
        _view, instruction, resolved = state.user
        word = instruction.rest
        assert word is not None
        if resolved.value is None:
            yield at_word(
                unit, word,
                f"USER `{word.text}` cannot be verified: {unresolved_reason(resolved)}; expected {expected}",
            )
            continue
        problem = _problem(resolved.value, policy.uid, policy.gid)
        if problem is None:
            continue
        shown = f"`{word.text}`" if word.text == resolved.value else f"`{word.text}` (resolves to `{resolved.value}`)"
        notes = f" ({resolved.expansion.notes[0]})" if resolved.expansion.notes else ""
        yield at_word(unit, word, f"USER {shown} {problem}{notes}; expected {expected}")


RULE = Rule(
    id="DF002",
    name="non-root-user",
    severity=Severity.ERROR,
    scope=Scope.DOCKERFILE,
    summary="the final stage's effective USER is the numeric uid 10001 (optionally with gid 10001)",
    check=check,
    docs=RuleDocs(
        checks=(
            "The effective `USER` of the final stage, inherited through `FROM <stage>` chains and with ARG and ENV "
            "substituted, is the policy uid (`10001` or `10001:10001`). No USER, `root`, `0`, a user name, another "
            "uid or a later switch back to root is a finding. A USER built from a variable whose value is known only "
            "at build time is reported as unverifiable."
        ),
        why=(
            "A process that runs as root inside the container is root on the host's kernel. A numeric uid needs no "
            "`/etc/passwd` entry, works with `runAsNonRoot` checks in Kubernetes, and matches file ownership on volumes."
        ),
        noncompliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nUSER root\n",
        compliant="FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\nUSER 10001:10001\n",
    ),
    parameters=("uid", "gid"),
)

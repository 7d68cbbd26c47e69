"""DF007 exec-form-command: the final image's CMD and ENTRYPOINT use the JSON exec form."""

from __future__ import annotations

import shlex
from typing import Iterator

from dlint.dockerfile.model import Instruction
from dlint.findings import Severity
from dlint.project import CheckContext, DockerfileUnit
from dlint.rules._util import at_instruction, at_word, stage_label, targets
from dlint.rules.base import Hit, Rule, RuleDocs, Scope

# Characters that only a shell interprets. A command using them has no direct exec form.
_SHELL_SYNTAX = set("$`|&;<>()*?[]{}~\\'\"")


def _exec_form(command: str, text: str) -> str:
    """Suggest an exec form: the words of a plain command, else a generic template."""
    if text and not any(char in _SHELL_SYNTAX for char in text) and not text.lstrip().startswith("["):
        import json

        return f"{command} {json.dumps(shlex.split(text))}"
    return f'{command} ["<binary>", "<argument>"]'


def _finding(unit: DockerfileUnit, instruction: Instruction, where: str) -> Hit:
    command = instruction.command
    word = instruction.rest
    text = word.text if word is not None else ""
    message = (
        f"{command} `{text}` in {where} uses the shell form, so `/bin/sh -c` runs as PID 1 and the binary "
        f"does not receive stop signals; expected the exec form `{_exec_form(command, text)}`"
    )
    return at_word(unit, word, message) if word is not None else at_instruction(unit, instruction, message)


def check(unit: DockerfileUnit, context: CheckContext) -> Iterator[Hit]:
    for target in targets(unit, context):
        state = target.image_state()
        where = stage_label(target)
        for found in (state.entrypoint, state.cmd):
            if found is None:
                continue
            _view, instruction = found
            # `CMD` with nothing after it sets no command, so there is no form to judge.
            if instruction.json_form or not instruction.values:
                continue
            yield _finding(unit, instruction, where)


RULE = Rule(
    id="DF007",
    name="exec-form-command",
    severity=Severity.WARNING,
    scope=Scope.DOCKERFILE,
    summary="the final stage's CMD and ENTRYPOINT use the JSON exec form",
    check=check,
    docs=RuleDocs(
        checks=(
            "The effective `CMD` and `ENTRYPOINT` of the final stage, inherited through `FROM <stage>` chains, are "
            "written in the JSON exec form (`CMD [\"connectors\"]`). Text that starts with `[` but is not a valid "
            "JSON array of strings, such as `CMD [ \"a\"` or `CMD ['a']`, is shell form, as BuildKit reads it, and "
            "so a finding."
        ),
        why=(
            "In the shell form the container runs `/bin/sh -c \"...\"`: the shell is PID 1, does not forward "
            "SIGTERM, and `docker stop` waits for its timeout and then kills the service without a graceful "
            "shutdown."
        ),
        noncompliant=(
            "FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n"
            "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n"
            "CMD connectors serve\n"
        ),
        compliant=(
            "FROM rust:1.85-slim AS builder\nFROM debian:bookworm-slim\n"
            "COPY --from=builder /src/target/release/connectors /usr/local/bin/connectors\n"
            "CMD [\"connectors\", \"serve\"]\n"
        ),
    ),
)

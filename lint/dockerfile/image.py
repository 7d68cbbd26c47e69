"""The state of an image built from a Dockerfile: stages resolved with Docker's ARG/ENV scoping.

Scoping as BuildKit applies it:

* ARGs before the first FROM are global. They are expanded in FROM, and inside a stage
  only after an `ARG NAME` re-declares them there (the global default then applies).
* A stage that starts `FROM <earlier stage>` inherits that stage's ENV (not its ARGs),
  USER, EXPOSE, CMD and ENTRYPOINT.
* ENV overrides an ARG of the same name.
* Build arguments (`--build-arg`, Compose `build.args`) replace ARG defaults.
"""

from __future__ import annotations

from typing import Mapping

from dlint.dockerfile.expand import Expansion, Known, Lookup, Unknown, Unset, VariableState, expand_word
from dlint.dockerfile.model import Dockerfile, Instruction, KeyValue, Stage, Word
from dlint.records import field, record

BUILDER_ARGUMENTS = frozenset(
    {
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
    }
)


@record(frozen=True)
class Resolved:
    """A word of the Dockerfile and its value after expansion."""

    word: Word
    expansion: Expansion

    @property
    def value(self) -> str | None:
        return self.expansion.value


@record(frozen=True)
class Scope:
    """Variables visible at one point of a stage."""

    args: Mapping[str, VariableState]
    env: Mapping[str, VariableState]
    global_names: frozenset[str]
    external_base: bool

    def lookup(self, name: str) -> VariableState:
        if name in self.env:
            return self.env[name]
        if name in self.args:
            return self.args[name]
        if name in self.global_names:
            return Unset(f"global ARG `{name}` is not re-declared in this stage, so it is empty here")
        if self.external_base:
            return Unknown(f"`{name}` is not declared in this Dockerfile; only the base image could set it")
        return Unset(f"`{name}` is not declared in this stage")


@record(frozen=True)
class StageView:
    stage: Stage
    base: Resolved | None
    parent: int | None
    scopes: tuple[Scope, ...]
    final_scope: Scope

    def resolve(self, position: int, word: Word, escape: str) -> Resolved:
        """Expand `word` of the instruction at `position` in this stage."""
        return Resolved(word, expand_word(word.text, self.scopes[position].lookup, escape))


@record(frozen=True)
class EnvSetting:
    stage: Stage
    instruction: Instruction
    pair: KeyValue


@record(frozen=True)
class ImageState:
    """The effective state of the image a target stage produces."""

    target: StageView
    chain: tuple[StageView, ...]
    user: tuple[StageView, Instruction, Resolved] | None
    exposes: tuple[tuple[StageView, Instruction, Resolved], ...]
    env: tuple[EnvSetting, ...]
    copies: tuple[tuple[StageView, Instruction], ...]
    runs: tuple[tuple[StageView, Instruction], ...]
    cmd: tuple[StageView, Instruction] | None
    entrypoint: tuple[StageView, Instruction] | None

    @property
    def root(self) -> StageView:
        return self.chain[0]

    @property
    def root_base(self) -> Resolved | None:
        return self.chain[0].base


@record
class BuildView:
    """The stages of a Dockerfile resolved for one set of build arguments."""

    dockerfile: Dockerfile
    # A None value is a build argument whose value is not known (an unresolved variable).
    build_args: Mapping[str, str | None] = field(default_factory=dict)
    stages: list[StageView] = field(default_factory=list)
    global_scope: Scope | None = None

    def __post_init__(self) -> None:
        self.global_scope = self._global_scope()
        for stage in self.dockerfile.stages:
            self.stages.append(self._stage_view(stage))

    def _global_scope(self) -> Scope:
        args: dict[str, VariableState] = {name: Unknown(f"`{name}` is set by the builder") for name in BUILDER_ARGUMENTS}
        scope = Scope(args, {}, frozenset(), external_base=False)
        for instruction in self.dockerfile.global_args:
            for pair in instruction.pairs:
                args[pair.key.text] = self._arg_value(pair, scope, inherited=None)
                scope = Scope(dict(args), {}, frozenset(), external_base=False)
        return scope

    def _arg_value(self, pair: KeyValue, scope: Scope, inherited: VariableState | None) -> VariableState:
        name = pair.key.text
        if name in self.build_args:
            given = self.build_args[name]
            if given is None:
                return Unknown(f"build argument `{name}` is set from a variable that cannot be resolved")
            return Known(given)
        if pair.value is not None:
            expansion = expand_word(pair.value.text, scope.lookup, self.dockerfile.escape)
            if expansion.value is None:
                return Unknown(f"the default of ARG `{name}` cannot be resolved: {expansion.reasons[0]}")
            return Known(expansion.value)
        if inherited is not None:
            return inherited
        if name in BUILDER_ARGUMENTS:
            return Unknown(f"`{name}` is set by the builder")
        return Unknown(f"ARG `{name}` has no default, so its value comes only from --build-arg", build_argument=True)

    def _parent_index(self, stage: Stage, base_value: str | None) -> int | None:
        if base_value is None:
            return None
        lowered = base_value.lower()
        for earlier in self.dockerfile.stages[: stage.index]:
            if earlier.name is not None and earlier.name.lower() == lowered:
                return earlier.index
        return None

    def _stage_view(self, stage: Stage) -> StageView:
        assert self.global_scope is not None
        base = None
        if stage.base is not None:
            base = Resolved(stage.base, expand_word(stage.base.text, self.global_scope.lookup, self.dockerfile.escape))
        parent = self._parent_index(stage, base.value if base else None)
        env: dict[str, VariableState] = {}
        external = parent is None and not (base is not None and base.value == "scratch")
        if parent is not None:
            parent_view = self.stages[parent]
            env = dict(parent_view.final_scope.env)
            external = parent_view.final_scope.external_base
        global_names = frozenset(name for name in self.global_scope.args if name not in BUILDER_ARGUMENTS)
        args: dict[str, VariableState] = {}
        scope = Scope({}, dict(env), global_names, external)
        scopes = []
        for instruction in stage.instructions:
            scopes.append(scope)
            command = instruction.command
            if command == "ARG":
                for pair in instruction.pairs:
                    inherited = self.global_scope.args.get(pair.key.text)
                    args[pair.key.text] = self._arg_value(pair, scope, inherited)
                    scope = Scope(dict(args), dict(env), global_names, external)
            elif command == "ENV":
                for pair in instruction.pairs:
                    value = expand_word(pair.value.text, scope.lookup, self.dockerfile.escape) if pair.value else None
                    if value is None or value.value is None:
                        reason = value.reasons[0] if value and value.reasons else "no value"
                        env[pair.key.text] = Unknown(f"ENV `{pair.key.text}` cannot be resolved: {reason}")
                    else:
                        env[pair.key.text] = Known(value.value)
                # All pairs of one ENV instruction are expanded with the scope before it.
                scope = Scope(dict(args), dict(env), global_names, external)
        return StageView(stage, base, parent, tuple(scopes), scope)

    def chain(self, index: int) -> tuple[StageView, ...]:
        """List the stages an image is built on, from the first FROM to stage `index`."""
        views = [self.stages[index]]
        seen = {index}
        while views[-1].parent is not None and views[-1].parent not in seen:
            seen.add(views[-1].parent)
            views.append(self.stages[views[-1].parent])
        return tuple(reversed(views))

    def image_state(self, index: int) -> ImageState:
        chain = self.chain(index)
        user = None
        exposes = []
        env = []
        copies = []
        runs = []
        cmd = None
        entrypoint = None
        escape = self.dockerfile.escape
        for view in chain:
            cmd_in_stage = False
            for position, instruction in enumerate(view.stage.instructions):
                command = instruction.command
                if command == "USER" and instruction.rest is not None:
                    user = (view, instruction, view.resolve(position, instruction.rest, escape))
                elif command == "EXPOSE":
                    for word in instruction.words:
                        exposes.append((view, instruction, view.resolve(position, word, escape)))
                elif command == "ENV":
                    env.extend(EnvSetting(view.stage, instruction, pair) for pair in instruction.pairs)
                elif command in ("COPY", "ADD"):
                    copies.append((view, instruction))
                elif command == "RUN":
                    runs.append((view, instruction))
                elif command == "CMD":
                    cmd = (view, instruction)
                    cmd_in_stage = True
                elif command == "ENTRYPOINT":
                    entrypoint = (view, instruction)
                    # ENTRYPOINT clears a CMD inherited from an earlier stage, not one
                    # set earlier in the same stage.
                    if not cmd_in_stage:
                        cmd = None
        return ImageState(
            target=chain[-1],
            chain=chain,
            user=user,
            exposes=tuple(exposes),
            env=tuple(env),
            copies=tuple(copies),
            runs=tuple(runs),
            cmd=cmd,
            entrypoint=entrypoint,
        )

    def lookup_at(self, stage_index: int, position: int) -> Lookup:
        return self.stages[stage_index].scopes[position].lookup

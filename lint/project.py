"""Loading the files to lint and joining them: which service builds which Dockerfile stage.

A Compose service's `build:` leads to the Dockerfile it builds even when only the Compose
file was named, because pre-commit passes changed files only. A Dockerfile named alone is
paired with the Compose files beside it or above it that build it.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any, Mapping

from dlint.compose.environment import interpolation_lookup
from dlint.compose.interpolation import Lookup, interpolate
from dlint.compose.model import Build, ComposeFile, Service
from dlint.compose.project import (
    BASE_FILE_NAMES, OVERRIDE_FILE_NAMES, ComposeProject, LoadIssue, load_compose_project,
)
from dlint.discovery import DEFAULT_COMPOSE_NAMES, Discovered
from dlint.dockerfile.image import BuildView, ImageState
from dlint.dockerfile.model import Dockerfile, Stage
from dlint.dockerfile.parser import parse_dockerfile
from dlint.dockerignore import Dockerignore, DockerignoreError
from dlint.findings import Location
from dlint.policy import Policy
from dlint.records import field, record
from dlint.sources import ReadError, Source, read_source


@record(frozen=True)
class FileError:
    """A syntax error (E001) or a read error (E002) in one file."""

    rule: str
    location: Location
    message: str


@record
class DockerfileUnit:
    path: str
    display: str
    dockerfile: Dockerfile
    context_dir: pathlib.Path
    linted: bool
    dockerignore: Dockerignore | None = None
    dockerignore_display: str | None = None
    _views: dict[tuple[tuple[str, str | None], ...], BuildView] = field(default_factory=dict)

    def view(self, build_args: Mapping[str, str | None] | None = None) -> BuildView:
        """Resolve the stages for these build arguments, once per distinct set."""
        key = tuple(sorted((build_args or {}).items(), key=lambda item: item[0]))
        if key not in self._views:
            self._views[key] = BuildView(self.dockerfile, dict(key))
        return self._views[key]


@record
class ComposeUnit:
    """A Compose project: one file, or a base file with the files merged over it.

    `path` and `display` name the first file; `compose.files` lists them all.
    """

    path: str
    display: str
    compose: ComposeFile
    linted: bool
    project: ComposeProject | None = None

    @property
    def directory(self) -> pathlib.Path:
        return pathlib.Path(self.path).parent


@record(frozen=True)
class Target:
    """A stage that is final for some image: the last stage, or a service's build.target."""

    unit: DockerfileUnit
    stage: Stage
    build_args: tuple[tuple[str, str | None], ...]
    via: str | None

    def image_state(self) -> ImageState:
        return self.unit.view(dict(self.build_args)).image_state(self.stage.index)


@record(frozen=True)
class ServiceBuild:
    """A Compose service and the Dockerfile stage it builds, or why it has none."""

    compose: ComposeUnit
    service: Service
    unit: DockerfileUnit | None
    target: Target | None
    problem: str | None


@record
class Project:
    policy: Policy
    dockerfiles: list[DockerfileUnit] = field(default_factory=list)
    composes: list[ComposeUnit] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    builds: list[ServiceBuild] = field(default_factory=list)
    files_checked: int = 0
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def targets(self, unit: DockerfileUnit) -> list[Target]:
        """List the stages of `unit` to check as final: the last stage and any Compose targets."""
        found: dict[tuple[int, tuple[tuple[str, str | None], ...]], Target] = {}
        final = unit.dockerfile.final_stage
        if final is not None:
            found[(final.index, ())] = Target(unit, final, (), None)
        for build in self.builds:
            if build.unit is unit and build.target is not None:
                key = (build.target.stage.index, build.target.build_args)
                found.setdefault(key, build.target)
        return list(found.values())

    def image_runs(self, compose: ComposeUnit, service: Service) -> ServiceBuild | None:
        """Find the build whose image `service` runs: its own `build:`, or another service's.

        The other service is in the same Compose file and has the same `image:` after
        interpolation. Compose tags the built image with that name, so both run it.
        """
        own = self._build_of(compose, service)
        if own is not None or service.image is None:
            return own
        lookup = interpolation_lookup(compose)
        name = interpolate(service.image.text, lookup).value
        if name is None:
            return None
        for other in compose.compose.services.values():
            if other is service or other.build is None or other.image is None:
                continue
            if interpolate(other.image.text, lookup).value == name:
                return self._build_of(compose, other)
        return None

    def _build_of(self, compose: ComposeUnit, service: Service) -> ServiceBuild | None:
        for build in self.builds:
            if build.compose is compose and build.service is service:
                return build
        return None


@record(frozen=True)
class CheckContext:
    """The project, policy and options passed to a rule's check with its unit."""

    project: Project
    policy: Policy
    options: Mapping[str, Any]


def _read(path: str, display: str, errors: list[FileError], recorded: bool = True) -> Source | None:
    result = read_source(path, display, recorded)
    if isinstance(result, ReadError):
        errors.append(FileError("E002", Location(display, result.line, result.column), result.message))
        return None
    return result


def _dockerignore_for(
    unit: DockerfileUnit, context_dir: pathlib.Path, context_display: str, errors: list[FileError]
) -> tuple[Dockerignore | None, str | None]:
    """BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then the context's."""
    candidates = [
        (pathlib.Path(unit.path + ".dockerignore"), unit.display + ".dockerignore"),
        (context_dir / ".dockerignore", os.path.normpath(os.path.join(context_display, ".dockerignore"))),
    ]
    for candidate, display in candidates:
        if not candidate.is_file():
            continue
        source = _read(str(candidate), display, errors, recorded=False)
        if source is None:
            return None, display
        try:
            return Dockerignore.parse(source.text), display
        except DockerignoreError as error:
            errors.append(FileError("E001", Location(display, error.line, error.column), error.message))
            return None, display
    return None, None


class ProjectLoader:
    def __init__(self, policy: Policy, environ: Mapping[str, str] | None = None) -> None:
        self.project = Project(policy=policy)
        self.by_realpath: dict[str, DockerfileUnit | ComposeUnit | None] = {}
        # Compose interpolates with the process environment, which wins over `.env`.
        self.environ = dict(os.environ if environ is None else environ)

    def load(self, discovered: list[Discovered], compose_files: list[Discovered] | None = None) -> Project:
        if compose_files:
            self.load_compose_files(compose_files, linted=True, complete=True)
        for item in discovered:
            if item.kind == "dockerfile":
                self.load_dockerfile(item.path, item.display, linted=True)
            else:
                self.load_compose(item.path, item.display, linted=True)
        for unit in list(self.project.dockerfiles):
            if unit.linted:
                self._find_composes_building(unit)
        for compose in list(self.project.composes):
            self._pair_services(compose)
        self.project.files_checked = sum(1 for item in discovered)
        return self.project

    def load_dockerfile(
        self, path: str, display: str, linted: bool, context_dir: pathlib.Path | None = None,
        context_display: str | None = None, text: str | None = None,
    ) -> DockerfileUnit | None:
        real = os.path.realpath(path) if text is None else f"inline:{display}"
        if real in self.by_realpath:
            existing = self.by_realpath[real]
            if isinstance(existing, DockerfileUnit) and linted:
                existing.linted = True
            return existing if isinstance(existing, DockerfileUnit) else None
        self.by_realpath[real] = None
        if text is None:
            source = _read(path, display, self.project.errors)
            if source is None:
                return None
            text = source.text
        dockerfile = parse_dockerfile(text, display)
        for issue in dockerfile.errors:
            self.project.errors.append(FileError("E001", Location(display, issue.line, issue.column), issue.message))
        context = context_dir if context_dir is not None else pathlib.Path(path).parent
        display_dir = context_display if context_display is not None else os.path.dirname(display)
        unit = DockerfileUnit(path=path, display=display, dockerfile=dockerfile, context_dir=context, linted=linted)
        self.set_context(unit, context, display_dir)
        self.by_realpath[real] = unit
        if not dockerfile.errors:
            self.project.dockerfiles.append(unit)
        return unit

    def load_compose(self, path: str, display: str, linted: bool) -> ComposeUnit | None:
        """Load the Compose project `path` belongs to: a default base file comes with its
        override file, and an override file with its base file, as `docker compose` reads them.
        """
        return self.load_compose_files(_compose_group(path, display), linted, complete=_is_default_name(path))

    def load_compose_files(self, files: list[Discovered], linted: bool, complete: bool) -> ComposeUnit | None:
        """Load files merged in order into one project, each loaded once."""
        reals = [os.path.realpath(item.path) for item in files]
        for real in reals:
            if real in self.by_realpath:
                existing = self.by_realpath[real]
                if isinstance(existing, ComposeUnit) and linted:
                    existing.linted = True
                return existing if isinstance(existing, ComposeUnit) else None
        for real in reals:
            self.by_realpath[real] = None
        loaded = load_compose_project(
            [item.path for item in files], self.environ, displays=[item.display for item in files], complete=complete,
        )
        if isinstance(loaded, list):
            for issue in loaded:
                self._load_issue(issue)
            return None
        # What Compose rejects only as a whole project is a syntax error too, but the
        # model is still usable, so the rules run on it. A problem a rule reports with
        # more detail (an undefined dependency, a missing env file) is left to that rule.
        for rejection in loaded.rejections:
            if rejection.reported_by is None:
                self._load_issue(rejection)
        first = files[0]
        unit = ComposeUnit(path=first.path, display=first.display, compose=loaded.compose, linted=linted, project=loaded)
        for real in reals:
            self.by_realpath[real] = unit
        self.project.composes.append(unit)
        return unit

    def set_context(self, unit: DockerfileUnit, context_dir: pathlib.Path, context_display: str) -> None:
        unit.context_dir = context_dir
        unit.dockerignore, unit.dockerignore_display = _dockerignore_for(
            unit, context_dir, context_display, self.project.errors
        )

    def _load_issue(self, issue: LoadIssue) -> None:
        self.project.errors.append(FileError(issue.rule, Location(issue.path, issue.line, issue.column), issue.message))

    def _find_composes_building(self, unit: DockerfileUnit) -> None:
        """Pair a Dockerfile named alone with Compose files in its folder or above it."""
        directory = pathlib.Path(unit.path).resolve().parent
        display_dir = os.path.dirname(unit.display)
        for _ in range(4):
            for name in DEFAULT_COMPOSE_NAMES:
                candidate = directory / name
                if candidate.is_file() and os.path.realpath(candidate) not in self.by_realpath:
                    display = os.path.normpath(os.path.join(display_dir, name))
                    self.load_compose(str(candidate), display, linted=False)
            if (directory / ".git").exists() or directory.parent == directory:
                return
            directory = directory.parent
            display_dir = os.path.join(display_dir, "..")

    def _pair_services(self, compose: ComposeUnit) -> None:
        for service in compose.compose.services.values():
            if service.build is None:
                continue
            self.project.builds.append(self._service_build(compose, service))

    def _service_build(self, compose: ComposeUnit, service: Service) -> ServiceBuild:
        build = service.build
        assert build is not None
        lookup = interpolation_lookup(compose)
        fields = _interpolated_build(build, lookup)
        if isinstance(fields, str):
            return ServiceBuild(compose, service, None, None, fields)
        context_text, dockerfile_text, inline_text, target_text = fields

        if "://" in context_text or context_text.startswith("git@"):
            return ServiceBuild(compose, service, None, None, f"build context `{context_text}` is remote, so its Dockerfile cannot be read")
        context_dir = (compose.directory / context_text).resolve()
        compose_display_dir = os.path.dirname(compose.display)
        context_display = os.path.normpath(os.path.join(compose_display_dir, context_text))
        if inline_text is not None:
            display = f"{compose.display}#services.{service.name}.build.dockerfile_inline"
            unit = self.load_dockerfile(
                str(context_dir / "Dockerfile"), display, linted=False, context_dir=context_dir,
                context_display=context_display, text=inline_text,
            )
        else:
            dockerfile_name = dockerfile_text or "Dockerfile"
            dockerfile_path = pathlib.Path(dockerfile_name) if os.path.isabs(dockerfile_name) else context_dir / dockerfile_name
            if not dockerfile_path.is_file():
                return ServiceBuild(compose, service, None, None, f"Dockerfile `{dockerfile_name}` not found in build context `{context_text}`")
            display = os.path.normpath(os.path.join(context_display, dockerfile_name))
            unit = self.load_dockerfile(str(dockerfile_path), display, linted=False, context_dir=context_dir, context_display=context_display)

        if unit is None or unit.dockerfile.errors:
            return ServiceBuild(compose, service, unit, None, "its Dockerfile cannot be parsed")
        if unit.context_dir.resolve() != context_dir:
            self.set_context(unit, context_dir, context_display)

        build_args = _build_args(build, lookup)
        stage = unit.dockerfile.final_stage
        if target_text is not None:
            stage = unit.dockerfile.stage_by_name(target_text)
            if stage is None:
                return ServiceBuild(compose, service, unit, None, f"build target `{target_text}` is not a stage of {unit.display}")
        if stage is None:
            return ServiceBuild(compose, service, unit, None, "its Dockerfile has no stage")
        return ServiceBuild(compose, service, unit, Target(unit, stage, build_args, service.name), None)


def _interpolated_build(build: Build, lookup: Lookup) -> tuple[str, str | None, str | None, str | None] | str:
    """Interpolate context, dockerfile, dockerfile_inline and target, or return why that failed."""
    values: list[str | None] = []
    for name, text in (
        ("context", build.context), ("dockerfile", build.dockerfile),
        ("dockerfile_inline", build.dockerfile_inline), ("target", build.target),
    ):
        if text is None:
            values.append(None)
            continue
        result = interpolate(text, lookup)
        if result.value is None:
            reason = result.error or f"`{result.unresolved[0]}` is not set"
            return f"build {name} `{text}` cannot be resolved ({reason}), so the Dockerfile is not known"
        values.append(result.value)
    context, dockerfile, inline, target = values
    assert context is not None
    return context, dockerfile, inline, target


def _build_args(build: Build, lookup: Lookup) -> tuple[tuple[str, str | None], ...]:
    """Build arguments as the build receives them; None marks a value that cannot be resolved.

    A bare name takes its value from the interpolation environment and is left out when it is
    unset there, so the Dockerfile's ARG default applies, as with Compose.
    """
    found: dict[str, str | None] = {}
    for name, (text, _node) in build.args.items():
        if text is None:
            value = lookup(name)
            if value is not None:
                found[name] = value
            continue
        found[name] = interpolate(text, lookup).value
    return tuple(sorted(found.items(), key=lambda item: item[0]))


def _is_default_name(path: str) -> bool:
    return os.path.basename(path) in BASE_FILE_NAMES + OVERRIDE_FILE_NAMES


def _compose_group(path: str, display: str) -> list[Discovered]:
    """Return the files Compose reads together with `path` when run in its folder without `-f`."""
    name = os.path.basename(path)
    directory = os.path.dirname(path)
    display_dir = os.path.dirname(display)

    def sibling(candidates: tuple[str, ...]) -> Discovered | None:
        for candidate in candidates:
            if os.path.isfile(os.path.join(directory, candidate)):
                return Discovered(os.path.join(directory, candidate), os.path.normpath(os.path.join(display_dir, candidate)), "compose")
        return None

    given = Discovered(path, display, "compose")
    if name in OVERRIDE_FILE_NAMES:
        base = sibling(BASE_FILE_NAMES)
        return [given] if base is None else [base, given]
    first_base = sibling(BASE_FILE_NAMES)
    if name in BASE_FILE_NAMES and first_base is not None and os.path.realpath(first_base.path) == os.path.realpath(path):
        override = sibling(OVERRIDE_FILE_NAMES)
        return [given] if override is None else [given, override]
    return [given]


def load_project(
    discovered: list[Discovered], policy: Policy, compose_files: list[Discovered] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Project:
    """Load what to lint; `compose_files`, when given, is one project merged in that order."""
    return ProjectLoader(policy, environ).load(discovered, compose_files)

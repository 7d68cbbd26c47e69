"""The programs a built image contains: from its base image, its package installs, its copies.

The walk follows the stages an image is built on (`FROM <stage>` chains), tracking WORKDIR
and PATH the way the build applies them, so a copied file gets its absolute path.
"""

from __future__ import annotations

import fnmatch
import posixpath
import shlex

from dlint.dockerfile.expand import Known, Unknown, VariableState, expand_word
from dlint.dockerfile.image import StageView
from dlint.dockerfile.model import Instruction, Word
from dlint.imageref import ImageRefError, parse_image_ref
from dlint.project import Target
from dlint.records import field, record
from dlint.rules._cross import Spot
from dlint.shell import SimpleCommand, apk_adds, apt_get_installs, parse_shell

# The PATH of the Debian, Ubuntu and Alpine images when no ENV changes it.
DEFAULT_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")

# The programs each base image ships, limited to those a healthcheck or a command may call.
# Debian and Ubuntu images contain the packages of priority "required" only. Docker's official
# buildpack-deps:bookworm-curl image exists to add curl and wget on top of debian:bookworm, so
# neither is in debian:bookworm or its slim variant. Alpine images are BusyBox plus apk, and
# BusyBox provides `wget` and `nc` but not curl. scratch and distroless contain no shell at all.
# NOTE: the lists of programs present are an estimate from those package sets, kept short.
_COREUTILS = frozenset(
    {
        "cat", "echo", "test", "[", "true", "false", "sleep", "env", "id", "head", "tail", "ls",
        "mkdir", "rm", "cp", "mv", "kill", "printf", "timeout", "wc", "tr", "cut", "sort",
    }
)
_DEBIAN = _COREUTILS | {"sh", "dash", "bash", "grep", "sed", "awk", "mawk", "find", "xargs", "tar", "gzip", "perl"}
_BUSYBOX = _COREUTILS | {"sh", "ash", "grep", "sed", "awk", "find", "xargs", "tar", "gzip", "wget", "nc", "ps", "ping"}
_NOTHING: frozenset[str] = frozenset()
BASE_IMAGE_PROGRAMS: dict[str, frozenset[str]] = {
    "docker.io/library/debian": frozenset(_DEBIAN),
    "docker.io/library/ubuntu": frozenset(_DEBIAN),
    "docker.io/library/alpine": frozenset(_BUSYBOX),
    "docker.io/library/busybox": frozenset(_BUSYBOX),
    "docker.io/library/scratch": _NOTHING,
}
# Every image under these repository prefixes has no shell and no tools.
_EMPTY_PREFIXES = ("gcr.io/distroless/", "cgr.dev/chainguard/static")

# Packages whose programs are not named like the package; any other package gives its own name.
PACKAGE_PROGRAMS: dict[str, tuple[str, ...]] = {
    "netcat-openbsd": ("nc",),
    "netcat-traditional": ("nc",),
    "netcat": ("nc",),
    "busybox": tuple(sorted(_BUSYBOX)),
    "procps": ("ps", "pgrep", "pkill"),
    "postgresql-client": ("psql", "pg_isready"),
    "iputils-ping": ("ping",),
}
_SHELLS = frozenset({"sh", "bash", "dash", "ash"})


@record(frozen=True)
class ImageFile:
    """A file a COPY or ADD puts in the image; `path` may hold a glob from its source."""

    path: str
    spot: Spot

    def provides(self, program: str) -> bool:
        return fnmatch.fnmatchcase(program, posixpath.basename(self.path))

    def is_at(self, path: str) -> bool:
        return fnmatch.fnmatchcase(posixpath.normpath(path), self.path)


@record
class ImageContents:
    """The contents of a target's image, as far as they can be read statically."""

    base: str | None
    base_programs: frozenset[str] | None
    installed: dict[str, Spot] = field(default_factory=dict)
    files: list[ImageFile] = field(default_factory=list)
    unknown_copies: list[Spot] = field(default_factory=list)
    path_dirs: tuple[str, ...] | None = DEFAULT_PATH

    def copied(self, program: str) -> ImageFile | None:
        """Return the copied file that provides `program` on PATH, or at its path when absolute."""
        for found in reversed(self.files):
            if program.startswith("/"):
                if found.is_at(program):
                    return found
            elif found.provides(program) and self._on_path(found.path):
                return found
        return None

    def _on_path(self, path: str) -> bool:
        return self.path_dirs is None or posixpath.dirname(path) in self.path_dirs


def base_programs(base: str | None) -> frozenset[str] | None:
    """Return the programs a base image ships, or None when dlint does not know that image."""
    if base is None:
        return None
    try:
        name = parse_image_ref(base).normalized_name
    except ImageRefError:
        return None
    if name in BASE_IMAGE_PROGRAMS:
        return BASE_IMAGE_PROGRAMS[name]
    if name.startswith(_EMPTY_PREFIXES):
        return _NOTHING
    return None


def run_commands(instruction: Instruction) -> list[SimpleCommand]:
    """Return the commands a RUN executes, including a heredoc body that a shell reads as its script."""
    script = shlex.join(instruction.values) if instruction.json_form else " ".join(instruction.values)
    commands = [command for command in parse_shell(script).commands if command.argv]
    runs_body = not commands or commands[0].program in _SHELLS
    if runs_body:
        for heredoc in instruction.heredocs:
            commands.extend(command for command in parse_shell(heredoc.body).commands if command.argv)
    return commands


def installed_programs(instruction: Instruction) -> list[str]:
    commands = run_commands(instruction)
    packages = [name for install in apt_get_installs(commands) for name in install.packages]
    packages += [name for add in apk_adds(commands) for name in add.packages]
    return [program for package in packages for program in PACKAGE_PROGRAMS.get(package, (package,))]


class _Walk:
    def __init__(self, contents: ImageContents, escape: str, unit_display: str) -> None:
        self.contents = contents
        self.escape = escape
        self.display = unit_display
        self.workdir: str | None = "/"

    def resolve(self, view: StageView, position: int, word: Word) -> str | None:
        return view.resolve(position, word, self.escape).value

    def stage(self, view: StageView) -> None:
        for position, instruction in enumerate(view.stage.instructions):
            command = instruction.command
            if command == "WORKDIR" and instruction.rest is not None:
                self.workdir_to(self.resolve(view, position, instruction.rest))
            elif command == "RUN":
                for program in installed_programs(instruction):
                    self.contents.installed.setdefault(program, Spot(self.display, instruction.line, instruction.column))
            elif command in ("COPY", "ADD"):
                self.copy(view, position, instruction)
            elif command == "ENV":
                self.env(view, position, instruction)

    def workdir_to(self, value: str | None) -> None:
        if value is None or self.workdir is None:
            self.workdir = None if value is None or not value.startswith("/") else posixpath.normpath(value)
            return
        self.workdir = posixpath.normpath(posixpath.join(self.workdir, value))

    def copy(self, view: StageView, position: int, instruction: Instruction) -> None:
        words = instruction.words
        spot = Spot(self.display, instruction.line, instruction.column)
        if len(words) < 2:
            return
        destination = self.resolve(view, position, words[-1])
        if destination is None or (not destination.startswith("/") and self.workdir is None):
            self.contents.unknown_copies.append(word_spot_of(self.display, words[-1]))
            return
        absolute = posixpath.normpath(posixpath.join(self.workdir or "/", destination))
        sources = [word for word in words[:-1] if not word.text.startswith("<<")]
        into_folder = destination.endswith("/") or len(words) > 2 or absolute in DEFAULT_PATH
        if not into_folder:
            self.contents.files.append(ImageFile(absolute, spot))
            return
        for word in sources:
            source = self.resolve(view, position, word)
            if source is None:
                self.contents.unknown_copies.append(word_spot_of(self.display, word))
                continue
            name = posixpath.basename(source.rstrip("/"))
            if name and name != ".":
                self.contents.files.append(ImageFile(posixpath.join(absolute, name), spot))

    def env(self, view: StageView, position: int, instruction: Instruction) -> None:
        for pair in instruction.pairs:
            if pair.key.text != "PATH" or pair.value is None:
                continue
            scope_lookup = view.scopes[position].lookup
            current = self.contents.path_dirs

            def lookup(name: str) -> VariableState:
                if name == "PATH":
                    return Known(":".join(current)) if current is not None else Unknown("PATH is not known")
                return scope_lookup(name)

            value = expand_word(pair.value.text, lookup, self.escape).value
            self.contents.path_dirs = None if value is None else tuple(
                posixpath.normpath(part) for part in value.split(":") if part
            )


def word_spot_of(display: str, word: Word) -> Spot:
    return Spot(display, word.line, word.column)


def image_contents(target: Target) -> ImageContents:
    """Read what the image built from `target` holds."""
    state = target.image_state()
    base = state.root_base.value if state.root_base is not None else None
    contents = ImageContents(base=base, base_programs=base_programs(base))
    walk = _Walk(contents, target.unit.dockerfile.escape, target.unit.display)
    for view in state.chain:
        walk.stage(view)
    return contents


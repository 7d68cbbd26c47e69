"""Loading a Compose project the way Compose does: several files, merged into one.

A project is an ordered list of files (`compose.yaml` and its override file, or an
explicit `-f` list). Each file is read on its own first: its variables are
interpolated, its `include`d files are loaded as projects of their own and put
under it, and its `extends` are resolved inside it. Then the files are merged in
order, later files winning. The merge works on positioned nodes, so every value
of the result still points at the file and line it was written at.

Relative paths (build contexts, env files) are rebased to the project folder when
they come from an `extends` or `include` file, which Compose resolves relative to
the file that declares them. Anything that cannot be followed (a missing file, a
remote include, an unknown service to extend) is an issue, never skipped.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping as MappingType, Sequence as SequenceType

from dlint.compose.dotenv import DotenvError, EnvEntry, parse_dotenv
from dlint.compose.interpolation import environment_lookup, interpolate
from dlint.compose.loader import YamlError, load_yaml_documents
from dlint.compose.merge import merge_documents, merge_service
from dlint.compose.model import ComposeFile, EnvVar, Issue, Service, build_compose_file
from dlint.compose.nodes import Mapping, Mark, Node, Scalar, Sequence, describe
from dlint.compose.schema import unknown_keys
from dlint.records import field, record, replace
from dlint.sources import ReadError, read_source

Lookup = Callable[[str], "str | None"]

BASE_FILE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
OVERRIDE_FILE_NAMES = (
    "compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml",
)
_REMOTE = ("http://", "https://", "git@", "git://", "ssh://", "oci://", "github.com/")


@record(frozen=True)
class LoadIssue:
    """Why a project cannot be loaded as Compose would: E001 (syntax) or E002 (unreadable)."""

    rule: str
    path: str
    line: int
    column: int
    message: str
    # The rule that reports the same problem with more detail, so the engine leaves it out.
    reported_by: str | None = None


@record
class ComposeProject:
    """The merged, normalised project and what it was read with.

    `compose` keeps every value as written (variables included), which is what the
    rules read; `resolved` has the values Compose uses, after interpolation.
    Both have the same nodes' positions.
    """

    compose: ComposeFile
    files: tuple[str, ...]
    directory: str
    environment: dict[str, str] = field(default_factory=dict)
    profiles: frozenset[str] = frozenset()
    resolved: ComposeFile | None = None
    # What Compose rejects although dlint can lint the project: a dependency on an
    # undefined service, a service without image or build, a missing or unreadable
    # env file, a `depends_on` entry without `condition`.
    rejections: list[LoadIssue] = field(default_factory=list)

    def is_active(self, service: Service) -> bool:
        """Compose runs a service with `profiles` only when one of them is active."""
        return not service.profiles or bool(self.profiles.intersection(service.profiles)) or "*" in self.profiles

    def active_services(self, compose: ComposeFile | None = None) -> dict[str, Service]:
        """Return the services Compose runs, of `compose` (default: the model as written)."""
        model = compose or self.compose
        return {name: service for name, service in model.services.items() if self.is_active(service)}


def default_compose_files(directory: str, environ: MappingType[str, str] | None = None) -> list[str]:
    """Return the files `docker compose` reads in `directory` without `-f`, as paths.

    `COMPOSE_FILE` (from `environ`, then the folder's `.env`) lists them explicitly;
    otherwise the first base file name present, plus the first override file present.
    """
    listed = _compose_file_variable(directory, dict(environ or {}))
    if listed:
        return [os.path.join(directory, name) for name in listed]
    files = []
    base = next((name for name in BASE_FILE_NAMES if os.path.isfile(os.path.join(directory, name))), None)
    if base is not None:
        files.append(os.path.join(directory, base))
        override = next((name for name in OVERRIDE_FILE_NAMES if os.path.isfile(os.path.join(directory, name))), None)
        if override is not None:
            files.append(os.path.join(directory, override))
    return files


def _compose_file_variable(directory: str, environ: dict[str, str]) -> list[str]:
    value = environ.get("COMPOSE_FILE")
    separator = environ.get("COMPOSE_PATH_SEPARATOR")
    if value is None:
        entries = _read_dotenv_quietly(os.path.join(directory, ".env"), environ)
        value = entries.get("COMPOSE_FILE")
        separator = separator or entries.get("COMPOSE_PATH_SEPARATOR")
    if not value:
        return []
    return [name for name in value.split(separator or os.pathsep) if name]


def _read_dotenv_quietly(path: str, environ: dict[str, str]) -> dict[str, str]:
    if not os.path.isfile(path):
        return {}
    source = read_source(path, path, recorded=False)
    if isinstance(source, ReadError):
        return {}
    try:
        entries = parse_dotenv(source.text, environ.get)
    except DotenvError:
        return {}
    return {entry.key: entry.value for entry in entries if entry.value is not None}


def load_compose_project(
    files: SequenceType[str],
    environ: MappingType[str, str] | None = None,
    *,
    displays: SequenceType[str] | None = None,
    unset_as_empty: bool = False,
    complete: bool = True,
) -> ComposeProject | list[LoadIssue]:
    """Load and merge `files` in order; the issues instead when Compose would reject them.

    `environ` is the process environment (default: none); it wins over the `.env` file
    next to the first file. `displays` are the paths to report, one per file. An unset
    variable without a default stays unresolved (the scalar keeps its text and lists
    the name); `unset_as_empty` makes it empty instead, as Compose does. With
    `complete`, the files form a whole project, so a service without image or build
    and a dependency on an undefined service are rejections. A lone fragment is not
    checked for those.
    """
    if not files:
        raise ValueError("a Compose project needs at least one file")
    shown = list(displays) if displays is not None else list(files)
    loader = _ProjectLoader(os.path.dirname(os.path.abspath(files[0])), os.path.dirname(shown[0]), dict(environ or {}), unset_as_empty)
    return loader.load(list(files), shown, complete)


@record(frozen=True)
class _Context:
    """A file being read: where it is, how it is shown, and how its values are resolved."""

    path: str
    display: str
    base: str  # folder its relative paths start from, relative to the project folder
    lookup: Lookup


class _Failed(Exception):
    """A file could not be read; its issues are recorded already."""


class _ProjectLoader:
    def __init__(self, directory: str, display_dir: str, environ: dict[str, str], unset_as_empty: bool) -> None:
        self.directory = directory
        self.display_dir = display_dir
        self.environ = environ
        self.unset_as_empty = unset_as_empty
        self.issues: list[LoadIssue] = []
        self.rejections: list[LoadIssue] = []
        self.extended_files: dict[str, Mapping] = {}
        self.loading: list[str] = []

    # -- reporting

    def issue(self, node: Node, message: str) -> None:
        self.issues.append(LoadIssue("E001", node.mark.path, node.line, node.column, message))

    def issue_at(self, path: str, line: int, column: int, message: str, rule: str = "E001") -> None:
        self.issues.append(LoadIssue(rule, path, line, column, message))

    def reject(self, node: Node, message: str, reported_by: str | None = None) -> None:
        self.rejections.append(LoadIssue("E001", node.mark.path, node.line, node.column, message, reported_by))

    # -- the project

    def load(self, files: list[str], displays: list[str], complete: bool) -> ComposeProject | list[LoadIssue]:
        environment = self.project_environment()
        lookup = environment_lookup([], environment)
        merged: Node | None = None
        for path, display in zip(files, displays):
            absolute = os.path.abspath(path)
            self.loading.append(absolute)
            try:
                root = self.load_file(_Context(absolute, display, "", lookup), follow_includes=True)
            except _Failed:
                continue
            finally:
                self.loading.pop()
            merged = merge_documents(merged, root)
        if self.issues:
            return self.issues
        root = merged if merged is not None else Mapping(Mark(displays[0], 1, 1))
        resolved = build_compose_file(root, files[0], displays[0])
        if isinstance(resolved, Issue):
            self.issue(resolved.node, resolved.message)
            return self.issues
        for model_issue in resolved.issues:
            self.issue(model_issue.node, model_issue.message)
        for rejection in resolved.rejections:
            self.reject(rejection.node, rejection.message)
        written = build_compose_file(_as_written(root), files[0], displays[0])
        assert not isinstance(written, Issue)
        resolved.files = written.files = tuple(displays)
        project = ComposeProject(
            compose=written,
            files=tuple(displays),
            directory=self.directory,
            environment=environment,
            profiles=_profiles(environment),
            resolved=resolved,
        )
        for service in resolved.services.values():
            self.resolve_environment(service, lookup, report=True)
        for service in written.services.values():
            self.resolve_environment(service, lookup, report=False)
        if complete:
            self.check_complete(project)
        if self.issues:
            return self.issues
        project.rejections = self.rejections
        return project

    def project_environment(self) -> dict[str, str]:
        """Return the interpolation environment: the process environment over the project's `.env`."""
        path = os.path.join(self.directory, ".env")
        environment = dict(self.environ)
        if not os.path.isfile(path):
            return environment
        display = _join_display(self.display_dir, ".env")
        entries = self.read_env_file(path, display, environment.get)
        for entry in entries or []:
            if entry.value is not None and entry.key not in self.environ:
                environment[entry.key] = entry.value
        return environment

    def read_env_file(self, path: str, display: str, lookup: Lookup) -> list[EnvEntry] | None:
        """Read an env file; what goes wrong is a rejection, as the YAML can still be linted."""
        source = read_source(path, display, recorded=False)
        if isinstance(source, ReadError):
            self.rejections.append(LoadIssue("E002", display, source.line, source.column, source.message))
            return None
        try:
            return parse_dotenv(source.text, lookup, unset_as_empty=self.unset_as_empty)
        except DotenvError as error:
            self.rejections.append(LoadIssue("E001", display, error.line, error.column, error.message))
            return None

    def read_env_file_quietly(self, path: str, display: str, lookup: Lookup) -> list[EnvEntry] | None:
        saved = list(self.rejections)
        try:
            return self.read_env_file(path, display, lookup)
        finally:
            self.rejections[:] = saved

    # -- one file

    def load_file(self, context: _Context, follow_includes: bool) -> Mapping:
        source = read_source(context.path, context.display)
        if isinstance(source, ReadError):
            self.issue_at(context.display, source.line, source.column, source.message, rule="E002")
            raise _Failed
        try:
            documents = load_yaml_documents(source.text, context.display)
        except YamlError as error:
            self.issue_at(context.display, error.line, error.column, error.message)
            raise _Failed from None
        root: Node | None = None
        for document in documents:
            # Compose merges the documents of one file in order, like override files.
            if document is not None:
                root = document if root is None else merge_documents(root, document)
        if root is None:
            self.issue_at(context.display, 1, 1, "the Compose file is empty; it needs a `services` mapping")
            raise _Failed
        if not isinstance(root, Mapping):
            self.issue(root, f"the top level of a Compose file must be a mapping, not {describe(root)}")
            raise _Failed
        for key, message in unknown_keys(root):
            self.issue(key, message)
        interpolated = _Interpolator(context.lookup, self, self.unset_as_empty).node(root)
        assert isinstance(interpolated, Mapping)
        root = _rebase(interpolated, context.base) if context.base else interpolated
        if follow_includes:
            root = self.apply_includes(root, context)
        return self.apply_extends(root, context)

    # -- extends

    def apply_extends(self, root: Mapping, context: _Context) -> Mapping:
        services = root.get("services")
        if not isinstance(services, Mapping) or not any(
            isinstance(value, Mapping) and "extends" in value for _, value in services.entries
        ):
            return root
        resolver = _ExtendsResolver(self, services, context)
        entries = [(key, resolver.resolve(key.text, [])) for key, _ in services.entries]
        new_services = Mapping(services.mark, [(key, value) for key, value in entries], tag=services.tag)
        return _replace(root, "services", new_services)

    def extended_file(self, node: Node, relative: str, context: _Context) -> Mapping | None:
        """Load the file an `extends: {file: ...}` names, relative to the file that names it."""
        if relative.startswith(_REMOTE):
            self.issue(node, f"extends file `{relative}` is remote; dlint reads only local files")
            return None
        path = os.path.normpath(os.path.join(os.path.dirname(context.path), relative))
        if path in self.extended_files:
            return self.extended_files[path]
        if not os.path.isfile(path):
            self.issue(node, f"extends file `{relative}` does not exist")
            return None
        if path in self.loading:
            self.issue(node, f"extends file `{relative}` leads back to a file that extends it")
            return None
        display = _join_display(os.path.dirname(context.display), relative)
        base = _relative_base(self.directory, os.path.dirname(path))
        self.loading.append(path)
        try:
            loaded = self.load_file(_Context(path, display, base, context.lookup), follow_includes=False)
        except _Failed:
            return None
        finally:
            self.loading.pop()
        self.extended_files[path] = loaded
        return loaded

    # -- include

    def apply_includes(self, root: Mapping, context: _Context) -> Mapping:
        include = root.get("include")
        if include is None:
            return root
        root = Mapping(root.mark, [(key, value) for key, value in root.entries if key.text != "include"], tag=root.tag)
        if isinstance(include, Scalar) and include.is_null:
            return root
        if not isinstance(include, Sequence):
            self.issue(include, f"include must be a list, not {describe(include)}")
            return root
        included: Node | None = None
        for entry in include.items:
            loaded = self.load_include(entry, context)
            if loaded is not None:
                included = loaded if included is None else merge_documents(included, loaded)
        if included is None:
            return root
        merged = merge_documents(included, root)
        return merged if isinstance(merged, Mapping) else root

    def load_include(self, entry: Node, context: _Context) -> Node | None:
        paths, env_files, project_dir = self.include_entry(entry)
        if not paths:
            return None
        here = os.path.dirname(context.path)
        for path_node in paths:
            if path_node.text.startswith(_REMOTE):
                self.issue(path_node, f"include `{path_node.text}` is remote; dlint reads only local files")
                return None
            if not os.path.isfile(os.path.join(here, path_node.text)):
                self.issue(path_node, f"included file `{path_node.text}` does not exist")
                return None
        first = os.path.normpath(os.path.join(here, paths[0].text))
        folder = os.path.normpath(os.path.join(here, project_dir.text)) if project_dir is not None else os.path.dirname(first)
        lookup = self.include_lookup(env_files, folder, context)
        result: Node | None = None
        for path_node in paths:
            path = os.path.normpath(os.path.join(here, path_node.text))
            if path in self.loading:
                self.issue(path_node, f"include `{path_node.text}` leads back to a file that includes it")
                return None
            display = _join_display(os.path.dirname(context.display), path_node.text)
            self.loading.append(path)
            try:
                loaded = self.load_file(_Context(path, display, _relative_base(self.directory, folder), lookup), follow_includes=True)
            except _Failed:
                return None
            finally:
                self.loading.pop()
            result = loaded if result is None else merge_documents(result, loaded)
        return result

    def include_entry(self, entry: Node) -> tuple[list[Scalar], list[Scalar], Scalar | None]:
        if isinstance(entry, Scalar) and not entry.is_null:
            return [entry], [], None
        if not isinstance(entry, Mapping):
            self.issue(entry, f"an include entry must be a path or a mapping with `path`, not {describe(entry)}")
            return [], [], None
        paths = _scalars(entry.get("path"))
        if not paths:
            self.issue(entry, "an include entry needs `path`")
        project_dir = entry.get("project_directory")
        return paths, _scalars(entry.get("env_file")), project_dir if isinstance(project_dir, Scalar) else None

    def include_lookup(self, env_files: list[Scalar], folder: str, context: _Context) -> Lookup:
        """Return the included project's lookup: the including project's variables, then its own env files."""
        here = os.path.dirname(context.path)
        candidates: list[tuple[str, str, Node | None]] = []
        for node in env_files:
            path = os.path.normpath(os.path.join(here, node.text))
            candidates.append((path, _join_display(os.path.dirname(context.display), node.text), node))
        if not env_files:
            dotenv = os.path.join(folder, ".env")
            if os.path.isfile(dotenv):
                display = _join_display(self.display_dir, os.path.relpath(dotenv, self.directory))
                candidates.append((dotenv, display, None))
        own: dict[str, str] = {}
        for path, display, node in candidates:
            if not os.path.isfile(path):
                if node is not None:
                    self.reject(node, f"env file `{node.text}` of the include does not exist")
                continue
            for entry in self.read_env_file(path, display, lambda name: context.lookup(name) or own.get(name)) or []:
                if entry.value is not None:
                    own[entry.key] = entry.value
        parent = context.lookup

        def lookup(name: str) -> str | None:
            value = parent(name)
            return own.get(name) if value is None else value

        return lookup

    # -- after the merge

    def resolve_environment(self, service: Service, lookup: Lookup, report: bool) -> None:
        """Fill what the container receives: env files in order, then `environment`, later winning.

        With `report`, a missing env file is a rejection. The model as written is filled
        after the resolved one, so its problems are reported once.
        """
        result: dict[str, EnvVar] = {}
        for ref in service.env_files:
            if isinstance(ref.node, Scalar) and not ref.node.resolved:
                continue
            path = ref.path if os.path.isabs(ref.path) else os.path.join(self.directory, ref.path)
            if not os.path.isfile(path):
                if ref.required and report:
                    self.reject(ref.node, f"env file `{ref.path}` of service `{service.name}` does not exist", "CF006")
                continue
            display = _join_display(self.display_dir, ref.path)
            entries = self.read_env_file(path, display, lookup) if report else self.read_env_file_quietly(path, display, lookup)
            for entry in entries or []:
                key = Scalar(Mark(display, entry.line, entry.column), entry.key)
                result[entry.key] = EnvVar(entry.key, entry.value, key, entry.column)
        for variable in service.environment:
            value = variable.value if variable.value is not None else lookup(variable.key)
            result[variable.key] = EnvVar(variable.key, value, variable.node, variable.key_column)
        service.container_environment = result
        if service.build is not None:
            args = {}
            for name, (value, _node) in service.build.args.items():
                found = value if value is not None else lookup(name)
                if found is not None:
                    args[name] = found
            service.build = replace(service.build, resolved_args=args)

    def check_complete(self, project: ComposeProject) -> None:
        active = project.active_services(project.resolved)
        for name, service in active.items():
            if service.image is None and service.build is None:
                self.reject(service.key, f"service `{name}` has neither `image` nor `build`; expected one of them")
            for dependency in service.depends_on.values():
                if dependency.name in active:
                    continue
                target = project.compose.services.get(dependency.name)
                if target is None:
                    self.reject(dependency.node, f"service `{name}` depends on `{dependency.name}`, which is not defined", "CF010")
                else:
                    profiles = ", ".join(f"`{profile}`" for profile in target.profiles)
                    self.reject(
                        dependency.node,
                        f"service `{name}` depends on `{dependency.name}`, which runs only with profile {profiles}; "
                        "activate the profile or drop the dependency",
                    )


class _ExtendsResolver:
    """Resolves `extends` of one file's services, following chains and other files."""

    def __init__(self, loader: _ProjectLoader, services: Mapping, context: _Context) -> None:
        self.loader = loader
        self.services = services
        self.context = context
        self.done: dict[str, Node] = {}

    def resolve(self, name: str, stack: list[str]) -> Node:
        if name in self.done:
            return self.done[name]
        value = self.services.get(name)
        assert value is not None
        if not isinstance(value, Mapping) or "extends" not in value:
            return value
        extends = value.get("extends")
        own = Mapping(value.mark, [(key, item) for key, item in value.entries if key.text != "extends"], tag=value.tag)
        base = self.base_of(name, extends, stack) if extends is not None else None
        if base is None:
            self.done[name] = own
            return own
        base = Mapping(base.mark, [(key, item) for key, item in base.entries if key.text != "extends"])
        merged = merge_service(base, own, name)
        result = merged if merged is not None else own
        self.done[name] = result
        return result

    def base_of(self, name: str, extends: Node, stack: list[str]) -> Mapping | None:
        if isinstance(extends, Scalar) and not extends.is_null:
            service_node: Node | None = extends
            file_node: Node | None = None
        elif isinstance(extends, Mapping):
            service_node = extends.get("service")
            file_node = extends.get("file")
        else:
            self.loader.issue(extends, f"extends must be a service name or a mapping with `service`, not {describe(extends)}")
            return None
        if not isinstance(service_node, Scalar) or service_node.is_null:
            self.loader.issue(extends, f"extends of service `{name}` needs `service`")
            return None
        base_name = service_node.text
        if isinstance(file_node, Scalar) and not file_node.is_null:
            other = self.loader.extended_file(file_node, file_node.text, self.context)
            if other is None:
                return None
            found = _service(other, base_name)
            if found is None:
                self.loader.issue(service_node, f"service `{base_name}` that `{name}` extends is not defined in `{file_node.text}`")
            return found
        if base_name == name or base_name in stack:
            self.loader.issue(service_node, f"service `{name}` extends `{base_name}`, which extends it back")
            return None
        if base_name not in self.services:
            self.loader.issue(service_node, f"service `{base_name}` that `{name}` extends is not defined")
            return None
        resolved = self.resolve(base_name, stack + [name])
        return resolved if isinstance(resolved, Mapping) else None


def _service(root: Mapping, name: str) -> Mapping | None:
    services = root.get("services")
    if not isinstance(services, Mapping):
        return None
    found = services.get(name)
    return found if isinstance(found, Mapping) else None


class _Interpolator:
    """Interpolates every value of a document (keys stay as written), once per node."""

    def __init__(self, lookup: Lookup, loader: _ProjectLoader, unset_as_empty: bool) -> None:
        self.lookup = lookup
        self.loader = loader
        self.unset_as_empty = unset_as_empty
        self.done: dict[int, Node] = {}

    def node(self, node: Node) -> Node:
        known = self.done.get(id(node))
        if known is not None:
            return known
        result: Node
        if isinstance(node, Mapping):
            entries = [(key, self.node(value)) for key, value in node.entries]
            changed = any(a is not b for (_, a), (_, b) in zip(entries, node.entries))
            result = Mapping(node.mark, entries, tag=node.tag) if changed else node
        elif isinstance(node, Sequence):
            items = [self.node(item) for item in node.items]
            changed = any(a is not b for a, b in zip(items, node.items))
            result = Sequence(node.mark, items, tag=node.tag) if changed else node
        else:
            assert isinstance(node, Scalar)
            result = self.scalar(node)
        self.done[id(node)] = result
        return result

    def scalar(self, node: Scalar) -> Scalar:
        if "$" not in node.text:
            return node
        outcome = interpolate(node.text, self.lookup, unset_as_empty=self.unset_as_empty)
        if outcome.error is not None:
            # Compose rejects the file, but the text as written can still be linted.
            self.loader.reject(node, f"`{node.text}` cannot be interpolated: {outcome.error}")
            return Scalar(node.mark, node.text, node.plain, tag=node.tag, raw=node.text, unresolved=outcome.unresolved)
        if outcome.value is None:
            return Scalar(node.mark, node.text, node.plain, tag=node.tag, raw=node.text, unresolved=outcome.unresolved)
        return Scalar(node.mark, outcome.value, node.plain, tag=node.tag, raw=node.text)


def _rebase(root: Mapping, base: str) -> Mapping:
    """Make the relative paths of an `extends` or `include` file relative to the project folder."""
    services = root.get("services")
    if not isinstance(services, Mapping):
        return root
    entries = [(key, _rebase_service(value, base)) for key, value in services.entries]
    return _replace(root, "services", Mapping(services.mark, entries, tag=services.tag))


def _rebase_service(service: Node, base: str) -> Node:
    # NOTE: only build contexts and env files are rebased, because the rules read only
    # those paths. Bind-mount sources in `volumes` keep the text of their own file.
    if not isinstance(service, Mapping):
        return service
    entries: list[tuple[Scalar, Node]] = []
    for key, value in service.entries:
        if key.text == "build":
            value = _rebase_build(value, base)
        elif key.text == "env_file":
            value = _rebase_env_files(value, base)
        entries.append((key, value))
    return Mapping(service.mark, entries, tag=service.tag)


def _rebase_build(build: Node, base: str) -> Node:
    if isinstance(build, Scalar):
        return _rebase_path(build, base)
    if not isinstance(build, Mapping):
        return build
    # Without `context` Compose keeps the project folder, even for an `extends` file.
    entries = [(key, _rebase_path(value, base) if key.text == "context" else value) for key, value in build.entries]
    return Mapping(build.mark, entries, tag=build.tag)


def _rebase_env_files(node: Node, base: str) -> Node:
    if isinstance(node, Scalar):
        return _rebase_path(node, base)
    if isinstance(node, Sequence):
        return Sequence(node.mark, [_rebase_env_files(item, base) for item in node.items], tag=node.tag)
    if isinstance(node, Mapping):
        entries = [(key, _rebase_path(value, base) if key.text == "path" else value) for key, value in node.entries]
        return Mapping(node.mark, entries, tag=node.tag)
    return node


def _rebase_path(node: Node, base: str) -> Node:
    if not isinstance(node, Scalar) or node.is_null or not node.resolved:
        return node
    text = node.text
    if text.startswith(_REMOTE) or os.path.isabs(text) or text.startswith("~"):
        return node
    rebased = posixpath.normpath(posixpath.join(base, text))
    raw = None if node.raw is None else posixpath.normpath(posixpath.join(base, node.raw))
    return Scalar(node.mark, rebased, False, tag=node.tag, raw=raw)


def _as_written(root: Node) -> Node:
    """Return the tree with every interpolated value back to its text as written."""
    done: dict[int, Node] = {}

    def convert(node: Node) -> Node:
        known = done.get(id(node))
        if known is not None:
            return known
        result: Node = node
        if isinstance(node, Mapping):
            result = Mapping(node.mark, [(key, convert(value)) for key, value in node.entries], tag=node.tag)
        elif isinstance(node, Sequence):
            result = Sequence(node.mark, [convert(item) for item in node.items], tag=node.tag)
        elif isinstance(node, Scalar) and node.raw is not None:
            result = Scalar(node.mark, node.raw, node.plain, tag=node.tag)
        done[id(node)] = result
        return result

    return convert(root)


def _replace(root: Mapping, name: str, value: Node) -> Mapping:
    entries = [(key, value if key.text == name else item) for key, item in root.entries]
    return Mapping(root.mark, entries, tag=root.tag)


def _relative_base(directory: str, folder: str) -> str:
    relative = os.path.relpath(folder, directory)
    return "" if relative == "." else relative.replace(os.sep, "/")


def _join_display(display_dir: str, relative: str) -> str:
    return os.path.normpath(os.path.join(display_dir, relative))


def _scalars(node: Node | None) -> list[Scalar]:
    if isinstance(node, Scalar) and not node.is_null:
        return [node]
    if isinstance(node, Sequence):
        return [item for item in node.items if isinstance(item, Scalar) and not item.is_null]
    return []


def _profiles(environment: dict[str, str]) -> frozenset[str]:
    value = environment.get("COMPOSE_PROFILES", "")
    return frozenset(name.strip() for name in value.split(",") if name.strip())

"""Container image references, parsed by the grammar Docker uses.

A reference is ``[registry/]path[:tag][@digest]``. The first path
component is a registry host when it contains ``.`` or ``:``, equals
``localhost`` or has upper-case letters (Docker treats such a component
as a host, so ``Foo/bar`` is the repository ``bar`` on host ``Foo``).
References without a registry live on Docker Hub, where one-component
names sit under ``library/``.
"""

from __future__ import annotations

import re

from dlint.records import record

__all__ = [
    "DOCKER_HUB",
    "ImageRef",
    "ImageRefError",
    "image_matches",
    "parse_image_ref",
    "rust_slim_version",
]

DOCKER_HUB = "docker.io"
# Old Docker Hub host name, still accepted and rewritten to DOCKER_HUB.
_LEGACY_HUB = "index.docker.io"
_OFFICIAL_PREFIX = "library/"
_MAX_NAME_LENGTH = 255

_PATH_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*")
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])"
_REGISTRY = re.compile(rf"{_HOST}(?::[0-9]+)?")
_TAG = re.compile(r"\w[\w.-]{0,127}", re.ASCII)
_DIGEST = re.compile(r"([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})")
# Hex length of each digest algorithm Docker accepts. The hex must be lower case.
_DIGEST_HEX_LENGTH = {"sha256": 64, "sha384": 96, "sha512": 128}
_RUST_SLIM_TAG = re.compile(r"(\d+)\.(\d+)(?:\.\d+)?-slim(?:-[\w.-]+)?", re.ASCII)


class ImageRefError(ValueError):
    """An image reference that the grammar rejects."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@record(frozen=True)
class ImageRef:
    """A parsed reference. ``registry`` is None when the text names no registry."""

    registry: str | None
    path: str
    tag: str | None
    digest: str | None

    @property
    def repository(self) -> str:
        """Registry and path as written, without tag or digest."""
        if self.registry is None:
            return self.path
        return f"{self.registry}/{self.path}"

    @property
    def normalized_name(self) -> str:
        """Full repository name, e.g. ``docker.io/library/postgres``."""
        registry = self.registry or DOCKER_HUB
        if registry == _LEGACY_HUB:
            registry = DOCKER_HUB
        path = self.path
        if registry == DOCKER_HUB and "/" not in path:
            path = _OFFICIAL_PREFIX + path
        return f"{registry}/{path}"

    @property
    def is_pinned(self) -> bool:
        """True for a digest, or for a tag other than ``latest``."""
        if self.digest is not None:
            return True
        return self.tag is not None and self.tag != "latest"

    @property
    def is_scratch(self) -> bool:
        """True for ``scratch``, the empty base image of ``FROM scratch``."""
        return self.normalized_name == f"{DOCKER_HUB}/{_OFFICIAL_PREFIX}scratch"

    def __str__(self) -> str:
        text = self.repository
        if self.tag is not None:
            text += f":{self.tag}"
        if self.digest is not None:
            text += f"@{self.digest}"
        return text


def parse_image_ref(text: str) -> ImageRef:
    """Parse ``text`` and raise ImageRefError when it is not a valid reference."""
    if not text:
        raise ImageRefError("empty image reference")
    remainder, digest = _split_digest(text)
    name, tag = _split_tag(remainder, text)
    if not name:
        raise ImageRefError(f"missing repository name in `{text}`")
    if len(name) > _MAX_NAME_LENGTH:
        raise ImageRefError(f"repository name longer than {_MAX_NAME_LENGTH} characters in `{text}`")
    registry, path = _split_registry(name)
    if registry is not None:
        _check_registry(registry, text)
    _check_path(path, text)
    return ImageRef(registry=registry, path=path, tag=tag, digest=digest)


def _split_digest(text: str) -> tuple[str, str | None]:
    remainder, at, digest = text.partition("@")
    if not at:
        return text, None
    _check_digest(digest, text)
    return remainder, digest


def _check_digest(digest: str, text: str) -> None:
    match = _DIGEST.fullmatch(digest)
    if match is None:
        raise ImageRefError(f"invalid digest `{digest}` in `{text}`")
    algorithm, hex_part = match.groups()
    expected = _DIGEST_HEX_LENGTH.get(algorithm)
    if expected is None:
        raise ImageRefError(f"unsupported digest algorithm `{algorithm}` in `{text}`")
    if len(hex_part) != expected or hex_part != hex_part.lower():
        raise ImageRefError(
            f"invalid digest `{digest}` in `{text}`: {algorithm} needs {expected} lower-case hex digits"
        )


def _split_tag(remainder: str, text: str) -> tuple[str, str | None]:
    # A colon after the last slash starts the tag; one before it is a port.
    colon = remainder.rfind(":")
    if colon <= remainder.rfind("/"):
        return remainder, None
    tag = remainder[colon + 1 :]
    if _TAG.fullmatch(tag) is None:
        raise ImageRefError(f"invalid tag `{tag}` in `{text}`")
    return remainder[:colon], tag


def _split_registry(name: str) -> tuple[str | None, str]:
    first, slash, rest = name.partition("/")
    if not slash:
        return None, name
    is_host = (
        "." in first or ":" in first or first == "localhost" or first != first.lower()
    )
    if is_host:
        return first, rest
    return None, name


def _check_registry(registry: str, text: str) -> None:
    if _REGISTRY.fullmatch(registry) is None:
        raise ImageRefError(f"invalid registry host `{registry}` in `{text}`")


def _check_path(path: str, text: str) -> None:
    for component in path.split("/"):
        if _PATH_COMPONENT.fullmatch(component) is not None:
            continue
        if component and _PATH_COMPONENT.fullmatch(component.lower()) is not None:
            raise ImageRefError(f"repository name must be lower case in `{text}`")
        raise ImageRefError(f"invalid path component `{component}` in `{text}`")


def image_matches(ref: ImageRef, pattern: str) -> bool:
    """Return whether ``ref`` fits ``pattern``, such as ``rust:*-slim``.

    Repositories are compared in normalized form, so ``postgres`` and
    ``docker.io/library/postgres`` are the same. ``*`` is a wildcard in
    the tag only. A pattern without a tag fits every tag. A reference
    with neither tag nor digest counts as ``latest`` because Docker pulls
    that tag. A digest in the pattern must equal the reference's digest.
    """
    remainder, _, digest_pattern = pattern.partition("@")
    colon = remainder.rfind(":")
    if colon > remainder.rfind("/"):
        name, tag_pattern = remainder[:colon], remainder[colon + 1 :]
    else:
        name, tag_pattern = remainder, None
    if parse_image_ref(name).normalized_name != ref.normalized_name:
        return False
    if digest_pattern and ref.digest != digest_pattern:
        return False
    if tag_pattern is None:
        return True
    tag = ref.tag
    if tag is None:
        if ref.digest is not None:
            return False
        tag = "latest"
    return _tag_glob(tag_pattern).fullmatch(tag) is not None


def _tag_glob(tag_pattern: str) -> re.Pattern[str]:
    parts = (re.escape(part) for part in tag_pattern.split("*"))
    return re.compile(".*".join(parts))


def rust_slim_version(tag: str) -> tuple[int, int] | None:
    """Return (major, minor) of a tag like ``1.85.1-slim-bookworm``, else None."""
    match = _RUST_SLIM_TAG.fullmatch(tag)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))

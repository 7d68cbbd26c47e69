from __future__ import annotations

import pytest

from dlint.imageref import ImageRef, ImageRefError, image_matches, parse_image_ref, rust_slim_version

SHA = "sha256:" + "a" * 64

# text, registry, path, tag, digest, normalized name
VALID = [
    pytest.param("postgres", None, "postgres", None, None, "docker.io/library/postgres", id="hub-short"),
    pytest.param("postgres:16-alpine", None, "postgres", "16-alpine", None, "docker.io/library/postgres", id="hub-tag"),
    pytest.param("library/redis:7", None, "library/redis", "7", None, "docker.io/library/redis", id="library"),
    pytest.param("bitnami/redis:7.2", None, "bitnami/redis", "7.2", None, "docker.io/bitnami/redis", id="hub-user"),
    pytest.param("docker.io/nginx", "docker.io", "nginx", None, None, "docker.io/library/nginx", id="hub-host"),
    pytest.param("index.docker.io/nginx", "index.docker.io", "nginx", None, None, "docker.io/library/nginx", id="legacy-hub"),
    pytest.param("ghcr.io/org/app:v1.2.3", "ghcr.io", "org/app", "v1.2.3", None, "ghcr.io/org/app", id="ghcr"),
    pytest.param("registry.example:5000/team/app", "registry.example:5000", "team/app", None, None, "registry.example:5000/team/app", id="port-untagged"),
    pytest.param("registry.example:5000/team/app:2", "registry.example:5000", "team/app", "2", None, "registry.example:5000/team/app", id="port-tagged"),
    pytest.param("localhost/app", "localhost", "app", None, None, "localhost/app", id="localhost"),
    pytest.param("localhost:5000/app:dev", "localhost:5000", "app", "dev", None, "localhost:5000/app", id="localhost-port"),
    pytest.param("[::1]:5000/app:1", "[::1]:5000", "app", "1", None, "[::1]:5000/app", id="ipv6"),
    pytest.param("[2001:db8::1]/app", "[2001:db8::1]", "app", None, None, "[2001:db8::1]/app", id="ipv6-no-port"),
    pytest.param("10.0.0.5:443/x/y", "10.0.0.5:443", "x/y", None, None, "10.0.0.5:443/x/y", id="ipv4"),
    pytest.param(f"alpine@{SHA}", None, "alpine", None, SHA, "docker.io/library/alpine", id="digest-only"),
    pytest.param(f"alpine:3.20@{SHA}", None, "alpine", "3.20", SHA, "docker.io/library/alpine", id="tag-and-digest"),
    pytest.param("node:latest", None, "node", "latest", None, "docker.io/library/node", id="latest"),
    pytest.param("scratch", None, "scratch", None, None, "docker.io/library/scratch", id="scratch"),
    pytest.param("my_org/my__app-x.y", None, "my_org/my__app-x.y", None, None, "docker.io/my_org/my__app-x.y", id="separators"),
    pytest.param("a/b/c/d:t", None, "a/b/c/d", "t", None, "docker.io/a/b/c/d", id="deep-path"),
    pytest.param("Example.com/app", "Example.com", "app", None, None, "Example.com/app", id="upper-host"),
    pytest.param("app:_x", None, "app", "_x", None, "docker.io/library/app", id="tag-underscore"),
]


@pytest.mark.parametrize(("text", "registry", "path", "tag", "digest", "normalized"), VALID)
def test_parse_valid(text: str, registry: str | None, path: str, tag: str | None, digest: str | None, normalized: str) -> None:
    ref = parse_image_ref(text)
    assert ref.registry == registry
    assert ref.path == path
    assert ref.tag == tag
    assert ref.digest == digest
    assert ref.normalized_name == normalized


@pytest.mark.parametrize(("text",), [pytest.param(p.values[0], id=p.id) for p in VALID])
def test_str_round_trip(text: str) -> None:
    assert str(parse_image_ref(text)) == text


INVALID = [
    pytest.param("", "empty image reference", id="empty"),
    pytest.param("Postgres", "lower case", id="upper-case-name"),
    pytest.param("library/Redis", "lower case", id="upper-case-path"),
    pytest.param("ghcr.io/Org/app", "lower case", id="upper-case-after-host"),
    pytest.param("postgres:", "invalid tag", id="empty-tag"),
    pytest.param("postgres:-x", "invalid tag", id="tag-leading-dash"),
    pytest.param("postgres:" + "a" * 129, "invalid tag", id="tag-too-long"),
    pytest.param("postgres@sha256:abc", "invalid digest", id="short-digest"),
    pytest.param("postgres@sha256:" + "A" * 64, "invalid digest", id="upper-hex"),
    pytest.param("postgres@md5:" + "a" * 32, "unsupported digest algorithm", id="unknown-algorithm"),
    pytest.param("postgres@", "invalid digest", id="empty-digest"),
    pytest.param("a//b", "invalid path component", id="empty-component"),
    pytest.param("app-", "invalid path component", id="trailing-dash"),
    pytest.param("bad_host.example-/app", "invalid registry host", id="bad-host"),
    pytest.param("post gres", "invalid path component", id="space"),
    pytest.param("a/" * 128 + "b", "longer than 255", id="too-long"),
]


@pytest.mark.parametrize(("text", "fragment"), INVALID)
def test_parse_invalid(text: str, fragment: str) -> None:
    with pytest.raises(ImageRefError) as info:
        parse_image_ref(text)
    assert fragment in info.value.message


def test_error_quotes_value() -> None:
    with pytest.raises(ImageRefError, match="`Postgres`"):
        parse_image_ref("Postgres")


@pytest.mark.parametrize(
    ("text", "repository"),
    [
        pytest.param("postgres:16", "postgres", id="hub"),
        pytest.param("registry.example:5000/team/app:2", "registry.example:5000/team/app", id="port"),
        pytest.param(f"ghcr.io/o/a@{SHA}", "ghcr.io/o/a", id="digest"),
    ],
)
def test_repository(text: str, repository: str) -> None:
    assert parse_image_ref(text).repository == repository


@pytest.mark.parametrize(
    ("text", "pinned"),
    [
        pytest.param("postgres", False, id="untagged"),
        pytest.param("postgres:latest", False, id="latest"),
        pytest.param("postgres:16", True, id="tag"),
        pytest.param(f"postgres@{SHA}", True, id="digest"),
        pytest.param(f"postgres:latest@{SHA}", True, id="latest-with-digest"),
        pytest.param("registry.example:5000/app", False, id="port-is-not-tag"),
    ],
)
def test_is_pinned(text: str, pinned: bool) -> None:
    assert parse_image_ref(text).is_pinned is pinned


@pytest.mark.parametrize(
    ("text", "scratch"),
    [
        pytest.param("scratch", True, id="scratch"),
        pytest.param("docker.io/library/scratch", True, id="long-form"),
        pytest.param("busybox", False, id="other"),
    ],
)
def test_is_scratch(text: str, scratch: bool) -> None:
    assert parse_image_ref(text).is_scratch is scratch


def test_frozen() -> None:
    ref = parse_image_ref("postgres")
    with pytest.raises(AttributeError):
        ref.tag = "1"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "pattern", "matches"),
    [
        pytest.param("postgres:16-alpine", "postgres:16-alpine", True, id="exact"),
        pytest.param("docker.io/library/postgres:16-alpine", "postgres:16-alpine", True, id="normalized"),
        pytest.param("postgres:16", "postgres:16-alpine", False, id="other-tag"),
        pytest.param("rust:1.85-slim", "rust:*-slim", True, id="glob"),
        pytest.param("rust:1.85-slim-bookworm", "rust:*-slim", False, id="glob-is-anchored"),
        pytest.param("rust:1.85-slim-bookworm", "rust:*-slim*", True, id="glob-two-stars"),
        pytest.param("debian:bookworm-slim", "debian:bookworm-slim", True, id="debian"),
        pytest.param("ghcr.io/x/debian:bookworm-slim", "debian:bookworm-slim", False, id="other-registry"),
        pytest.param("postgres:16", "postgres", True, id="pattern-without-tag"),
        pytest.param("postgres", "postgres:latest", True, id="untagged-is-latest"),
        pytest.param(f"postgres@{SHA}", "postgres:latest", False, id="digest-only-has-no-tag"),
        pytest.param("app:1.2", "app:1?2", False, id="question-mark-literal"),
        pytest.param("registry.example:5000/team/app:2", "registry.example:5000/team/app:*", True, id="port"),
        pytest.param(f"alpine:3@{SHA}", f"alpine@{SHA}", True, id="digest-pattern"),
    ],
)
def test_image_matches(text: str, pattern: str, matches: bool) -> None:
    assert image_matches(parse_image_ref(text), pattern) is matches


def test_image_matches_bad_pattern() -> None:
    with pytest.raises(ImageRefError):
        image_matches(ImageRef(None, "postgres", None, None), "Postgres:16")


@pytest.mark.parametrize(
    ("tag", "version"),
    [
        pytest.param("1.85-slim", (1, 85), id="minor"),
        pytest.param("1.85.1-slim", (1, 85), id="patch"),
        pytest.param("1.90-slim-bookworm", (1, 90), id="suite"),
        pytest.param("1.85", None, id="not-slim"),
        pytest.param("slim", None, id="no-version"),
        pytest.param("1-slim", None, id="major-only"),
        pytest.param("1.85-alpine", None, id="alpine"),
        pytest.param("1.85-slimmer", None, id="slimmer"),
        pytest.param("latest", None, id="latest"),
    ],
)
def test_rust_slim_version(tag: str, version: tuple[int, int] | None) -> None:
    assert rust_slim_version(tag) == version

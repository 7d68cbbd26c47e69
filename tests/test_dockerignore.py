"""Tests for dlint.dockerignore: parsing, matching, prefix globs, context scans."""

from __future__ import annotations

import os
import pathlib

import pytest

from dlint.dockerignore import (
    Dockerignore,
    DockerignoreError,
    GlobSyntaxError,
    context_env_files,
    glob_matches,
    glob_may_match_prefix,
    go_clean,
)


def cleaned(text: str) -> list[tuple[int, bool, str]]:
    return [(p.line, p.exception, p.cleaned) for p in Dockerignore.parse(text).patterns]


# ---------------------------------------------------------------------------
# parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# comment\nfoo\n", [(2, False, "foo")], id="comment-line"),
        pytest.param(" # not a comment", [(1, False, "# not a comment")], id="hash-after-space"),
        pytest.param("\n\n  \nfoo\n\t\nbar", [(4, False, "foo"), (6, False, "bar")], id="blank-lines"),
        pytest.param("  foo  \n", [(1, False, "foo")], id="trimmed"),
        pytest.param("foo\r\nbar\r\n", [(1, False, "foo"), (2, False, "bar")], id="crlf"),
        pytest.param("\ufefffoo", [(1, False, "foo")], id="bom"),
        pytest.param("!foo", [(1, True, "foo")], id="exception"),
        pytest.param("! /inverted/abs/path", [(1, True, "inverted/abs/path")], id="exception-space-abs"),
        pytest.param("/foo/bar", [(1, False, "foo/bar")], id="leading-slash"),
        pytest.param("./x", [(1, False, "x")], id="dot-slash"),
        pytest.param("a/../b", [(1, False, "b")], id="dotdot"),
        pytest.param("a//b///c/", [(1, False, "a/b/c")], id="double-slash"),
        pytest.param("x/./y/.", [(1, False, "x/y")], id="inner-dot"),
        pytest.param("../up", [(1, False, "../up")], id="dotdot-kept"),
        pytest.param("/", [(1, False, "/")], id="lone-slash"),
        pytest.param("/../a", [(1, False, "a")], id="dotdot-above-root"),
        pytest.param("!a/../b/", [(1, True, "b")], id="exception-cleaned"),
    ],
)
def test_parse_patterns(text: str, expected: list[tuple[int, bool, str]]) -> None:
    assert cleaned(text) == expected


def test_parse_keeps_text() -> None:
    (pattern,) = Dockerignore.parse("\n  !/config/  \n").patterns
    assert pattern.text == "!/config/"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("", ".", id="empty"),
        pytest.param("a/b/../c", "a/c", id="dotdot"),
        pytest.param("//a//", "/a", id="rooted"),
        pytest.param("a/../..", "..", id="above-start"),
        pytest.param("./", ".", id="dot"),
    ],
)
def test_go_clean(path: str, expected: str) -> None:
    assert go_clean(path) == expected


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param("ok\nsrc/[ab", 2, 5, "unterminated character class", id="unterminated-class"),
        pytest.param("  src/[ab", 1, 7, "unterminated character class", id="class-column"),
        pytest.param("foo\\", 1, 4, "trailing backslash", id="trailing-backslash"),
        pytest.param("a\n\n!", 3, 1, "illegal exclusion pattern", id="bare-bang"),
        pytest.param("!   ", 1, 1, "illegal exclusion pattern", id="bang-space"),
        pytest.param("x[]", 1, 3, "bad character class", id="empty-class"),
        pytest.param("[a-]", 1, 4, "bad character class", id="open-range"),
        pytest.param("[-a]", 1, 2, "bad character class", id="dash-first"),
        pytest.param("[z-a]", 1, 1, "runs backwards", id="reversed-range"),
        pytest.param("[a\\", 1, 1, "unterminated character class", id="escape-in-class"),
    ],
)
def test_parse_error(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(DockerignoreError) as caught:
        Dockerignore.parse(text)
    assert caught.value.line == line
    assert caught.value.column == column
    assert fragment in caught.value.message


def test_parse_error_is_value_error() -> None:
    with pytest.raises(ValueError):
        Dockerignore.parse("[")


# ---------------------------------------------------------------------------
# matching

ALLOW_LIST = "*\n!src/\n!Cargo.toml\n"
DOCS_ORDER_A = "*.md\n!README*.md\nREADME-secret.md\n"
DOCS_ORDER_B = "*.md\nREADME-secret.md\n!README*.md\n"


@pytest.mark.parametrize(
    ("text", "path", "excluded"),
    [
        pytest.param(ALLOW_LIST, "README.md", True, id="allow-list-other"),
        pytest.param(ALLOW_LIST, "src/a/b.rs", False, id="allow-list-src-deep"),
        pytest.param(ALLOW_LIST, "src", False, id="allow-list-src"),
        pytest.param(ALLOW_LIST, "Cargo.toml", False, id="allow-list-cargo"),
        pytest.param(ALLOW_LIST, "crates/x/Cargo.toml", True, id="allow-list-cargo-nested"),
        pytest.param(DOCS_ORDER_A, "README-secret.md", True, id="last-wins-exclude"),
        pytest.param(DOCS_ORDER_A, "README.md", False, id="last-wins-include"),
        pytest.param(DOCS_ORDER_A, "notes.md", True, id="last-wins-plain"),
        pytest.param(DOCS_ORDER_B, "README-secret.md", False, id="last-wins-reinclude"),
        pytest.param("# src\n\nsrc", "src/a/b.rs", True, id="parent-dir"),
        pytest.param("src", "srcx/a", False, id="parent-dir-whole-name"),
        pytest.param("src/a", "src/a/b/c", True, id="parent-dir-nested"),
        pytest.param("*/temp*", "somedir/temporary.txt", True, id="star-one-level"),
        pytest.param("*/temp*", "temp", False, id="star-needs-dir"),
        pytest.param("*/*/temp*", "a/b/temp.x", True, id="star-two-levels"),
        pytest.param("temp?", "tempa", True, id="question-one"),
        pytest.param("temp?", "temp", False, id="question-none"),
        pytest.param("temp?", "tempab", False, id="question-two"),
        pytest.param("a?c", "a/c", False, id="question-no-slash"),
        pytest.param("*", ".env", True, id="star-leading-dot"),
        pytest.param(".*", ".git/config", True, id="dot-star-parent"),
        pytest.param("*.txt", "a/b.txt", False, id="star-no-slash"),
        pytest.param("**/*.go", "a.go", True, id="doublestar-start-zero"),
        pytest.param("**/*.go", "x/y/a.go", True, id="doublestar-start-many"),
        pytest.param("**/.env*", "config/.env.local", True, id="doublestar-env"),
        pytest.param("**/.env*", ".env", True, id="doublestar-env-root"),
        pytest.param("a/**/b", "a/b", True, id="doublestar-middle-zero"),
        pytest.param("a/**/b", "a/x/y/b", True, id="doublestar-middle-many"),
        pytest.param("a/**/b", "a/xb", False, id="doublestar-middle-whole-name"),
        pytest.param("a/**", "a/x/y", True, id="doublestar-end"),
        pytest.param("a/**", "a", False, id="doublestar-end-not-dir"),
        pytest.param("**", "any/thing", True, id="doublestar-alone"),
        pytest.param("**/b/*.c", "a/b/x.c", True, id="doublestar-then-star"),
        pytest.param("**.env", "x/y.env", True, id="doublestar-suffix-test"),
        pytest.param("[abc].txt", "b.txt", True, id="class-member"),
        pytest.param("[abc].txt", "d.txt", False, id="class-non-member"),
        pytest.param("[a-c]x", "bx", True, id="class-range"),
        pytest.param("[^a]x", "bx", True, id="class-caret-negation"),
        pytest.param("[^a]x", "ax", False, id="class-caret-excludes"),
        pytest.param("[!a]x", "!x", True, id="class-bang-is-member"),
        pytest.param("[!a]x", "bx", False, id="class-bang-not-negation"),
        pytest.param("a[^b]c", "a/c", True, id="class-may-match-slash"),
        pytest.param("[\\]]", "]", True, id="class-escaped-bracket"),
        pytest.param("\\*.txt", "*.txt", True, id="escape-star-literal"),
        pytest.param("\\*.txt", "a.txt", False, id="escape-star-not-glob"),
        pytest.param("a\\?b", "axb", False, id="escape-question"),
        pytest.param("a.b", "axb", False, id="dot-is-literal"),
        pytest.param("/foo", "foo", True, id="leading-slash"),
        pytest.param("./x", "x/y", True, id="dot-slash"),
        pytest.param("a/../b", "b", True, id="dotdot-cleaned"),
        pytest.param("a/../b", "a/b", False, id="dotdot-not-literal"),
        pytest.param("foo/", "foo/bar", True, id="trailing-slash"),
        pytest.param("*", ".", False, id="root-dot"),
        pytest.param("*", "", False, id="root-empty"),
        pytest.param("*", "./a", True, id="path-cleaned"),
        pytest.param("^foo", "^foo", True, id="caret-literal-in-plain-pattern"),
        pytest.param("^foo*", "foo1", True, id="caret-anchor-in-glob"),
        pytest.param("a^b*", "a^bc", False, id="caret-anchor-mid-glob"),
    ],
)
def test_excludes(text: str, path: str, excluded: bool) -> None:
    assert Dockerignore.parse(text).excludes(path) is excluded


def test_excludes_empty_file() -> None:
    assert Dockerignore.parse("").excludes("anything") is False


@pytest.mark.parametrize(
    ("path", "line"),
    [
        pytest.param("a/b/c/d", 3, id="deepest-exclusion"),
        pytest.param("a/b/x", 2, id="exception"),
        pytest.param("a/q", 1, id="parent"),
        pytest.param("z", None, id="no-match"),
    ],
)
def test_matching_pattern(path: str, line: int | None) -> None:
    decider = Dockerignore.parse("a\n!a/b\na/b/c\n").matching_pattern(path)
    assert (decider.line if decider else None) == line


@pytest.mark.parametrize(
    ("text", "directory", "expected"),
    [
        pytest.param("*\n!src/", "docs", False, id="sibling-exception"),
        pytest.param("*\n!**/keep", "docs", True, id="doublestar-exception"),
        pytest.param("node_modules\n!node_modules/x/p.json", "node_modules", True, id="nested-exception"),
        pytest.param("node_modules\n!node_modules/x/p.json", "other", False, id="unrelated-dir"),
        pytest.param("a\n!a/b*", "a", True, id="glob-below"),
        pytest.param("a\n!a", "a", False, id="exception-on-dir-itself"),
        pytest.param("build\n!*/keep", "build", True, id="star-dir"),
        pytest.param("build\n!*.keep", "build", False, id="star-stays-in-segment"),
        pytest.param("build\n!b[u]ild/x", "build", True, id="class"),
        pytest.param("build\n!^build/x*", "build", True, id="leading-anchor"),
        pytest.param("build\n!b^uild/x*", "build", False, id="inner-anchor-never-matches"),
        pytest.param("*\n!x", ".", True, id="root"),
        pytest.param("*\nbuild", "build", False, id="no-exceptions"),
    ],
)
def test_may_reinclude_under(text: str, directory: str, expected: bool) -> None:
    assert Dockerignore.parse(text).may_reinclude_under(directory) is expected


# ---------------------------------------------------------------------------
# prefix globs


@pytest.mark.parametrize(
    ("pattern", "prefix", "expected"),
    [
        pytest.param("*.env*", ".env", True, id="star-dot-env-star"),
        pytest.param("*.toml", ".env", True, id="star-toml-via-dot-env-dot-toml"),
        pytest.param(".env*", ".env", True, id="dot-env-star"),
        pytest.param("[.]env", ".env", True, id="class-dot"),
        pytest.param("config", ".env", False, id="literal-other"),
        pytest.param("?env*", ".env", True, id="question-env-star"),
        pytest.param("?env", ".env", True, id="question-exact"),
        pytest.param("??env", ".env", False, id="two-questions"),
        pytest.param("*", ".env", True, id="star"),
        pytest.param("", ".env", False, id="empty-pattern"),
        pytest.param("", "", True, id="empty-both"),
        pytest.param(".en", ".env", False, id="pattern-shorter"),
        pytest.param(".env.local", ".env", True, id="longer-literal"),
        pytest.param("[^.]*", ".env", False, id="caret-negation"),
        pytest.param("[!.]*", ".env", True, id="bang-is-member"),
        pytest.param("\\.env", ".env", True, id="escaped-dot"),
        pytest.param("a*", ".env", False, id="wrong-first-char"),
        pytest.param("[a-z]env", ".env", False, id="range-misses-dot"),
        pytest.param("*.env", ".env", True, id="star-dot-env"),
        pytest.param("**", ".env", True, id="doublestar-is-star"),
        pytest.param("*x", ".env/", False, id="star-stops-at-slash"),
    ],
)
def test_glob_may_match_prefix(pattern: str, prefix: str, expected: bool) -> None:
    assert glob_may_match_prefix(pattern, prefix) is expected


def test_prefix_glob_invalid() -> None:
    with pytest.raises(GlobSyntaxError):
        glob_may_match_prefix("[", ".env")


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        pytest.param("*.env", "prod.env", True, id="star"),
        pytest.param("*.env", "a/prod.env", False, id="star-no-slash"),
        pytest.param("[^a]", "/", True, id="class-slash"),
        pytest.param("?", "", False, id="question-empty"),
    ],
)
def test_glob_matches(pattern: str, name: str, expected: bool) -> None:
    assert glob_matches(pattern, name) is expected


# ---------------------------------------------------------------------------
# context scans


@pytest.fixture()
def context(tmp_path: pathlib.Path) -> pathlib.Path:
    files = [".env", "config/.env.local", "config/app.toml", "node_modules/pkg/.env", "src/main.py"]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("X=1\n")
    return tmp_path


ALL_ENV = (".env", "config/.env.local", "node_modules/pkg/.env")


@pytest.mark.parametrize(
    ("text", "files"),
    [
        pytest.param(None, ALL_ENV, id="no-ignore-file"),
        pytest.param(".env*", ("config/.env.local", "node_modules/pkg/.env"), id="root-only"),
        pytest.param("**/.env*", (), id="everywhere"),
        pytest.param("**/.env*\n!config/", ("config/.env.local",), id="config-reincluded"),
        pytest.param("*\n!config/", ("config/.env.local",), id="allow-list"),
        pytest.param("node_modules", (".env", "config/.env.local"), id="dir-pruned"),
        pytest.param("*\n!**/.env", (".env", "node_modules/pkg/.env"), id="reinclude-deep"),
    ],
)
def test_context_env_files(context: pathlib.Path, text: str | None, files: tuple[str, ...]) -> None:
    ignore = None if text is None else Dockerignore.parse(text)
    assert context_env_files(context, ignore).files == files


@pytest.mark.parametrize(
    ("text", "dot_env", "dot_env_local"),
    [
        pytest.param(None, False, False, id="no-ignore-file"),
        pytest.param(".env", True, False, id="exact"),
        pytest.param(".env*", True, True, id="star"),
        pytest.param("**/.env*", True, True, id="doublestar"),
        pytest.param(".env*\n!.env.local", True, False, id="exception"),
    ],
)
def test_context_env_hypothetical(
    context: pathlib.Path, text: str | None, dot_env: bool, dot_env_local: bool
) -> None:
    ignore = None if text is None else Dockerignore.parse(text)
    scan = context_env_files(context, ignore)
    assert scan.dot_env_excluded is dot_env
    assert scan.dot_env_local_excluded is dot_env_local


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        pytest.param(None, 9, id="full-walk"),
        pytest.param("node_modules", 7, id="excluded-dir-skipped"),
        pytest.param("node_modules\n!node_modules/pkg/.env", 9, id="exception-keeps-dir"),
    ],
)
def test_scan_pruning(context: pathlib.Path, text: str | None, seen: int) -> None:
    ignore = None if text is None else Dockerignore.parse(text)
    assert context_env_files(context, ignore).entries_seen == seen


@pytest.mark.parametrize(
    ("limit", "truncated"),
    [
        pytest.param(3, True, id="stops-early"),
        pytest.param(9, False, id="exact-fit"),
    ],
)
def test_scan_limit(context: pathlib.Path, limit: int, truncated: bool) -> None:
    scan = context_env_files(context, None, limit=limit)
    assert scan.truncated is truncated
    assert scan.entries_seen == min(limit, 9)


def test_scan_dir_symlink_not_followed(context: pathlib.Path) -> None:
    (context / "alias").symlink_to(context / "config", target_is_directory=True)
    assert context_env_files(context, None).files == ALL_ENV


def test_scan_env_symlink_listed(context: pathlib.Path) -> None:
    (context / ".env.link").symlink_to(context / ".env")
    assert ".env.link" in context_env_files(context, None).files


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root posix user")
def test_scan_unreadable_dir(context: pathlib.Path) -> None:
    locked = context / "config"
    locked.chmod(0)
    try:
        files = context_env_files(context, None).files
    finally:
        locked.chmod(0o755)
    assert files == (".env", "node_modules/pkg/.env")


def test_scan_missing_dir(tmp_path: pathlib.Path) -> None:
    assert context_env_files(tmp_path / "absent", None).files == ()

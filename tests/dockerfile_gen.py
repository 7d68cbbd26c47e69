"""Deterministic generator of Dockerfiles for the BuildKit agreement test.

Each file mixes directives, continuations, comments inside continuations, heredocs,
JSON and shell forms, flags with quotes, ENV and LABEL pairs, ONBUILD, odd keyword
case, CRLF line ends and byte order marks. Files are valid for a build unless
`reject` is set, in which case one construct that BuildKit's parser rejects is added.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TAB = "\t"
HEREDOC_NAMES = ("EOF", "EOT", "END", "SCRIPT", "DATA")
BODY_LINES = (
    "echo hello",
    "set -eux",
    "FROM scratch",
    "RUN echo inside",
    "# escape=`",
    "",
    "  indented line",
    "printf '%s\\n' \"$HOME\"",
    "line with trailing backslash \\",
    "CMD [\"not\", \"json here\"]",
    "key=value",
)
WORDS = ("alpha", "beta", "gamma", "/usr/local/bin", "$HOME", "${VAR}", "a.txt", "./src")
IMAGES = ("alpine:3.19", "busybox", "debian:12-slim", "python:3.12", "golang:1.22", "scratch")


@dataclass(frozen=True)
class GeneratedFile:
    name: str
    text: str
    reject: bool


class _Gen:
    """Random choices for one file, with the escape char that file uses."""

    def __init__(self, rng: random.Random, escape: str) -> None:
        self.rng = rng
        self.escape = escape

    def keyword(self, word: str) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return word.lower()
        if roll < 0.15:
            return "".join(c.upper() if self.rng.random() < 0.5 else c.lower() for c in word)
        return word

    def sep(self) -> str:
        return self.rng.choice((" ", " ", " ", "  ", TAB))

    def join(self, parts: list[str]) -> list[str]:
        """Join parts into physical lines, sometimes continuing with the escape char."""
        lines: list[str] = []
        current = parts[0]
        for part in parts[1:]:
            if self.rng.random() < 0.35:
                trailing = self.rng.choice(("", "", " ", TAB, "  "))
                lines.append(current + " " + self.escape + trailing)
                lines.extend(self.filler())
                current = self.rng.choice(("    ", "  ", "", TAB)) + part
            else:
                current = current + " " + part
        lines.append(current)
        return lines

    def filler(self) -> list[str]:
        """Comment and empty lines that BuildKit skips inside a continuation."""
        roll = self.rng.random()
        if roll < 0.15:
            return ["# inside a continuation"]
        if roll < 0.22:
            return ["    # indented comment", ""]
        if roll < 0.28:
            return ["", "   "]
        return []

    def word(self) -> str:
        return self.rng.choice(WORDS)

    def quoted(self) -> str:
        roll = self.rng.random()
        if roll < 0.3:
            return '"two words"'
        if roll < 0.45:
            return "'single quoted'"
        if roll < 0.55:
            return '"with \\"escaped\\" quote"'
        if roll < 0.62:
            return '""'
        return self.word().strip("$/{}.") or "v"

    def json_array(self, items: list[str]) -> str:
        inner = self.rng.choice((", ", ",", " , "))
        encoded = [
            '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"' for item in items
        ]
        if self.rng.random() < 0.2:
            return "[ " + inner.join(encoded) + " ]"
        return "[" + inner.join(encoded) + "]"

    def heredoc_marker(self) -> tuple[str, str, bool]:
        """Return (marker as written, name, chomp)."""
        name = self.rng.choice(HEREDOC_NAMES)
        chomp = self.rng.random() < 0.3
        quote = self.rng.choice(("", "", '"', "'"))
        fd = self.rng.choice(("", "", "", "3", "9"))
        return f"{fd}<<{'-' if chomp else ''}{quote}{name}{quote}", name, chomp

    def heredoc_body(self, name: str, chomp: bool) -> list[str]:
        lines: list[str] = []
        for _ in range(self.rng.randint(0, 4)):
            line = self.rng.choice(BODY_LINES)
            if chomp and self.rng.random() < 0.6:
                line = TAB * self.rng.randint(1, 2) + line
            lines.append(line)
        if self.rng.random() < 0.15:
            lines.append("  " + name)
        if not chomp and self.rng.random() < 0.1:
            lines.append(TAB + name)
        end = (TAB + name) if chomp and self.rng.random() < 0.5 else name
        return lines + [end]


def _flags_copy(gen: _Gen) -> list[str]:
    pool = [
        "--from=build",
        '--chown="app user"',
        "--chown=1000:1000",
        "--chmod=0755",
        "--link",
        "--link=false",
        "--parents",
        "--exclude=*.md",
        "--exclude='docs dir'",
    ]
    return gen.rng.sample(pool, gen.rng.randint(0, 3))


def _flags_add(gen: _Gen) -> list[str]:
    pool = [
        "--checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d",
        "--keep-git-dir=true",
        "--chown=0:0",
        "--chmod=644",
        "--link",
        "--exclude=*.tmp",
    ]
    return gen.rng.sample(pool, gen.rng.randint(0, 3))


def _flags_run(gen: _Gen) -> list[str]:
    pool = [
        "--mount=type=cache,target=/root/.cache",
        "--mount=type=bind,source=.,target=/src,readonly",
        "--mount=type=tmpfs,target=/tmp",
        "--mount=type=secret,id=token,env=TOKEN",
        "--mount=type=ssh",
        '--mount="type=cache,target=/var/cache/apt,sharing=locked"',
        "--network=none",
        "--network=host",
        "--security=insecure",
        "--device=/dev/fuse",
    ]
    return gen.rng.sample(pool, gen.rng.randint(0, 3))


def _run(gen: _Gen) -> list[str]:
    written = gen.keyword("RUN")
    flags = _flags_run(gen)
    if gen.escape == "\\" and gen.rng.random() < 0.1 and not flags:
        flags = ["--"]
    roll = gen.rng.random()
    if roll < 0.3:
        marker, name, chomp = gen.heredoc_marker()
        head = gen.join([written] + flags + [marker] + gen.rng.choice(([], ["bash"], ["&&", "echo", "done"])))
        return head + gen.heredoc_body(name, chomp)
    if roll < 0.4:
        first_marker, first, first_chomp = gen.heredoc_marker()
        second_marker, second, second_chomp = gen.heredoc_marker()
        head = gen.join([written] + flags + [first_marker, "&&", second_marker])
        return head + gen.heredoc_body(first, first_chomp) + gen.heredoc_body(second, second_chomp)
    if roll < 0.55:
        return gen.join([written] + flags + [gen.json_array(["sh", "-c", "echo " + gen.word()])])
    parts = [written] + flags + ["echo", gen.word()]
    for _ in range(gen.rng.randint(0, 5)):
        parts += ["&&", "echo", gen.word()]
    return gen.join(parts)


def _copy(gen: _Gen, add: bool = False) -> list[str]:
    written = gen.keyword("ADD" if add else "COPY")
    flags = _flags_add(gen) if add else _flags_copy(gen)
    roll = gen.rng.random()
    if roll < 0.25:
        marker, name, chomp = gen.heredoc_marker()
        # A file descriptor prefix makes no sense for COPY and ADD sources.
        marker = marker.lstrip("0123456789")
        return gen.join([written] + flags + [marker, "/etc/generated.conf"]) + gen.heredoc_body(name, chomp)
    if roll < 0.4:
        return gen.join([written] + flags + [gen.json_array(["src dir/", "/dst/"])])
    return gen.join([written] + flags + ["./src", "a.txt", "/app/"])


def _env(gen: _Gen) -> list[str]:
    written = gen.keyword("ENV")
    if gen.rng.random() < 0.2:
        return [written + gen.sep() + "LEGACY_KEY" + gen.sep() + "some value  with spaces"]
    parts = [written]
    for index in range(gen.rng.randint(1, 4)):
        parts.append(f"KEY_{index}={gen.quoted()}")
    return gen.join(parts)


def _label(gen: _Gen) -> list[str]:
    parts = [gen.keyword("LABEL")]
    keys = ('org.opencontainers.image.title', '"quoted key"', "version", "a")
    for key in gen.rng.sample(keys, gen.rng.randint(1, 3)):
        parts.append(f"{key}={gen.quoted()}")
    return gen.join(parts)


def _arg(gen: _Gen) -> list[str]:
    names = ["VERSION", 'GREETING="hello world"', "EMPTY=", "TARGETARCH", "N=1"]
    return gen.join([gen.keyword("ARG")] + gen.rng.sample(names, gen.rng.randint(1, 3)))


def _cmd_like(gen: _Gen) -> list[str]:
    written = gen.keyword(gen.rng.choice(("CMD", "ENTRYPOINT")))
    roll = gen.rng.random()
    if roll < 0.5:
        return gen.join([written, gen.json_array(["/bin/sh", "-c", "echo " + gen.word()])])
    if roll < 0.6:
        return [written + " []"]
    if roll < 0.7:
        # Not valid JSON: BuildKit falls back to the shell form.
        return [written + gen.rng.choice((' [ "a"', " ['a']", ' ["a",]'))]
    return gen.join([written, "echo", gen.word()])


def _healthcheck(gen: _Gen) -> list[str]:
    written = gen.keyword("HEALTHCHECK")
    if gen.rng.random() < 0.2:
        return [written + " " + gen.rng.choice(("NONE", "none"))]
    pool = ["--interval=30s", "--timeout=5s", "--start-period=10s", "--start-interval=2s", "--retries=3"]
    flags = gen.rng.sample(pool, gen.rng.randint(0, 5))
    if gen.rng.random() < 0.5:
        return gen.join([written] + flags + ["CMD", gen.json_array(["wget", "-qO-", "http://localhost/"])])
    return gen.join([written] + flags + ["CMD", "curl", "-f", "http://localhost/", "||", "exit", "1"])


def _simple(gen: _Gen) -> list[str]:
    choices = (
        ("WORKDIR", ["/app"]),
        ("WORKDIR", ["/path with space"]),
        ("USER", ["1000:1000"]),
        ("EXPOSE", ["80", "443/tcp", "8000-8010/udp"]),
        ("VOLUME", ["/data", "/logs"]),
        ("VOLUME", [gen.json_array(["/data"])]),
        ("STOPSIGNAL", ["SIGTERM"]),
        ("MAINTAINER", ["Jane", "Roe", "<jane@example.org>"]),
        ("SHELL", [gen.json_array(["/bin/bash", "-o", "pipefail", "-c"])]),
    )
    word, args = gen.rng.choice(choices)
    return gen.join([gen.keyword(word)] + args)


def _onbuild(gen: _Gen) -> list[str]:
    inner = gen.rng.choice((_run, _copy, _env, _label, _cmd_like, _simple, _healthcheck))
    lines = inner(gen)
    return [gen.keyword("ONBUILD") + gen.sep() + lines[0].lstrip()] + lines[1:]


_BODY = (
    (_run, 5),
    (_copy, 3),
    (lambda gen: _copy(gen, add=True), 1),
    (_env, 2),
    (_label, 2),
    (_arg, 1),
    (_cmd_like, 2),
    (_healthcheck, 1),
    (_simple, 3),
    (_onbuild, 1),
)


def _directives(rng: random.Random) -> tuple[list[str], str]:
    """Return the directive lines and the escape char in effect."""
    lines: list[str] = []
    escape = "\\"
    chosen_names = [name for name in ("syntax", "escape") if rng.random() < 0.3]
    rng.shuffle(chosen_names)
    # BuildKit's parser as bound here does not know `check`: it ends the directives.
    if rng.random() < 0.3:
        chosen_names.append("check")
    for name in chosen_names:
        key = rng.choice((name, name.upper(), name.capitalize()))
        space = rng.choice(("", " ", "   "))
        value = {"syntax": "docker/dockerfile:1", "escape": "`", "check": "skip=all"}[name]
        lines.append(f"#{space}{key}{space}={space}{value}")
        if name == "escape":
            escape = "`"
    if lines and rng.random() < 0.15:
        # A blank line or a plain comment first turns the directives into comments.
        lines.insert(0, rng.choice(("", "# plain comment")))
        escape = "\\"
    return lines, escape


def _reject_line(rng: random.Random) -> tuple[list[str], bool]:
    """A construct BuildKit's parser rejects; the bool says it must come last."""
    choice = rng.randrange(4)
    if choice == 0:
        return ["RUN <<EOF", "echo never closed"], True
    if choice == 1:
        return ['CMD ["a", 1]'], False
    if choice == 2:
        return ["ENV ONLYKEY"], False
    return ["ENV A=1 B"], False


def generate(seed: int) -> GeneratedFile:
    rng = random.Random(seed)
    directive_lines, escape = _directives(rng)
    gen = _Gen(rng, escape)
    # Each block is one instruction or one comment line, so inserts land between them.
    blocks: list[list[str]] = []
    if rng.random() < 0.3:
        blocks.append(_arg(gen))
    from_parts = [gen.keyword("FROM")]
    if rng.random() < 0.3:
        from_parts.append(rng.choice(("--platform=$BUILDPLATFORM", '--platform="linux/amd64"')))
    from_parts.append(rng.choice(IMAGES))
    if rng.random() < 0.5:
        from_parts += [rng.choice(("AS", "as")), "build"]
    blocks.append(gen.join(from_parts))
    functions = [fn for fn, _ in _BODY]
    weights = [weight for _, weight in _BODY]
    for _ in range(rng.randint(2, 12)):
        if rng.random() < 0.15:
            blocks.append([rng.choice(("", "# a comment", "   # indented comment", "  \t"))])
        chosen = rng.choices(functions, weights)[0]
        blocks.append(chosen(gen))
    reject = rng.random() < 0.08
    if reject:
        extra, last = _reject_line(rng)
        blocks.insert(len(blocks) if last else rng.randint(1, len(blocks)), extra)
    elif rng.random() < 0.07:
        # The escape char as the very last character of the file.
        blocks.append([gen.keyword("RUN") + " echo last " + escape])
    lines = directive_lines + [line for block in blocks for line in block]
    text = "\n".join(lines)
    if rng.random() < 0.85:
        text += "\n"
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if rng.random() < 0.05:
        text = "\ufeff" + text
    return GeneratedFile(name=f"gen-{seed:03d}", text=text, reject=reject)


def generate_many(count: int, first_seed: int = 0) -> list[GeneratedFile]:
    return [generate(seed) for seed in range(first_seed, first_seed + count)]

"""Generate a synthetic monorepo of Dockerfiles and Compose files for benchmarks.

The output depends only on the arguments: the same seed, pair count and extra
count give byte-identical trees. Standard library only.

Layout under OUT_DIR:
    services/svc-NNNN-<name>/  Dockerfile, compose.yaml, .dockerignore, .env
    jobs/job-NNNN-<name>/      Dockerfile and usually a .dockerignore
    bench-manifest.json        parameters plus the rule broken by each file

Usage: python bench/generate.py OUT_DIR --pairs 500 --extra-dockerfiles 500 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = "bench-manifest.json"
GENERATOR_VERSION = 1

# Share of files that break a policy rule, and share that cannot be parsed.
VIOLATION_RATE = 0.20
BROKEN_RATE = 0.02

MIN_DOCKERFILE_LINES = 20
MAX_DOCKERFILE_LINES = 60

DOCKERFILE_VIOLATIONS = ("root_user", "extra_expose", "copy_all_no_dockerignore", "rust_log_env")
DOCKERFILE_BREAKAGES = ("unterminated_heredoc", "binary_garbage")
COMPOSE_VIOLATIONS = ("depends_on_short_form", "missing_healthcheck", "rust_log_env")
COMPOSE_BREAKAGES = ("invalid_yaml", "binary_garbage")

NAME_WORDS = (
    "orders", "billing", "ledger", "search", "catalog", "accounts", "inventory",
    "shipping", "notify", "audit", "pricing", "reports", "sessions", "media",
    "gateway", "scheduler", "metrics", "payments", "profiles", "quotes",
)
NAME_SUFFIXES = ("api", "worker", "svc", "sync", "indexer", "relay", "core")
BUILD_PACKAGES = ("pkg-config", "libssl-dev", "libpq-dev", "protobuf-compiler", "cmake", "clang")
RUNTIME_PACKAGES = ("ca-certificates", "tzdata", "libssl3", "libpq5")


@dataclass(frozen=True)
class Params:
    pairs: int
    extra_dockerfiles: int
    seed: int

    def as_dict(self) -> dict[str, int]:
        return {
            "generator_version": GENERATOR_VERSION,
            "pairs": self.pairs,
            "extra_dockerfiles": self.extra_dockerfiles,
            "seed": self.seed,
        }


@dataclass(frozen=True)
class Defect:
    """Problem planted in one generated file: `kind` is `violation` or `broken`."""

    kind: str
    rule: str


@dataclass
class Manifest:
    params: Params
    root: Path
    dockerfiles: list[str] = field(default_factory=list)
    compose_files: list[str] = field(default_factory=list)
    defects: dict[str, Defect] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {
            "params": self.params.as_dict(),
            "dockerfiles": self.dockerfiles,
            "compose_files": self.compose_files,
            "defects": {
                path: {"kind": d.kind, "rule": d.rule} for path, d in sorted(self.defects.items())
            },
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


def pick_defect(rng: random.Random, violations: tuple[str, ...], breakages: tuple[str, ...]) -> Defect | None:
    draw = rng.random()
    if draw < BROKEN_RATE:
        return Defect("broken", rng.choice(breakages))
    if draw < BROKEN_RATE + VIOLATION_RATE:
        return Defect("violation", rng.choice(violations))
    return None


def service_name(rng: random.Random) -> str:
    return f"{rng.choice(NAME_WORDS)}-{rng.choice(NAME_SUFFIXES)}"


def continued(first: str, parts: list[str], indent: str = "    ") -> list[str]:
    """Split one instruction over lines joined by trailing backslashes."""
    lines = [first + " \\"]
    for part in parts[:-1]:
        lines.append(f"{indent}{part} \\")
    lines.append(f"{indent}{parts[-1]}")
    return lines


def apt_install(
    rng: random.Random, pool: tuple[str, ...], low: int, high: int, compact: bool
) -> list[str]:
    packages = sorted(rng.sample(pool, rng.randint(low, high)))
    if compact:
        return [
            "RUN apt-get update && apt-get install -y --no-install-recommends "
            + " ".join(packages)
            + " && rm -rf /var/lib/apt/lists/*"
        ]
    parts = ["&& apt-get install -y --no-install-recommends"]
    parts += [f"   {p}" for p in packages]
    parts.append("&& rm -rf /var/lib/apt/lists/*")
    return continued("RUN apt-get update", parts)


def heredoc_run(rng: random.Random, packages: list[str], terminated: bool) -> list[str]:
    lines = ["RUN <<EOF", "set -eu", "apt-get update"]
    lines.append("apt-get install -y --no-install-recommends " + " ".join(packages))
    lines.append("rm -rf /var/lib/apt/lists/*")
    if rng.random() < 0.5:
        lines.append("mkdir -p /app/data")
    if terminated:
        lines.append("EOF")
    return lines


def heredoc_config(app: str, rng: random.Random) -> list[str]:
    return [
        f"COPY <<EOF /etc/{app}/config.toml",
        "[server]",
        'bind = "0.0.0.0:8080"',
        f"workers = {rng.choice((2, 4, 8))}",
        "EOF",
    ]


def padding_block(rng: random.Random, app: str, index: int) -> list[str]:
    """Return filler instructions that bring a file up to its target length."""
    choice = rng.randrange(5)
    if choice == 0:
        return [f"# step {index}: keep layers small and ordered by change rate"]
    if choice == 1:
        return [f"ENV POBLYSH_FEATURE_{index}={rng.choice(('on', 'off'))}"]
    if choice == 2:
        key = rng.choice(("description", "vendor", "licenses", "documentation"))
        return [f'LABEL org.opencontainers.image.{key}="{app} {key}"']
    if choice == 3:
        return continued(f"RUN mkdir -p /app/cache{index}", [f"&& chmod 0755 /app/cache{index}"])
    return [f"ARG POBLYSH_BUILD_{index}=default"]


@dataclass(frozen=True)
class DockerfilePlan:
    app: str
    defect: Defect | None
    copy_all: bool
    use_heredoc: bool
    compact: bool


def builder_stage(rng: random.Random, plan: DockerfilePlan) -> list[str]:
    lines = ["FROM rust:1.85-slim AS builder", "ARG CARGO_PROFILE", "WORKDIR /src"]
    broken_heredoc = plan.defect == Defect("broken", "unterminated_heredoc")
    if broken_heredoc:
        lines += heredoc_run(rng, ["pkg-config", "libssl-dev"], terminated=False)
    else:
        lines += apt_install(rng, BUILD_PACKAGES, 1, 4, plan.compact)
    if plan.copy_all:
        lines.append("COPY . .")
    else:
        lines += ["COPY Cargo.toml Cargo.lock ./", "COPY src ./src"]
    build = f"cargo build --profile ${{CARGO_PROFILE}} --locked --bin {plan.app}"
    install = f"&& cp target/${{CARGO_PROFILE}}/{plan.app} /usr/local/bin/{plan.app}"
    if plan.compact:
        lines.append(f"RUN {build} {install}")
        return lines
    lines += continued(
        "RUN --mount=type=cache,target=/usr/local/cargo/registry",
        ["--mount=type=cache,target=/src/target", build, install],
    )
    return lines


def runtime_stage(rng: random.Random, plan: DockerfilePlan) -> tuple[list[str], list[str]]:
    """Return the runtime stage split where padding may be inserted."""
    head = ["FROM debian:bookworm-slim AS runtime"]
    if plan.use_heredoc:
        head += heredoc_run(rng, sorted(rng.sample(RUNTIME_PACKAGES, 2)), terminated=True)
    else:
        head += apt_install(rng, RUNTIME_PACKAGES, 1, 3, plan.compact)
    useradd = "&& useradd --system --uid 10001 --gid app --no-create-home app"
    if plan.compact:
        head.append(f"RUN groupadd --system --gid 10001 app {useradd}")
    else:
        head += continued("RUN groupadd --system --gid 10001 app", [useradd])
    head.append(f"COPY --from=builder /usr/local/bin/{plan.app} /usr/local/bin/{plan.app}")
    if plan.use_heredoc and rng.random() < 0.5:
        head += heredoc_config(plan.app, rng)
    head.append("WORKDIR /app")
    head.append("ENV POBLYSH_BIND=0.0.0.0:8080")

    tail: list[str] = []
    rule = plan.defect.rule if plan.defect and plan.defect.kind == "violation" else None
    if rule == "rust_log_env":
        tail.append(f"ENV RUST_LOG={rng.choice(('debug', 'info', 'trace'))}")
    if rule == "root_user":
        if rng.random() < 0.5:
            tail.append("USER root")
    else:
        tail.append("USER 10001")
    if rule == "extra_expose":
        tail += rng.choice((["EXPOSE 8080 9090"], ["EXPOSE 8080", "EXPOSE 9464"]))
    else:
        tail.append("EXPOSE 8080")

    if rng.random() < 0.6:
        tail.append(
            "HEALTHCHECK --interval=30s --timeout=3s "
            f'CMD ["/usr/local/bin/{plan.app}", "healthcheck"]'
        )
    args = rng.choice(([], ["serve"], ["serve", "--config", f"/etc/{plan.app}/config.toml"]))
    tail.append("CMD " + json.dumps([f"/usr/local/bin/{plan.app}", *args]))
    return head, tail


def dockerfile_text(rng: random.Random, plan: DockerfilePlan) -> str:
    preamble: list[str] = []
    if plan.use_heredoc or rng.random() < 0.7:
        preamble.append("# syntax=docker/dockerfile:1.7")
    if not plan.compact:
        preamble.append(f"# {plan.app}: rust service built in two stages")
    preamble += ["ARG CARGO_PROFILE=release", ""]
    builder = builder_stage(rng, plan)
    head, tail = runtime_stage(rng, plan)
    target = rng.randint(MIN_DOCKERFILE_LINES, MAX_DOCKERFILE_LINES)
    base = len(preamble) + len(builder) + 1 + len(head) + len(tail)
    padding: list[str] = []
    index = 0
    while base + len(padding) < target:
        block = padding_block(rng, plan.app, index)
        if base + len(padding) + len(block) > MAX_DOCKERFILE_LINES:
            break
        padding += block
        index += 1
    lines = preamble + builder + [""] + head + padding + tail
    return "\n".join(lines) + "\n"


def garbage(rng: random.Random) -> bytes:
    """Return bytes that are neither a Dockerfile nor YAML, with NULs and invalid UTF-8."""
    body = bytes(rng.randrange(256) for _ in range(rng.randint(200, 2000)))
    return b"\x00\xff\xfe" + body


def dockerignore_text(rng: random.Random) -> str:
    entries = ["target/", ".git/", ".env", "*.log"]
    entries += rng.sample(["node_modules/", "docs/", "tests/fixtures/", ".idea/", "*.md"], 2)
    return "\n".join(entries) + "\n"


def env_text(rng: random.Random, app: str) -> str:
    token = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(20))
    return (
        f"POBLYSH_DB_PASSWORD={token}\n"
        f"POBLYSH_DB_NAME={app.replace('-', '_')}\n"
        f"POBLYSH_IMAGE_TAG={rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}\n"
    )


def env_block(entries: list[tuple[str, str]], as_list: bool, indent: str) -> list[str]:
    lines = [f"{indent}environment:"]
    for key, value in entries:
        if as_list:
            lines.append(f"{indent}  - {key}={value}")
        else:
            lines.append(f"{indent}  {key}: {json.dumps(value)}")
    return lines


def depends_block(conditions: list[tuple[str, str]], short: bool) -> list[str]:
    if short:
        return ["    depends_on:"] + [f"      - {name}" for name, _ in conditions]
    lines = ["    depends_on:"]
    for name, condition in conditions:
        lines += [f"      {name}:", f"        condition: {condition}"]
    return lines


def healthcheck_block(test: list[str], interval: str) -> list[str]:
    return [
        "    healthcheck:",
        f"      test: {json.dumps(test)}",
        f"      interval: {interval}",
        "      timeout: 3s",
        "      retries: 10",
    ]


def compose_text(rng: random.Random, app: str, port: int, defect: Defect | None) -> str:
    rule = defect.rule if defect and defect.kind == "violation" else None
    db = app.replace("-", "_")
    url = f"postgres://{db}:${{POBLYSH_DB_PASSWORD}}@db:5432/{db}"
    as_list = rng.random() < 0.3
    drop = rng.choice(("db", "app")) if rule == "missing_healthcheck" else None
    short = rule == "depends_on_short_form"

    lines = [f"# {app}: database, one-shot migration, then the service", f"name: {app}", "services:"]
    lines += ["  db:", "    image: postgres:16-alpine", "    restart: unless-stopped"]
    lines += env_block(
        [("POSTGRES_DB", db), ("POSTGRES_USER", db), ("POSTGRES_PASSWORD", "${POBLYSH_DB_PASSWORD}")],
        as_list, "    ",
    )
    lines += ["    volumes:", "      - db-data:/var/lib/postgresql/data"]
    if drop != "db":
        lines += healthcheck_block(["CMD-SHELL", f"pg_isready -U {db} -d {db}"], "5s")

    lines += ["  migrate:", "    build: .", f"    command: {json.dumps([f'/usr/local/bin/{app}', 'migrate'])}"]
    lines += env_block([("POBLYSH_DATABASE_URL", url)], as_list, "    ")
    lines += depends_block([("db", "service_healthy")], short)

    lines += ["  app:", "    build: .", "    restart: unless-stopped", "    ports:"]
    host = rng.choice((f"127.0.0.1:{port}", str(port)))
    lines.append(f'      - "{host}:8080"')
    app_env = [("POBLYSH_DATABASE_URL", url), ("POBLYSH_BIND", "0.0.0.0:8080")]
    app_env.append(("POBLYSH_LOG_LEVEL", rng.choice(("info", "warn"))))
    if rule == "rust_log_env":
        app_env.append(("RUST_LOG", rng.choice(("debug", "trace"))))
    lines += env_block(app_env, as_list, "    ")
    lines += depends_block(
        [("db", "service_healthy"), ("migrate", "service_completed_successfully")], short
    )
    if drop != "app":
        lines += healthcheck_block(["CMD", f"/usr/local/bin/{app}", "healthcheck"], "10s")
    lines += ["volumes:", "  db-data: {}"]
    return "\n".join(lines) + "\n"


def break_yaml(rng: random.Random, text: str) -> str:
    """Turn Compose text into text that no YAML parser accepts."""
    lines = text.splitlines()
    where = next(i for i, line in enumerate(lines) if line.startswith("    ports:"))
    way = rng.randrange(3)
    if way == 0:
        lines[where + 1] = '      - ["8080:8080"'
    elif way == 1:
        lines.insert(where, "  bad: [unclosed, {key: value")
    else:
        lines.insert(where + 1, "\t- tab-indented: 1")
    return "\n".join(lines) + "\n"


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)


def emit_dockerfile(
    rng: random.Random, folder: Path, app: str, manifest: Manifest, clean: bool
) -> bool:
    """Write one Dockerfile; return whether the folder should get a .dockerignore."""
    defect = None if clean else pick_defect(rng, DOCKERFILE_VIOLATIONS, DOCKERFILE_BREAKAGES)
    root = manifest.root
    path = folder / "Dockerfile"
    rel = path.relative_to(root).as_posix()
    manifest.dockerfiles.append(rel)
    if defect is not None:
        manifest.defects[rel] = defect
    if defect == Defect("broken", "binary_garbage"):
        write(path, garbage(rng))
        return True
    no_ignore = defect == Defect("violation", "copy_all_no_dockerignore")
    plan = DockerfilePlan(
        app=app,
        defect=defect,
        copy_all=no_ignore or rng.random() < 0.4,
        use_heredoc=rng.random() < 0.25,
        compact=rng.random() < 0.4,
    )
    write(path, dockerfile_text(rng, plan))
    return not no_ignore


def emit_pair(
    rng: random.Random, folder: Path, app: str, index: int, manifest: Manifest, clean: bool = False
) -> None:
    if emit_dockerfile(rng, folder, app, manifest, clean):
        write(folder / ".dockerignore", dockerignore_text(rng))
    write(folder / ".env", env_text(rng, app))
    defect = None if clean else pick_defect(rng, COMPOSE_VIOLATIONS, COMPOSE_BREAKAGES)
    path = folder / "compose.yaml"
    rel = path.relative_to(manifest.root).as_posix()
    manifest.compose_files.append(rel)
    if defect is not None:
        manifest.defects[rel] = defect
    if defect == Defect("broken", "binary_garbage"):
        write(path, garbage(rng))
        return
    text = compose_text(rng, app, 18000 + index, defect)
    if defect == Defect("broken", "invalid_yaml"):
        text = break_yaml(rng, text)
    write(path, text)


def emit_job(rng: random.Random, index: int, manifest: Manifest) -> None:
    app = service_name(rng)
    folder = manifest.root / "jobs" / f"job-{index:04d}-{app}"
    if emit_dockerfile(rng, folder, app, manifest, clean=False):
        write(folder / ".dockerignore", dockerignore_text(rng))


def ensure_empty(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise FileExistsError(f"output folder is not empty: `{out_dir}` (pass a new or empty folder)")


def generate(out_dir: Path, params: Params) -> Manifest:
    """Write the tree into `out_dir`, which must be missing or empty."""
    ensure_empty(out_dir)
    rng = random.Random(params.seed)
    manifest = Manifest(params, out_dir)
    for index in range(params.pairs):
        app = service_name(rng)
        emit_pair(rng, out_dir / "services" / f"svc-{index:04d}-{app}", app, index, manifest)
    for index in range(params.extra_dockerfiles):
        emit_job(rng, index, manifest)
    write(out_dir / MANIFEST_NAME, manifest.to_json())
    return manifest


def generate_clean_pair(out_dir: Path, seed: int) -> Manifest:
    """Write one defect-free folder (Dockerfile, compose.yaml, .dockerignore, .env)."""
    ensure_empty(out_dir)
    manifest = Manifest(Params(1, 0, seed), out_dir)
    rng = random.Random(seed)
    emit_pair(rng, out_dir, service_name(rng), 0, manifest, clean=True)
    return manifest


def summary(manifest: Manifest) -> str:
    violations = sum(1 for d in manifest.defects.values() if d.kind == "violation")
    broken = sum(1 for d in manifest.defects.values() if d.kind == "broken")
    total = len(manifest.dockerfiles) + len(manifest.compose_files)
    return (
        f"{len(manifest.dockerfiles)} Dockerfiles, {len(manifest.compose_files)} Compose files, "
        f"{violations} with a rule violation, {broken} broken, {total - violations - broken} clean"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--pairs", type=int, default=500, help="service folders with Dockerfile and compose.yaml")
    parser.add_argument("--extra-dockerfiles", type=int, default=500, help="folders with a Dockerfile only")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.pairs < 0 or args.extra_dockerfiles < 0:
        parser.error("counts must not be negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        manifest = generate(args.out_dir, Params(args.pairs, args.extra_dockerfiles, args.seed))
    except FileExistsError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out_dir}: {summary(manifest)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time dlint against hadolint plus compose-lint, whole processes, side by side.

Scenarios:
    reference  the reference/ folder pair (Dockerfile and compose.yaml)
    monorepo   a generated tree (default 500 pairs plus 500 extra Dockerfiles),
               each tool started once (peers batched only if argv is too long)
    scaling    dlint alone on generated trees of 500, 1,000 and 2,000 pairs

Each measured command runs once untimed to warm the page cache, then `--runs`
times; dlint and the peers alternate which goes first. Medians are printed as
Markdown. Nothing here asserts on timings.

Usage: python bench/run.py [--runs 5] [--dlint CMD] [--only reference|monorepo|scaling]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import generate  # noqa: E402  (sibling module, found through the line above)

PEERS_VENV = BENCH_DIR / ".peers-venv"
PEERS_REQUIREMENTS = BENCH_DIR / "requirements-peers.txt"
PEERS_STAMP = PEERS_VENV / "requirements.sha256"
DEFAULT_WORKDIR = BENCH_DIR / ".work"
COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
# 0 clean, 1 findings, 2 error (such as a file that does not parse).
LINT_EXIT_CODES = (0, 1, 2)


# ---------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Sample:
    """One or more processes run one after another, counted as one unit."""

    wall_s: float
    cpu_s: float
    peak_rss_kib: int
    exit_codes: tuple[int, ...]
    stderr_tail: str = ""
    crashed: bool = False

    def plus(self, other: Sample) -> Sample:
        return Sample(
            wall_s=self.wall_s + other.wall_s,
            cpu_s=self.cpu_s + other.cpu_s,
            peak_rss_kib=max(self.peak_rss_kib, other.peak_rss_kib),
            exit_codes=self.exit_codes + other.exit_codes,
            stderr_tail=self.stderr_tail or other.stderr_tail,
            crashed=self.crashed or other.crashed,
        )


def run_one(argv: Sequence[str], cwd: Path, out_path: Path) -> Sample:
    """Start `argv`, wait for it with wait4 and return its own resource use.

    wait4 reports the rusage of exactly this child, including descendants it
    reaped itself, so a tool that forks workers is counted in full. Deltas of
    getrusage(RUSAGE_CHILDREN) would give the same CPU times, but its maxrss is
    a maximum over every child ever reaped, so it cannot isolate one run.
    """
    err_path = out_path.with_suffix(".stderr")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=child_environment())
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # wait4 already reaped the child, so Popen must not wait again
    stderr = err_path.read_text(errors="replace")
    tail = "\n".join(stderr.strip().splitlines()[-3:])
    # A Python traceback means the tool crashed, whatever its exit code.
    crashed = "Traceback (most recent call last)" in stderr
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, (code,), tail, crashed)


def child_environment() -> dict[str, str]:
    """Return the environment of measured commands: ours, but Python may cache bytecode.

    With PYTHONDONTWRITEBYTECODE set, a tool installed in editable mode would compile its
    modules on every run, which no installed copy does. Without it, the untimed warm-up
    run writes the cache.
    """
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_side(side: Side, cwd: Path, out_dir: Path) -> tuple[Sample, dict[str, Sample]]:
    """Run every command of `side` in order and return the total and each tool's share."""
    empty = Sample(0.0, 0.0, 0, ())
    total = empty
    by_tool: dict[str, Sample] = {}
    for index, (tool, argv) in enumerate(zip(side.tools, side.commands)):
        sample = run_one(argv, cwd, out_dir / f"{slug(side.label)}-{index}.out")
        total = total.plus(sample)
        by_tool[tool] = by_tool.get(tool, empty).plus(sample)
    return total, by_tool


@dataclass(frozen=True)
class Side:
    """Side of a comparison: a label and the command lines it runs in order."""

    label: str
    commands: tuple[tuple[str, ...], ...]
    tools: tuple[str, ...]  # the tool name of each command, for per-tool rows
    display: str  # the command as printed, with long file lists abbreviated


@dataclass
class Result:
    side: Side
    files: int
    samples: list[Sample] = field(default_factory=list)
    by_tool: list[dict[str, Sample]] = field(default_factory=list)
    failure: str = ""
    findings: str = "n/a"

    def median(self, pick: Callable[[Sample], float]) -> float:
        return statistics.median(pick(s) for s in self.samples)


def side_failure(sample: Sample) -> str:
    """Return why a run does not count as a lint run, or an empty string."""
    if sample.crashed:
        return f"crashed, exit {sample.exit_codes}: {sample.stderr_tail.splitlines()[-1]}"
    if not set(sample.exit_codes) <= set(LINT_EXIT_CODES):
        return f"unexpected exit {sample.exit_codes}: {sample.stderr_tail[-200:]}"
    return ""


def measure_sides(
    sides: Sequence[Side], files: Sequence[int], cwd: Path, out_dir: Path, runs: int
) -> list[Result]:
    """Warm up each side once, then run all sides `runs` times, rotating the order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [Result(side, count) for side, count in zip(sides, files)]
    for result in results:
        progress(f"  warm-up: {result.side.label}")
        sample, _ = run_side(result.side, cwd, out_dir)
        result.failure = side_failure(sample)
        if result.failure:
            progress(f"  {result.side.label}: {result.failure}")
    for run in range(runs):
        order = list(range(len(results)))
        order = order[run % len(order):] + order[: run % len(order)]
        for index in order:
            result = results[index]
            if result.failure:
                continue
            sample, by_tool = run_side(result.side, cwd, out_dir)
            result.samples.append(sample)
            result.by_tool.append(by_tool)
            progress(f"  run {run + 1}/{runs} {result.side.label}: {sample.wall_s:.3f} s")
    for result in results:
        result.findings = count_findings(out_dir, slug(result.side.label), len(result.side.commands))
    return results


def count_findings(out_dir: Path, label: str, parts: int) -> str:
    """Count findings in the last run's JSON output, or return `n/a` for an unknown shape."""
    total = 0
    for index in range(parts):
        try:
            data = json.loads((out_dir / f"{label}-{index}.out").read_text(errors="replace"))
        except (OSError, ValueError):
            return "n/a"
        if isinstance(data, dict):
            data = data.get("findings")
        if not isinstance(data, list):
            return "n/a"
        total += len(data)
    return str(total)


def slug(label: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in label.lower())


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tools


@dataclass(frozen=True)
class Peers:
    hadolint: Path
    compose_lint: Path


def requirements_digest() -> str:
    return hashlib.sha256(PEERS_REQUIREMENTS.read_bytes()).hexdigest()


def ensure_peers() -> Peers:
    """Create or reuse bench/.peers-venv with the pinned peers from PyPI."""
    bin_dir = PEERS_VENV / "bin"
    peers = Peers(bin_dir / "hadolint", bin_dir / "compose-lint")
    stamp_ok = PEERS_STAMP.is_file() and PEERS_STAMP.read_text().strip() == requirements_digest()
    if stamp_ok and peers.hadolint.is_file() and peers.compose_lint.is_file():
        return peers
    progress(f"installing peers into {PEERS_VENV} from {PEERS_REQUIREMENTS.name}")
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(PEERS_REQUIREMENTS)], check=True)
    PEERS_STAMP.write_text(requirements_digest() + "\n")
    return peers


def tool_version(argv: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc.__class__.__name__})"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if done.returncode == 0 and text else "unknown"


def resolve_dlint(command: str) -> tuple[list[str], str]:
    """Return the dlint argv prefix and, if it cannot run, the reason."""
    argv = shlex.split(command)
    if not argv:
        return argv, "empty `--dlint` command"
    found = shutil.which(argv[0])
    if found is None:
        return argv, f"command not found: `{argv[0]}`"
    argv[0] = found
    try:
        done = subprocess.run([*argv, "check", "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return argv, f"`check --help` failed: {exc}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return argv, f"`check --help` exited {done.returncode}: {last}"
    return argv, ""


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Tree:
    root: Path
    dockerfiles: tuple[str, ...]
    compose_files: tuple[str, ...]
    note: str = ""


def generated_tree(workdir: Path, pairs: int, extra: int, seed: int) -> Tree:
    """Generate a tree once per parameter set and reuse it afterwards."""
    name = f"tree-v{generate.GENERATOR_VERSION}-p{pairs}-x{extra}-s{seed}"
    root = workdir / name
    manifest_path = root / generate.MANIFEST_NAME
    if not manifest_path.is_file():
        partial = workdir / (name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)
        progress(f"generating {root}")
        generate.generate(partial, generate.Params(pairs, extra, seed))
        partial.rename(root)
    data = json.loads(manifest_path.read_text())
    return Tree(root, tuple(data["dockerfiles"]), tuple(data["compose_files"]))


def reference_tree(workdir: Path, seed: int) -> Tree:
    """Return reference/ when it contains a pair, else a generated defect-free pair."""
    ref = REPO_DIR / "reference"
    compose = [n for n in COMPOSE_NAMES if (ref / n).is_file()]
    if (ref / "Dockerfile").is_file() and compose:
        return Tree(ref, ("Dockerfile",), (compose[0],))
    root = workdir / f"reference-fallback-v{generate.GENERATOR_VERSION}-s{seed}"
    if not (root / "compose.yaml").is_file():
        if root.exists():
            shutil.rmtree(root)
        generate.generate_clean_pair(root, seed)
    note = f"reference/ has no Dockerfile and compose file yet; used a generated clean pair in `{root}`"
    return Tree(root, ("Dockerfile",), ("compose.yaml",), note)


def arg_batches(prefix: Sequence[str], paths: Sequence[str]) -> list[tuple[str, ...]]:
    """Split `paths` over as few command lines as the kernel's argument limit allows."""
    env_bytes = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    budget = os.sysconf("SC_ARG_MAX") // 2 - env_bytes
    fixed = sum(len(p) + 1 + 8 for p in prefix)
    batches: list[tuple[str, ...]] = []
    current: list[str] = []
    used = fixed
    for path in paths:
        cost = len(path) + 1 + 8
        if current and used + cost > budget:
            batches.append((*prefix, *current))
            current, used = [], fixed
        current.append(path)
        used += cost
    if current:
        batches.append((*prefix, *current))
    return batches


def peers_side(peers: Peers, tree: Tree) -> Side:
    hadolint = arg_batches([str(peers.hadolint), "--no-color", "-f", "json"], tree.dockerfiles)
    compose = arg_batches([str(peers.compose_lint), "check", "--format", "json"], tree.compose_files)
    display = (
        f"hadolint --no-color -f json <{len(tree.dockerfiles)} Dockerfiles in {len(hadolint)} call(s)>"
        f"; compose-lint check --format json <{len(tree.compose_files)} files in {len(compose)} call(s)>"
    )
    tools = ("hadolint",) * len(hadolint) + ("compose-lint",) * len(compose)
    return Side("hadolint + compose-lint", tuple(hadolint + compose), tools, display)


def dlint_side(dlint: Sequence[str]) -> Side:
    argv = (*dlint, "check", ".", "--format", "json")
    display = shlex.join(["dlint", *argv[len(dlint):]])
    return Side("dlint", (argv,), ("dlint",), display)


# ---------------------------------------------------------------- reporting


def fmt(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "n/a"


def result_row(scenario: str, result: Result) -> str:
    if result.failure or not result.samples:
        reason = result.failure or "not run"
        return f"| {scenario} | {result.side.label} | {result.files} | skipped: {reason} | | | | |"
    codes = sorted({c for s in result.samples for c in s.exit_codes})
    return (
        f"| {scenario} | {result.side.label} | {result.files} "
        f"| {fmt(result.median(lambda s: s.wall_s))} | {fmt(result.median(lambda s: s.cpu_s))} "
        f"| {fmt(result.median(lambda s: s.peak_rss_kib) / 1024, 1)} "
        f"| {','.join(map(str, codes))} | {result.findings} |"
    )


def tool_rows(scenario: str, result: Result) -> list[str]:
    """Return one row per tool for a side that runs more than one tool."""
    if len(set(result.side.tools)) < 2 or not result.by_tool:
        return []
    rows = []
    for tool in dict.fromkeys(result.side.tools):
        runs = [by_tool[tool] for by_tool in result.by_tool]
        codes = sorted({c for s in runs for c in s.exit_codes})
        rows.append(
            f"| {scenario} | &nbsp;&nbsp;{tool} alone | "
            f"| {fmt(statistics.median(s.wall_s for s in runs))} "
            f"| {fmt(statistics.median(s.cpu_s for s in runs))} "
            f"| {fmt(statistics.median(s.peak_rss_kib for s in runs) / 1024, 1)} "
            f"| {','.join(map(str, codes))} | |"
        )
    return rows


def ratio_row(scenario: str, dlint: Result, peers: Result) -> str:
    if not dlint.samples or not peers.samples:
        return f"| {scenario} | dlint / peers | | n/a | n/a | n/a | | |"
    cells = [
        ratio(dlint.median(pick), peers.median(pick))
        for pick in (lambda s: s.wall_s, lambda s: s.cpu_s, lambda s: float(s.peak_rss_kib))
    ]
    return f"| {scenario} | dlint / peers | | {' | '.join(cells)} | | |"


COMPARE_HEADER = (
    "| scenario | tool | files | wall s | CPU s (user+sys) | peak RSS MiB | exit codes | findings |\n"
    "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"
)


def compare_table(rows: list[tuple[str, Result, Result]]) -> str:
    lines = [COMPARE_HEADER]
    for scenario, dlint, peers in rows:
        lines += [result_row(scenario, dlint), result_row(scenario, peers)]
        lines += tool_rows(scenario, peers)
        lines.append(ratio_row(scenario, dlint, peers))
    return "\n".join(lines)


def scaling_table(rows: list[tuple[int, Result]]) -> str:
    lines = [
        "| pairs | files | wall s | CPU s (user+sys) | peak RSS MiB | wall ms per file | exit codes |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for pairs, result in rows:
        if not result.samples:
            lines.append(f"| {pairs} | {result.files} | skipped: {result.failure or 'not run'} | | | | |")
            continue
        wall = result.median(lambda s: s.wall_s)
        codes = sorted({c for s in result.samples for c in s.exit_codes})
        lines.append(
            f"| {pairs} | {result.files} | {fmt(wall)} | {fmt(result.median(lambda s: s.cpu_s))} "
            f"| {fmt(result.median(lambda s: s.peak_rss_kib) / 1024, 1)} "
            f"| {fmt(1000 * wall / max(result.files, 1), 2)} | {','.join(map(str, codes))} |"
        )
    return "\n".join(lines)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_facts(
    dlint: Sequence[str], dlint_problem: str, peers: Peers | None, load_at_start: str
) -> list[str]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    facts = [
        f"- nproc: {usable} (os.cpu_count: {os.cpu_count()})",
        f"- load average (1, 5, 15 min): {load_at_start} at start, {load_average()} at end",
        f"- CPU: {cpu_model()}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
    ]
    if dlint_problem:
        facts.append(f"- dlint: unavailable, {dlint_problem}")
    else:
        facts.append(f"- dlint: {tool_version([*dlint, '--version'])} (`{shlex.join(dlint)}`)")
    if peers is not None:
        facts.append(f"- hadolint: {tool_version([str(peers.hadolint), '--version'])}")
        facts.append(f"- compose-lint: {tool_version([str(peers.compose_lint), '--version'])}")
    return facts


METHOD = (
    "Wall time is `time.perf_counter` from spawn to reap. CPU time (user+sys) and peak RSS "
    "come from `os.wait4` on each child, which covers the child and the descendants it "
    "reaped (the per-child form of `getrusage(RUSAGE_CHILDREN)`). CPU time adds up over "
    "those processes; peak RSS is the largest resident set of any single one of them "
    "(Linux takes the maximum of the child's and its reaped workers' peaks, not the sum), "
    "so for dlint it is the larger of the main process and each worker. A side made of "
    "several processes adds wall and CPU times and takes the largest RSS. Every command "
    "ran once untimed first; the table shows medians of the timed runs, stdout and "
    "stderr going to files, without PYTHONDONTWRITEBYTECODE. CPU s above wall s means "
    "more than one core was busy."
)


# ---------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class Settings:
    runs: int
    dlint: tuple[str, ...]
    dlint_problem: str
    workdir: Path
    seed: int
    pairs: int
    extra: int
    scaling: tuple[int, ...]


def compare(settings: Settings, peers: Peers, tree: Tree, name: str) -> tuple[str, Result, Result, list[str]]:
    progress(f"{name}: {tree.root}")
    dlint = dlint_side(settings.dlint)
    other = peers_side(peers, tree)
    files = len(tree.dockerfiles) + len(tree.compose_files)
    out_dir = settings.workdir / "output" / name
    if settings.dlint_problem:
        peer_result = measure_sides([other], [files], tree.root, out_dir, settings.runs)[0]
        dlint_result = Result(dlint, files, failure=f"dlint unavailable: {settings.dlint_problem}")
    else:
        dlint_result, peer_result = measure_sides(
            [dlint, other], [files, files], tree.root, out_dir, settings.runs
        )
    notes = [f"- {name}, in `{tree.root}`: `{dlint.display}` vs `{other.display}`"]
    if tree.note:
        notes.append(f"- {name}: {tree.note}")
    return name, dlint_result, peer_result, notes


def scaling(settings: Settings) -> tuple[list[tuple[int, Result]], list[str]]:
    rows: list[tuple[int, Result]] = []
    notes: list[str] = []
    side = dlint_side(settings.dlint)
    for pairs in settings.scaling:
        if settings.dlint_problem:
            rows.append((pairs, Result(side, 2 * pairs, failure="dlint unavailable")))
            continue
        tree = generated_tree(settings.workdir, pairs, 0, settings.seed)
        files = len(tree.dockerfiles) + len(tree.compose_files)
        progress(f"scaling {pairs}: {tree.root}")
        out_dir = settings.workdir / "output" / f"scaling-{pairs}"
        rows.append((pairs, measure_sides([side], [files], tree.root, out_dir, settings.runs)[0]))
        notes.append(f"- scaling {pairs}, in `{tree.root}`: `{side.display}`")
    return rows, notes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median shown)")
    parser.add_argument("--dlint", default="dlint", help="dlint command line, split like a shell would")
    parser.add_argument("--only", choices=("reference", "monorepo", "scaling"), help="run one scenario")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="generated trees and outputs")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--pairs", type=int, default=500, help="monorepo: service folders")
    parser.add_argument("--extra-dockerfiles", type=int, default=500, help="monorepo: Dockerfile-only folders")
    parser.add_argument("--scaling", default="500,1000,2000", help="comma-separated pair counts")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        args.scaling = tuple(int(n) for n in args.scaling.split(","))
    except ValueError:
        parser.error(f"--scaling must be comma-separated integers, got `{args.scaling}`")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_at_start = load_average()
    scenarios = {args.only} if args.only else {"reference", "monorepo", "scaling"}
    dlint, problem = resolve_dlint(args.dlint)
    if problem:
        progress(f"dlint unavailable, its rows are skipped: {problem}")
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        args.runs, tuple(dlint), problem, workdir, args.seed, args.pairs, args.extra_dockerfiles, args.scaling
    )

    peers: Peers | None = None
    if scenarios & {"reference", "monorepo"}:
        try:
            peers = ensure_peers()
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"run: failed to install peers: {exc} (check PyPI access and {PEERS_REQUIREMENTS})", file=sys.stderr)
            return 2

    compared: list[tuple[str, Result, Result]] = []
    notes: list[str] = []
    if "reference" in scenarios and peers is not None:
        name, d, p, n = compare(settings, peers, reference_tree(workdir, args.seed), "reference")
        compared.append((name, d, p))
        notes += n
    if "monorepo" in scenarios and peers is not None:
        tree = generated_tree(workdir, args.pairs, args.extra_dockerfiles, args.seed)
        name, d, p, n = compare(settings, peers, tree, "monorepo")
        compared.append((name, d, p))
        notes += n
    scaled: list[tuple[int, Result]] = []
    if "scaling" in scenarios:
        scaled, n = scaling(settings)
        notes += n

    print("## dlint benchmark\n")
    print("Command: `" + shlex.join([Path(sys.executable).name, *sys.argv]) + "`\n")
    print("\n".join(machine_facts(dlint, problem, peers, load_at_start)) + "\n")
    print(f"Runs per command: {args.runs} timed, after 1 untimed warm-up. {METHOD}\n")
    if compared:
        print(compare_table(compared) + "\n")
    if scaled:
        print("dlint alone on generated trees of pairs only:\n")
        print(scaling_table(scaled) + "\n")
    print("Commands (run inside the folder shown; outputs kept under `" + str(workdir / "output") + "`):\n")
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Linting a large group of files in chunks, in worker processes, with the findings of one project.

The files of one folder always share a chunk, and consecutive folders fill a chunk up to
`CHUNK_FILES` files. Each chunk is loaded as its own project in a worker, which returns
its findings and the real paths of the Dockerfiles and Compose files it loaded. Two
chunks can only influence each other through a file both loaded: a Compose file in one
that builds a Dockerfile of the other, or a Dockerfile that pairs with a Compose file in
a folder above it. So chunks that share a file are merged and linted again together,
until no two share one. Projects without a common file find, together, what each finds
alone, so the sorted union of the chunks' findings is what one project would report.

Workers hold one chunk's parsed files at a time and send back findings only, which
keeps the memory of every process small however many files a run has.
"""

from __future__ import annotations

import os
from itertools import chain
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from dlint.config import Config
    from dlint.discovery import Discovered
    from dlint.runner import GroupFindings, RunOptions

# Below this many files a run stays in one process: starting workers costs more.
PARALLEL_MIN_FILES = 64
# Files per chunk: small enough to spread the work evenly, large enough to send few tasks.
CHUNK_FILES = 24


def available_cpus() -> int:
    """Count the CPUs this process may run on (its affinity), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def worth_splitting(items: Sequence[Discovered], jobs: int | None) -> bool:
    """Return whether to lint `items` in chunks: more than one worker and enough files."""
    workers = available_cpus() if jobs is None else jobs
    return workers > 1 and len(items) >= PARALLEL_MIN_FILES


def start_pool(jobs: int | None) -> Executor:
    """Start the worker processes, forked where the platform allows, so they start with the rules loaded."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    workers = available_cpus() if jobs is None else jobs
    return ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context(method))


def chunk_indexes(items: Sequence[Discovered], size: int | None = None) -> list[list[int]]:
    """Split the positions of `items` into chunks of whole folders, in order."""
    size = size or CHUNK_FILES
    folders: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        folders.setdefault(os.path.dirname(os.path.abspath(item.path)), []).append(index)
    chunks: list[list[int]] = []
    current: list[int] = []
    for indexes in folders.values():
        current.extend(indexes)
        if len(current) >= size:
            chunks.append(sorted(current))
            current = []
    if current:
        chunks.append(sorted(current))
    return chunks


def _lint_chunk(config: Config, items: list[Discovered], options: RunOptions) -> GroupFindings:
    from dlint.runner import group_findings

    return group_findings(config, items, options)


def _sharing_groups(loaded: Sequence[frozenset[str]]) -> list[list[int]]:
    """Group the positions of chunks that share a file, directly or through other chunks."""
    parent = list(range(len(loaded)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[str, int] = {}
    for index, paths in enumerate(loaded):
        for path in paths:
            if path in owner:
                parent[root(index)] = root(owner[path])
            else:
                owner[path] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(loaded)):
        groups.setdefault(root(index), []).append(index)
    return sorted(groups.values(), key=lambda group: group[0])


def _run(pool: Executor, config: Config, items: Sequence[Discovered], chunks: list[list[int]], options: RunOptions) -> list[GroupFindings]:
    parts = [[items[index] for index in chunk] for chunk in chunks]
    return list(pool.map(_lint_chunk, [config] * len(parts), parts, [options] * len(parts)))


def lint_in_chunks(pool: Executor, config: Config, items: Sequence[Discovered], options: RunOptions) -> GroupFindings:
    """Lint `items` in chunks on `pool`; the result equals `group_findings` on all of them."""
    from dlint.findings import Finding
    from dlint.records import replace
    from dlint.runner import GroupFindings

    # The baseline counts what it hides, so it is applied once, to the merged findings.
    options = replace(options, keep=None)
    chunks = chunk_indexes(items)
    results = _run(pool, config, items, chunks, options)
    while True:
        groups = _sharing_groups([result.loaded for result in results])
        if len(groups) == len(chunks):
            break
        merged = [sorted(chain.from_iterable(chunks[index] for index in group)) for group in groups]
        again = [chunk for chunk, group in zip(merged, groups) if len(group) > 1]
        rerun = iter(_run(pool, config, items, again, options))
        results = [results[group[0]] if len(group) == 1 else next(rerun) for group in groups]
        chunks = merged
    findings = sorted(set(chain.from_iterable(result.findings for result in results)), key=Finding.sort_key)
    loaded = frozenset(chain.from_iterable(result.loaded for result in results))
    return GroupFindings(tuple(findings), sum(result.files for result in results), loaded)

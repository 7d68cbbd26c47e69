"""Start `dlint` as a program: `python -m dlint` and the `dlint` console script."""

from __future__ import annotations

import gc


def run() -> None:
    # Turned off before the first import: the collector would only walk the objects
    # the imports create, none of which is garbage (see `dlint.cli.entry_point`).
    gc.disable()
    from dlint.cli import entry_point

    entry_point()


if __name__ == "__main__":
    run()

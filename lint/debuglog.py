"""Debug messages for `--verbose`, without importing `logging` on runs that show none.

Until something imports `logging`, no handler or level can have been set up, so a
debug message could not be shown anyway: it is dropped without the import. Once
`logging` is imported (by `--verbose`, a test or an embedding program), messages go
to the standard logger of that name, as with `logging.getLogger(name).debug`.
"""

from __future__ import annotations

import sys


class DebugLogger:
    """The `debug` method of a `logging.Logger`, looked up only when `logging` is loaded."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def debug(self, message: str, *args: object) -> None:
        logging = sys.modules.get("logging")
        if logging is not None:
            logging.getLogger(self.name).debug(message, *args)


def get_logger(name: str) -> DebugLogger:
    return DebugLogger(name)

"""Splitting a `command` or `entrypoint` string into words, as Compose does.

Compose splits with simple shell-like rules, not with a shell: blanks separate
words; single quotes keep everything literally; double quotes keep blanks and
drop a backslash before any character; outside quotes a backslash keeps the next
character literally. `$` is not expanded. An unquoted `;`, `&`, `|`, `<` or `>`
ends the command line: Compose keeps only the words before it.
"""

from __future__ import annotations

_BLANKS = frozenset(" \t\r\n")
_STOPS = frozenset(";&|<>")


class ShellwordsError(ValueError):
    """A string that cannot be split: an unclosed quote."""


def split_shellwords(text: str) -> list[str]:
    words: list[str] = []
    buffer: list[str] = []
    in_word = False
    single = double = escaped = False
    for char in text:
        if escaped:
            buffer.append(char)
            escaped = False
            in_word = True
            continue
        if char == "\\" and not single:
            escaped = True
            continue
        if char in _BLANKS and not (single or double):
            if in_word:
                words.append("".join(buffer))
                buffer = []
                in_word = False
            continue
        if char == '"' and not single:
            double = not double
            in_word = True
            continue
        if char == "'" and not double:
            single = not single
            in_word = True
            continue
        if char in _STOPS and not (single or double):
            break
        buffer.append(char)
        in_word = True
    if single or double or escaped:
        raise ShellwordsError("a quote is not closed" if single or double else "it ends with a backslash")
    if in_word:
        words.append("".join(buffer))
    return words

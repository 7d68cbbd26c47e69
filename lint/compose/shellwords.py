"""Splitting a `command` or `entrypoint` string into words, as Compose does.

Compose splits with simple shell-like rules, not with a shell:

- blanks separate words;
- single quotes keep everything literally;
- double quotes keep blanks and drop a backslash before any character;
- outside quotes, a backslash keeps the next character literally;
- `$` is not expanded;
- an unquoted `;`, `&`, `|`, `<` or `>` ends the command line, and Compose keeps
  only the words before it (`echo a && echo b` runs `echo a`).
"""

from __future__ import annotations

_BLANKS = frozenset(" \t\r\n")
_STOPS = frozenset(";&|<>")


class ShellwordsError(ValueError):
    """Error for a string that cannot be split: an unclosed quote or a final backslash."""


def split_shellwords(text: str) -> list[str]:
    """Split `text` into the words Compose runs; raises ShellwordsError."""
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
        raise ShellwordsError("unclosed quote" if single or double else "backslash at the end")
    if in_word:
        words.append("".join(buffer))
    return words

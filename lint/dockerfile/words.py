"""Splitting an instruction's text into words the way BuildKit's parser does.

Every function returns offsets into the string it was given, so callers can map each
word back to the line and column it came from.
"""

from __future__ import annotations

import re

WHITESPACE = re.compile(r"[\t\v\f\r ]+")
_HEREDOC_WORD = re.compile(r"^(\d*)<<(-?)([^<]*)$")


def split_whitespace(text: str, base: int = 0) -> list[tuple[str, int]]:
    """Split on runs of blanks; `text` is already trimmed, as BuildKit trims it."""
    if not text:
        return []
    pieces: list[tuple[str, int]] = []
    start = 0
    for match in WHITESPACE.finditer(text):
        pieces.append((text[start:match.start()], base + start))
        start = match.end()
    pieces.append((text[start:], base + start))
    return pieces


def extract_flags(text: str) -> tuple[int, list[tuple[str, int]]]:
    """Take the leading `--flag` words off `text`.

    Returns the offset where the arguments start and each flag's decoded text with its
    offset. Quotes inside a flag are removed and a backslash escapes the next
    character; a bare `--` ends the flags.
    """
    flags: list[tuple[str, int]] = []
    pos = 0
    length = len(text)
    while True:
        while pos < length and text[pos].isspace():
            pos += 1
        if pos >= length:
            return length, flags
        if not text.startswith("--", pos):
            return pos, flags
        start = pos
        word: list[str] = []
        blank_ok = False
        quote = ""
        while pos < length:
            char = text[pos]
            if quote:
                if char == quote:
                    quote = ""
                elif char == "\\" and pos + 1 < length:
                    pos += 1
                    word.append(text[pos])
                elif char != "\\":
                    word.append(char)
                pos += 1
                continue
            if char.isspace():
                break
            if char in "'\"":
                quote = char
                blank_ok = True
            elif char == "\\":
                if pos + 1 < length:
                    pos += 1
                    word.append(text[pos])
            else:
                word.append(char)
            pos += 1
        joined = "".join(word)
        if joined == "--":
            if pos >= length:
                return length, flags
            return pos, flags
        if blank_ok or joined:
            flags.append((joined, start))


def parse_words(text: str, escape: str) -> list[tuple[str, int]]:
    """Split like BuildKit's `parseWords`: blanks separate words, quotes and escapes are kept."""
    words: list[tuple[str, int]] = []
    pos = 0
    length = len(text)
    while pos < length:
        while pos < length and text[pos].isspace():
            pos += 1
        if pos >= length:
            break
        start = pos
        word: list[str] = []
        quote = ""
        blank_ok = False
        while pos < length:
            char = text[pos]
            if quote:
                if char == quote:
                    quote = ""
                elif char == escape and quote != "'":
                    if pos + 1 == length:
                        pos += 1
                        quote = ""
                        continue
                    word.append(char)
                    pos += 1
                    char = text[pos]
                word.append(char)
                pos += 1
                continue
            if char.isspace():
                break
            if char in "'\"":
                quote = char
                blank_ok = True
            if char == escape:
                if pos + 1 == length:
                    pos += 1
                    continue
                word.append(char)
                pos += 1
                char = text[pos]
            word.append(char)
            pos += 1
        if blank_ok or word:
            words.append(("".join(word), start))
    return words


def shell_words_raw(text: str) -> list[str]:
    """Split a line into shell words, keeping quotes and escapes, for heredoc detection."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = ""
    pos = 0
    while pos < len(text):
        char = text[pos]
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"' and pos + 1 < len(text):
                pos += 1
                current.append(text[pos])
        elif char.isspace():
            if in_word:
                words.append("".join(current))
                current = []
                in_word = False
        else:
            in_word = True
            current.append(char)
            if char in "'\"":
                quote = char
            elif char == "\\" and pos + 1 < len(text):
                pos += 1
                current.append(text[pos])
        pos += 1
    if in_word:
        words.append("".join(current))
    return words


def remove_quotes(word: str, escape: str = "\\") -> str:
    """Remove shell quoting from one word without expanding variables."""
    out: list[str] = []
    quote = ""
    pos = 0
    while pos < len(word):
        char = word[pos]
        if quote == "'":
            if char == "'":
                quote = ""
            else:
                out.append(char)
        elif quote == '"':
            if char == '"':
                quote = ""
            elif char == escape and pos + 1 < len(word) and word[pos + 1] in ('"', "$", escape):
                pos += 1
                out.append(word[pos])
            else:
                out.append(char)
        elif char in "'\"":
            quote = char
        elif char == escape:
            if pos + 1 < len(word):
                pos += 1
                out.append(word[pos])
        else:
            out.append(char)
        pos += 1
    return "".join(out)


def heredoc_word(word: str) -> tuple[str, bool, bool, int] | None:
    """Read `<<EOF`, `<<-"EOF"` or `3<<EOF`: (name, chomp, expand, file descriptor)."""
    match = _HEREDOC_WORD.match(word)
    if match is None or not match.group(3):
        return None
    rest = match.group(3)
    if len(shell_words_raw(rest)) != 1:
        return None
    name = remove_quotes(rest)
    if not name:
        return None
    raw_quotes = rest.count("'") + rest.count('"')
    plain_quotes = name.count("'") + name.count('"')
    descriptor = int(match.group(1)) if match.group(1) else 0
    return name, match.group(2) == "-", raw_quotes == plain_quotes, descriptor

"""The audit listing of `dlint suppressions`: one line (or JSON object) per active suppression."""

from __future__ import annotations

import json
from typing import Sequence

from dlint.suppressions import Suppression

SCHEMA_VERSION = 1


def render_suppressions_text(found: Sequence[Suppression]) -> str:
    lines = []
    for entry in found:
        until = f" until {entry.until}" if entry.until is not None else ""
        reason = entry.reason if entry.reason is not None else "(no reason given)"
        lines.append(f"{entry.path}:{entry.line}: {','.join(entry.rules)} [{entry.scope}]{until} -- {reason}")
    files = len({entry.path for entry in found})
    count = f"{len(found)} suppression" + ("" if len(found) == 1 else "s")
    lines.append(f"{count} in {files} file" + ("" if files == 1 else "s"))
    return "\n".join(lines) + "\n"


def render_suppressions_json(found: Sequence[Suppression]) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "suppressions": [
            {
                "path": entry.path,
                "line": entry.line,
                "rules": list(entry.rules),
                "scope": "file" if entry.whole_file else "lines",
                "first_line": entry.first_line,
                "last_line": entry.last_line,
                "reason": entry.reason,
                "until": entry.until.isoformat() if entry.until is not None else None,
            }
            for entry in found
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

"""A one-line heading that fits its width: what must be read stays, the rest goes first."""

from __future__ import annotations

SEPARATOR = " · "


def fitted_heading(width: int, *parts: str | tuple[str, int]) -> str:
    """``parts`` joined by " · " within ``width`` cells. A part given as (text, rank) may
    be left out: rank 1 goes first, then 2, and so on, until the line fits; a line that
    still does not fit is cut with "…" (its start, the most important part, shows)."""
    kept = [(part, 0) if isinstance(part, str) else part for part in parts if part]
    line = SEPARATOR.join(text for text, _ in kept if text)
    for rank in sorted({rank for _, rank in kept if rank}):
        if len(line) <= width:
            break
        kept = [(text, r) for text, r in kept if r != rank]
        line = SEPARATOR.join(text for text, _ in kept if text)
    return line if len(line) <= width else line[:max(width - 1, 0)].rstrip() + "…"

"""Whose records an audit entry is about.

Every entry about a pupil names them (``audit_entry.pupil``), so the pupil's Audit tab
reads by that link and erasing the pupil removes exactly their entries. An entry about
several pupils at once (a block of codes filled across a class, a half-term test's
marks) is written as one entry per pupil, each holding only that pupil's cells.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

CELL_ACTIONS = frozenset({"mark.set", "test.marks"})
"""Actions whose detail has ``cells`` of ``[pupil_id, ...]``."""


def _as_id(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def split_by_pupil(action: str, entity: str, entity_id: Any, detail: Mapping[str, Any],
                   meeting_pupil: Callable[[int], int | None] = lambda _: None,
                   ) -> list[tuple[int | None, dict[str, Any]]]:
    """(pupil id or None, detail) for each entry to write for one change."""
    detail = dict(detail)
    cells = detail.get("cells")
    if action in CELL_ACTIONS and isinstance(cells, list) and cells:
        by_pupil: dict[int | None, list[Any]] = {}
        for cell in cells:
            pupil = _as_id(cell[0]) if isinstance(cell, (list, tuple)) and cell else None
            by_pupil.setdefault(pupil, []).append(cell)
        return [(pupil, {**detail, "cells": mine}) for pupil, mine in by_pupil.items()]
    if entity == "pupil":
        return [(_as_id(entity_id), detail)]
    if "pupil" in detail:
        return [(_as_id(detail["pupil"]), detail)]
    if entity == "meeting" and _as_id(entity_id) is not None:
        return [(meeting_pupil(int(entity_id)), detail)]
    return [(None, detail)]

"""The kinds of save the journal can keep, each with the repository call that makes it.

Apart from :mod:`amtui.db.journal` so that :mod:`amtui.db.journal_kinds`, which fills it,
and the journal, which reads it, import it one way, and neither imports the other back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kind:
    """How to make one kind of kept save, when it was overtaken, and how to name it."""

    apply: Callable[[Any, dict[str, Any]], Any]  # (CurrentUser, params) -> the repo's result
    changed_after: Callable[[dict[str, Any], dt.datetime, dt.datetime], bool]
    describe: Callable[[dict[str, Any]], str]


KINDS: dict[str, Kind] = {}
"""Kind -> how to apply it; filled by :mod:`amtui.db.journal_kinds`."""


def register(name: str, changed_after: Callable[[dict[str, Any], dt.datetime, dt.datetime], bool],
             describe: Callable[[dict[str, Any]], str]) -> Callable:
    def add(apply: Callable[[Any, dict[str, Any]], Any]) -> Callable:
        KINDS[name] = Kind(apply, changed_after, describe)
        return apply

    return add

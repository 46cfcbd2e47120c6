"""The leaders' charts as lines of characters, so they read at 80x24, in 16 colours, with
NO_COLOR and on the Linux console: a bar is ``█`` (in the console's own font) on ``·``,
and every bar carries its number and n; colour only repeats what the characters say."""

from __future__ import annotations

from rich.text import Text

from amtui.db.repo.analysis import Standings
from amtui.domain.groups import GroupFigures, Split, spread
from amtui.ui.widgets.status import colour

BAR = 20  # characters for 100%
NAME = 22
FULL, EMPTY = "█", "·"


def _bar(share: float, width: int = BAR, style: str = "") -> Text:
    filled = round(width * share)
    return Text.assemble((FULL * filled, style), (EMPTY * (width - filled), "dim"))


def _style(pct: int) -> str:
    return colour("green" if pct >= 80 else "yellow" if pct >= 60 else "red")


def trend_lines(points: list[tuple[str, Split]]) -> list[Text]:
    """On target or above (%) at each point, a block per group: the group's name, then a
    line per point with its bar, per cent and n. Groups too small to read say so."""
    if not points:
        return [Text("Nothing to chart yet.", style="dim")]
    lines = [Text("On target or above, the same pupils at each point", style="bold")]
    for row in points[-1][1].rows:
        name = row.group.name
        lines.append(Text(f"{name} (n={row.group.pupils})"[:78], style="bold"))
        for label, found in points:
            group = next((r.group for r in found.rows if r.group.name == name), None)
            lines.append(_point(label, group))
    return lines


def _point(label: str, group: GroupFigures | None) -> Text:
    head = Text(f"  {label:<12}")
    if group is None or group.too_small:
        return head + Text(f"too small to read (n={group.pupils if group else 0})", style="dim")
    pct = group.on_or_above_pct
    if pct is None:
        return head + Text(f"no status yet (n={group.pupils})", style="dim")
    return head + _bar(pct / 100, style=_style(pct)) + Text(f" {pct:>3}% (n={group.shares.total})")


def spread_lines(standing: Standings, group: GroupFigures | None) -> list[Text]:
    """How many of the group's pupils stand at each sub-stage now (all pupils when no group)."""
    ids = set(group.pupil_ids) if group is not None else None
    facts = [f for f in standing.facts if ids is None or f.pupil_id in ids]
    found = spread(facts)
    title = group.name if group is not None else "All pupils"
    if not found:
        return [Text(f"{title}: no pupil placed yet.", style="dim")]
    most = max(n for _, n in found)
    lines = [Text(f"Spread across sub-stages now: {title} (n={sum(n for _, n in found)})", style="bold")]
    for sub, n in reversed(found):
        lines.append(Text(f"  {sub.short:<4}") + _bar(n / most, BAR * 2) + Text(f" {n}"))
    return lines

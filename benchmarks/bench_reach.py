"""Reaching a pupil: the keys from a class's list to any one pupil, in the real program.

Each class of the demo school is opened on the class grid (the longest list a teacher
works down) at 80x24. For every pupil, the fewest keys that type-to-jump needs are
worked out from the names as the screen shows them (``/`` and the fewest letters of the
name, or one letter again and again), then typed into the running grid, and the cursor
must land on that pupil. Reports the most keys any pupil takes (the target: at most 4)
and the mean.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from pathlib import Path

from benchmarks.harness import Result, at_most, demo_school

TODAY = "2026-11-22"


def fewest_letters(names: list[str], index: int, start: int) -> str:
    """The shortest letters that take the cursor from row ``start`` to row ``index``."""
    from amtui.ui.widgets.type_jump import find_row

    name = " ".join(names[index].split()).casefold()
    words = name.replace("-", " ").split()
    tries = [name[:n] for n in range(1, len(name) + 1)]
    tries += [word[:n] for word in words for n in range(1, len(word) + 1)]
    tries += [name[0] * n for n in range(2, 8)]
    tries.sort(key=len)

    def lands(typed: str) -> int:  # letter by letter, as the grid moves
        row = start
        for n in range(1, len(typed) + 1):
            found = find_row(names, typed[:n], row)
            row = row if found is None else found
        return row

    return next((typed for typed in tries if lands(typed) == index), name)


async def reach_every_pupil(db: Path, login: str, class_name: str) -> list[int]:
    import datetime as dt

    from amtui.db.connection import Target
    from amtui.db.startup import open_database
    from amtui.ui.app import AmtuiApp
    from amtui.ui.screens.grid.class_grid import ClassGridScreen

    opened = open_database(Target(str(db)))
    app = AmtuiApp(opened, login, screen="class_grid", screen_args={"class_name": class_name, "subject": "Maths"},
                   today=dt.date.fromisoformat(TODAY))
    counts = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(200):
                if isinstance(app.screen, ClassGridScreen) and app.screen.data:
                    break
                await pilot.pause(0.05)
            grid = app.screen.grid
            names = grid.jump_names()
            for index in range(len(names)):
                start = grid.cursor[0]
                letters = fewest_letters(names, index, start)
                keys = ["ctrl+f", *letters, "escape"]  # Ctrl+F: on the grid "/" is the "mostly" code
                await pilot.press(*keys)
                if grid.cursor[0] != index:
                    raise AssertionError(f"{class_name}: {keys} went to {names[grid.cursor[0]]}, not {names[index]}")
                counts.append(len(keys) - 1)  # the cursor is on the pupil before Esc
    finally:
        opened.db.close()
    return counts


def run() -> list[Result]:
    from amtui import identity
    from amtui.db.connection import Target
    from amtui.db.models import SchoolClass
    from amtui.db.startup import open_database

    db = demo_school(Path(tempfile.mkdtemp(prefix="amtui-bench-reach-")))
    login = identity.current_person().login
    opened = open_database(Target(str(db)))
    classes = [c.name for c in SchoolClass.select().order_by(SchoolClass.year_group)]
    opened.db.close()
    counts: list[int] = []
    for name in classes:
        counts += asyncio.run(reach_every_pupil(db, login, name))
    return [
        at_most(f"reach: keys to any pupil on a class's list (most, {len(counts)} pupils)", max(counts), "keys", 4),
        Result("reach: keys to a pupil (mean)", statistics.mean(counts), "keys"),
    ]

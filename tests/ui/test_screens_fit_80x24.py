"""Every main screen at 80x24 with the demo's longest names: no rendered line is wider than
the terminal, runs off its right edge mid-word, cuts a name without "…", or runs a name into
the next figure ("Kacper Fox-Pitt10"); on the screens of ``CELLS_CHECKED`` no table cell is
cut without "…" either ("St 5 Developin"). One app per screen; the lines are read from the
compositor, as the terminal gets them.

The demo's longest names are made longer still: one pupil of the teacher's class, who is
also their first mentee, becomes "Marie-Éléonore Ackroyd-Wiśniewska" (hyphens and accents;
first in every list by surname), so a screen that has no room for a name shows it.

The footer line shows the keys that matter now, each whole ("q Qui" was cut): ``esc`` where
the screen has it, ``?`` (which lists the rest; ``f1`` where a field takes ``?``) and the
screen's first two keys. The title line shows the person's roles that fit, whole.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.app import App
from textual.widgets import TabbedContent
from textual.widgets._footer import FooterKey

from amtui import identity
from amtui.db.connection import Target as DbTarget
from amtui.db.connection import write
from amtui.db.models import MentorAssignment, Pupil, Staff
from amtui.db.startup import open_database
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.pupil.page import TAB_KEYS
from built_schools import copy_of, demo_school
from cell_fit import cells_cut_unsaid
from meeting_pilot import screen_text

WIDTH, HEIGHT = 80, 24
FORENAME, SURNAME = "Marie-Éléonore", "Ackroyd-Wiśniewska"
PRIMARY_DAY = dt.date(2026, 11, 22)  # the demo's own date, HT2
SECONDARY_DAY = dt.date(2026, 11, 30)
LOGIN = "tester"


def misfits(lines: list[str], names: tuple[str, ...] = (FORENAME, SURNAME)) -> list[str]:
    """What is wrong with the screen's lines: each problem with its line number."""
    found = []
    for number, line in enumerate(lines):
        where = f"line {number}: {line.rstrip()!r}"
        if len(line) > WIDTH:
            found.append(f"wider than {WIDTH} ({len(line)}): {where}")
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line[WIDTH - 2:WIDTH].isalnum() and not following[:1].isalnum():  # not wrapped on
            found.append(f"runs off the right edge: {where}")
        for name in names:
            start = line.find(name[:6])
            while start != -1:
                rest = line[start:]
                shown = next((i for i, (a, b) in enumerate(zip(rest, name)) if a != b), min(len(rest), len(name)))
                after = rest[shown:shown + 1]
                if shown == len(name) and after.isalnum():
                    found.append(f"{name!r} runs into {rest[shown:shown + 6]!r}: {where}")
                elif shown < len(name) and after != "…":
                    found.append(f"{name!r} cut without '…' as {rest[:shown]!r}: {where}")
                start = line.find(name[:6], start + 1)
    return found


def footer_misfits(app: App, line: str) -> list[str]:
    """What the footer line lacks: a key it shows cut, esc or ?, the screen's first two keys."""
    whole = lambda key: f"{key.key_display} {key.description}".strip()  # noqa: E731
    found = [f"the footer cuts {whole(key)!r}" for key in app.screen.query(FooterKey) if whole(key) not in line]
    active = [(node, binding) for node, binding, *_ in app.screen.active_bindings.values() if binding.description]
    expected = [f"esc {binding.description}" for _, binding in active if binding.key == "escape"]
    expected.append("? Keys" if any(binding.key == "question_mark" for _, binding in active) else "f1 Keys")
    main = [binding for node, binding in active
            if binding.show and node is not app and binding.key not in ("escape", "question_mark", "f1")]
    expected += list(dict.fromkeys(f"{app.get_key_display(binding)} {binding.description}" for binding in main))[:2]
    return found + [f"the footer lacks {key!r}" for key in expected if key not in line]


async def settled(pilot: Pilot, timeout: float = 10.0) -> list[str]:
    """The screen's lines once its reads are done and two looks in a row agree."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            await pilot.app.workers.wait_for_complete()
        except Exception:  # noqa: BLE001 - a failed worker shows on screen, which is checked
            pass
        await pilot.pause(0.1)
        shown = screen_text(pilot.app)
        if shown == last and "Loading" not in shown:
            break
        last = shown
    return screen_text(pilot.app).splitlines()


async def looked(pilot: Pilot, view: str) -> tuple[str, list[str], list[str]]:
    """The view's name, its lines once settled, and what its footer lacks."""
    lines = await settled(pilot)
    return view, lines, footer_misfits(pilot.app, lines[-1])


async def arrived(pilot: Pilot, key: str, timeout: float = 10.0) -> None:
    """Wait for the screen asked for to be the one shown (after the opening and home)."""
    deadline = time.monotonic() + timeout
    passing = {"OpeningScreen"} | (set() if key == "home" else {"HomeScreen"})
    # Current is not yet composed: under load a screen is on the stack a moment before its
    # widgets are mounted.
    while type(pilot.app.screen).__name__ in passing or not pilot.app.screen.is_mounted:
        if time.monotonic() > deadline:
            raise AssertionError(f"{key} never opened; the screen shows:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


def _demo(tmp_path_factory, name: str, day: dt.date):
    built, _ = demo_school(tmp_path_factory, day, LOGIN, secondary=name == "secondary")  # built once in the run
    path = copy_of(built, tmp_path_factory.mktemp(name))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(identity, "current_person", lambda: identity.Person(LOGIN, None))
        opened = open_database(DbTarget(str(path)))
        pupil = _lengthen_a_name()
        opened.db.close()
    return path, pupil


def _lengthen_a_name() -> dict[str, object]:
    """The tester's first mentee takes the long name; their id and class name."""

    def change() -> dict[str, object]:
        tester = Staff.get(Staff.username == LOGIN)
        mentee = (Pupil.select().join(MentorAssignment).where((MentorAssignment.mentor == tester)
                                                               & MentorAssignment.end.is_null())
                  .order_by(Pupil.surname, Pupil.forename).first())
        mentee = mentee or Pupil.select().where(Pupil.school_class.is_null(False)).order_by(Pupil.id).first()
        Pupil.update(forename=FORENAME, surname=SURNAME).where(Pupil.id == mentee.id).execute()
        return {"pupil_id": mentee.id, "class_name": mentee.school_class.name if mentee.school_class else ""}

    return write(change)


@pytest.fixture(scope="module")
def primary(tmp_path_factory):
    return _demo(tmp_path_factory, "primary", PRIMARY_DAY)


@pytest.fixture(scope="module")
def secondary(tmp_path_factory):
    return _demo(tmp_path_factory, "secondary", SECONDARY_DAY)


# --- the screens, and what is looked at on each ------------------------------------------


async def _pupil_tabs(pilot: Pilot) -> list[tuple[str, list[str], list[str]]]:
    deadline = time.monotonic() + 10
    while not (found := list(pilot.app.screen.query("#pupil-tabs").results(TabbedContent))):
        assert time.monotonic() < deadline, f"the pupil's tabs never showed:\n{screen_text(pilot.app)}"
        await pilot.pause(0.05)
    tabs = found[0]
    seen = []
    for key in TAB_KEYS:  # as a teacher reaches them
        await pilot.press(key)
        seen.append(await looked(pilot, f"tab {tabs.active}"))
    return seen


async def _meeting_steps(pilot: Pilot) -> list[tuple[str, list[str], list[str]]]:
    seen = [await looked(pilot, "step 1")]
    for number in range(2, 9):
        await pilot.press("pagedown")
        seen.append(await looked(pilot, f"step {number}"))
    return seen


SCREENS: list[tuple[str, str, Callable[[dict], dict], Callable[[Pilot], Awaitable] | None]] = [
    ("home", "primary", lambda p: {}, None),
    ("class_grid", "primary", lambda p: {"class_name": p["class_name"], "subject": "Reading"}, None),
    ("weekly", "primary", lambda p: {"class_name": p["class_name"]}, None),
    ("halfterm", "primary", lambda p: {"class_name": p["class_name"]}, None),
    ("attitude", "primary", lambda p: {"class_name": p["class_name"]}, None),
    ("bigwrite", "primary", lambda p: {"class_name": p["class_name"]}, None),
    ("pupil", "primary", lambda p: {"pupil_id": p["pupil_id"]}, _pupil_tabs),
    ("meeting", "primary", lambda p: {"pupil_id": p["pupil_id"]}, _meeting_steps),
    ("mentees", "primary", lambda p: {}, None),
    ("monitor", "primary", lambda p: {}, None),
    ("leaders", "primary", lambda p: {}, None),
    ("settings", "primary", lambda p: {}, None),
    ("staff", "primary", lambda p: {}, None),
    ("returns", "secondary", lambda p: {}, None),
    ("review", "secondary", lambda p: {}, None),
    ("targets", "secondary", lambda p: {}, None),
    ("progress", "primary", lambda p: {}, None),
    ("interventions", "primary", lambda p: {}, None),
    ("audit", "primary", lambda p: {}, None),
    ("returns-check", "secondary", lambda p: {}, None),
    ("returns-missing", "secondary", lambda p: {}, None),
    ("referrals", "secondary", lambda p: {}, None),
    ("heads", "secondary", lambda p: {}, None),
]


CELLS_CHECKED = {key for key, *_ in SCREENS}
"""The screens whose tables fit every cell to its column (``cell_fit.cells_cut_unsaid``):
every screen here."""


@pytest.mark.parametrize(("key", "school", "args", "views"), SCREENS, ids=[s[0] for s in SCREENS])
async def test_the_screen_fits_80x24_with_the_longest_names(key, school, args, views, request, tmp_path):
    source, pupil = request.getfixturevalue(school)
    copy = tmp_path / "demo.db"
    copy.write_bytes(source.read_bytes())  # a meeting opened here changes this copy only
    opened = open_database(DbTarget(str(copy)))
    day = PRIMARY_DAY if school == "primary" else SECONDARY_DAY
    app = AmtuiApp(opened, LOGIN, screen=key, screen_args=args(pupil), today=day)
    try:
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await arrived(pilot, key)
            seen = await views(pilot) if views else [await looked(pilot, key)]
            cut = cells_cut_unsaid(app.screen) if key in CELLS_CHECKED else []
    finally:
        opened.db.close()
    problems = [f"{view}: {problem}" for view, lines, footer in seen for problem in misfits(lines) + footer] + cut
    problems += [f"the title line cuts the roles: {seen[0][1][0].rstrip()!r}"] if "…" in seen[0][1][0] else []
    assert len(seen[0][1]) == HEIGHT
    assert not problems, "\n".join(problems) + "\n\n" + "\n".join(seen[-1][1])


@pytest.mark.parametrize("db_engine", ["postgres"])
async def test_the_trust_view_fits_80x24(db_target):
    """The trust view (a trust's server, so Postgres): its lines, its footer and its title."""
    from meeting_pilot import until_text
    from trust_schools import ELM, OAK, READER, as_role, build_trust

    oak, _ = build_trust(db_target)
    opened = as_role(db_target, READER)
    try:
        app = AmtuiApp(opened, READER, today=oak.today)
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await until_text(pilot, "2 schools", OAK, ELM)
            view, lines, footer = await looked(pilot, "trust")
    finally:
        opened.db.close()
    problems = misfits(lines, ()) + footer + (["the title line is cut"] if "…" in lines[0] else [])
    assert not problems, "\n".join(problems) + "\n\n" + "\n".join(lines)

"""Fixtures for Pilot tests: a small school on disk, the app for it, and waiting helpers."""

from __future__ import annotations

import time
import datetime as dt
from collections.abc import Callable

import pytest
from textual import events
from textual.app import App
from textual.css.query import NoMatches
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from textual.worker import WorkerFailed

from amtui.ui.app import AmtuiApp
from built_schools import demo_school, opened_copy
from small_school import LOGIN, SmallSchool, build

SECONDARY_TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor redraws twice a second and makes screens differ run to run."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def school(db_target) -> SmallSchool:
    """The small school, on SQLite or on a PostgreSQL server (the test's ``db_engine``)."""
    made = build(db_target)
    yield made
    made.opened.db.close()


@pytest.fixture
def drive(tmp_path, monkeypatch):
    """A real small drive (tmpfs) to fill up or turn read-only; journals kept off it."""
    from amtui.ui import serial
    from real_drive import RealDrive

    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.2)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    made = RealDrive(tmp_path / "drive")
    made.mount()
    yield made
    made.unmount()


@pytest.fixture(scope="module")
def secondary_demo(tmp_path_factory):
    """The secondary demo (Years 7-11, on 30 November 2026), built once in the run: the test
    module's own copy, open."""
    built, _ = demo_school(tmp_path_factory, SECONDARY_TODAY, secondary=True)
    opened = opened_copy(built, tmp_path_factory.mktemp("secondary"))
    yield opened
    opened.db.close()


@pytest.fixture
def make_app(school) -> Callable[..., AmtuiApp]:
    """Build the app for the small school, as ``login`` (default: the test teacher)."""

    def make(login: str = LOGIN, screen: str | None = None) -> AmtuiApp:
        return AmtuiApp(school.opened, login, screen=screen, today=school.today)

    return make


async def _wait_for_workers(app: App) -> None:
    try:
        await app.workers.wait_for_complete()
    except WorkerFailed:
        pass  # the app reports it through Worker.StateChanged; the tests look for that


def _holds(condition: Callable[[], object]) -> bool:
    """A condition that queries a screen still being composed is simply not true yet."""
    try:
        return bool(condition())
    except NoMatches:
        return False


async def _wait_until(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not _holds(condition):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await _wait_for_workers(pilot.app)
        await pilot.pause(0.02)


def _type_at_once(app: App, keys: list[str]) -> None:
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@pytest.fixture
def type_at_once():
    """``type_at_once(app, keys)``: post every key at once, as a fast typist's keys arrive
    (``pilot.press`` waits for each key to be handled before sending the next)."""
    return _type_at_once


@pytest.fixture
def wait_for_workers():
    """``await wait_for_workers(app)``: every running worker has finished."""
    return _wait_for_workers


@pytest.fixture
def wait_until():
    """``await wait_until(pilot, condition)``: let timers, workers and messages run until
    ``condition()`` holds; fails after 5 seconds."""
    return _wait_until


@pytest.fixture
def text_of():
    """``text_of(widget)``: what a Static or DataTable shows, as plain text."""
    return _text_of


@pytest.fixture
def notifications():
    """``notices = notifications(app)``: (severity, message) of every notification from now on."""

    def record(app: App) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []
        original = app.notify

        def notify(message, *args, severity="information", **kwargs):
            seen.append((severity, str(message)))
            return original(message, *args, severity=severity, **kwargs)

        app.notify = notify  # screens' notify() goes through the app's
        return seen

    return record


def _text_of(widget) -> str:
    """What a Static or DataTable shows, as plain text (rows one per line); "" for None."""
    if widget is None:
        return ""
    if isinstance(widget, DataTable):
        return "\n".join(" | ".join(str(cell) for cell in widget.get_row_at(row))
                         for row in range(widget.row_count))
    if isinstance(widget, Static):
        return str(widget.render())
    raise TypeError(f"no text for {widget!r}")

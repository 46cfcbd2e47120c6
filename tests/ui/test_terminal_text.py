"""What reaches the terminal is clean: a name stored with escape sequences before amtui
refused them is drawn visibly, and a field will not take a control character."""

from __future__ import annotations

from rich.console import Console

from amtui.db.connection import write
from amtui.db.models import Pupil
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.grid.class_grid import ClassGridScreen

HOSTILE = "Adam\x1b]0;owned\x07\x1b[2J"


def sent_to_terminal(app: AmtuiApp) -> str:
    """Everything a full redraw of the screen writes to the terminal, as the driver gets it."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(Console(color_system="truecolor", force_terminal=True, width=80))


async def test_the_grid_sends_no_escape_sequence_from_a_name(school, wait_until):
    write(lambda: Pupil.update(forename=HOSTILE).where(Pupil.id == school.pupils["Adam Ash"]).execute())
    app = AmtuiApp(school.opened, "tester", screen="class_grid",
                   screen_args={"class_name": "4B", "subject": "Reading"}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ClassGridScreen) and app.screen.data)
        await pilot.pause()
        sent = sent_to_terminal(app)
    assert "Adam^[" in sent  # the name is there, its escapes drawn
    assert "\x1b]0;owned" not in sent and "\x07" not in sent
    assert "\x1b[2J" not in sent




async def test_a_field_will_not_take_a_control_character_or_too_much(make_app, wait_until):
    from textual import events
    from textual.widgets import Input

    from amtui.domain.text import limit
    from amtui.ui.screens.pupil.finder import PupilFinderScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(app.screen_stack) > 1)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilFinderScreen))
        field = app.focused
        assert isinstance(field, Input)
        await pilot.press(*"zo")
        for pasted in ("\x1b]0;owned\x07", "e\x1b[2J", "\x00", "\u202e", "\x9b2J"):
            field.post_message(events.Paste(pasted))
            await pilot.pause()
            assert field.value == "zo"
        field.post_message(events.Paste("e" * 1000))  # more than the field holds: refused whole
        await pilot.pause()
        assert field.value == "zo"
        most = limit("search")
        field.post_message(events.Paste("e" * (most - 2)))
        await pilot.pause()
        await pilot.press(*"xyz")  # the field is full: these are not taken
        assert field.value == "zo" + "e" * (most - 2)


def test_every_field_in_the_app_has_the_typing_rules():
    """An Input without them would let a pasted escape sequence reach the screen and the save."""
    import ast
    from pathlib import Path

    import amtui.ui

    missing = []
    for path in Path(amtui.ui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Input":
                spread = [k.value for k in node.keywords if k.arg is None]
                if not any(getattr(getattr(v, "func", None), "id", None) == "typing_rules" for v in spread):
                    missing.append(f"{path.name}:{node.lineno}")
    assert missing == []


async def test_a_note_area_refuses_a_pasted_escape_and_stops_at_its_limit():
    from textual import events
    from textual.app import App

    from amtui.ui.widgets.note_area import NoteArea

    class Notes(App):
        def compose(self):
            yield NoteArea(kind="entry")  # 40 characters, to keep the test short

    app = Notes()
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(NoteArea)
        area.focus()
        await pilot.press(*"ok")
        area.post_message(events.Paste("\x1b]0;owned\x07"))
        await pilot.pause()
        assert area.text == "ok"
        area.post_message(events.Paste("e" * 37))
        await pilot.pause()
        await pilot.press(*"xyz")
        assert area.text == "ok" + "e" * 37 + "x"

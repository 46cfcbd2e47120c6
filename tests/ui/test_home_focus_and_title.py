"""Home's focused panel is told by more than colour (NO_COLOR and 16-colour terminals show
no accent): its title starts with "▶" and its border is double. The title line shows the
person's roles that fit at 80 columns, whole, the rest counted ("+3"); ? lists them all."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import Staff
from amtui.ui.dialogs.keys import KeysScreen
from amtui.ui.screens.home.home import FOCUS_MARK
from meeting_pilot import screen_text
from test_app_shell import SIZE, on_home

ROLES = "Teacher, Mentor, Head of department, Head of year, Senior leadership"


def marked(app) -> list[str]:
    """The ids of home's panels whose title says they have the focus."""
    return [panel.id for panel in app.screen.query_one("#home-panels").children
            if str(panel.border_title).startswith(FOCUS_MARK)]


async def test_homes_focused_panel_has_a_mark_and_a_double_border_that_follow_the_focus(make_app, wait_until):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.pause(0.1)
        first = app.focused.id
        assert first == "classes" and marked(app) == [first]
        lines = screen_text(app).splitlines()
        assert lines[1].startswith(f"╔═ {FOCUS_MARK}My classes ═") and "╭─ My mentees ─" in lines[1]
        await pilot.press("tab")
        await wait_until(pilot, lambda: marked(app) == [app.focused.id] and app.focused.id != first)
        panels = {panel.id: panel for panel in app.screen.query_one("#home-panels").children}
        assert panels[app.focused.id].styles.border_top[0] == "double"
        assert panels[first].styles.border_top[0] == "round"
        assert str(panels[first].border_title) == "My classes"
        assert sum("▶" in line for line in screen_text(app).splitlines()) == 1  # the one panel, by its title


async def test_the_title_line_shows_the_roles_that_fit_and_the_keys_help_all_of_them(make_app, school,
                                                                                       wait_until):
    write(lambda: Staff.update(roles="teacher;mentor;hod;hoy;slt").where(Staff.username == "tester").execute())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: on_home(app))
        await pilot.pause(0.1)
        header = screen_text(app).splitlines()[0]
        assert "…" not in header and app.sub_title in header
        assert app.sub_title == "Tess Tester · Teacher, Mentor +3"
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, KeysScreen))
        await pilot.pause(0.1)
        said = " ".join(line.strip(" │") for line in screen_text(app).splitlines())  # the box's lines
        assert f"You: Tess Tester · {ROLES}" in said
        await pilot.press("escape")
        await pilot.resize_terminal(160, 24)
        await wait_until(pilot, lambda: app.sub_title == f"Tess Tester · {ROLES}")
        assert f"Tess Tester · {ROLES}" in screen_text(app).splitlines()[0]


async def test_under_no_color_the_cursor_of_the_focused_list_is_shown_by_an_attribute(make_app, wait_until,
                                                                                      monkeypatch):
    """NO_COLOR: Textual draws in greys, the cursor a grey background that a terminal showing
    no colour loses; the focused table's cursor row is in reverse video and the menu's
    highlighted entry underlined, as drawn (the lines sent), attributes every terminal
    shows. Without NO_COLOR, colour does it."""
    from textual.widgets import DataTable, OptionList

    def reversed_cursors(app) -> dict[str, bool]:
        classes = app.screen.query_one("#classes", DataTable)
        menu = app.screen.query_one("#menu", OptionList)
        cursor_row = classes.render_line(1)  # under the header: the cursor's row, as drawn
        entry = menu.render_line(0)  # the highlighted entry, as drawn
        return {"table": all(segment.style.reverse for segment in cursor_row if segment.text.strip()),
                "menu": all(segment.style.underline for segment in entry if segment.text.strip())}

    for no_color in (True, False):
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: on_home(app))
            await pilot.pause(0.1)
            assert app.focused.id == "classes"
            table_reversed = reversed_cursors(app)["table"]
            app.screen.query_one("#menu", OptionList).focus()
            await pilot.pause(0.1)
            assert (table_reversed, reversed_cursors(app)["menu"]) == (no_color, no_color), no_color

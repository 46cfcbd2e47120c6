"""Pilot tests at 80x24: a pupil's page opened from the finder, each tab checked against the database."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from amtui.db.models import RecordEvent, Target
from amtui.db.repo import attainment, pupil_history, school as school_repo
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.records import LogEventDialog
from amtui.ui.screens.pupil.page import PupilScreen
from amtui.ui.widgets.entry_grid import EntryGrid
from pupil_extras import add_extras

SIZE = (80, 24)


def rows_of(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell).strip() for cell in table.get_row_at(i)] for i in range(table.row_count)]


def pane_rows(app, pane: str) -> list[list[str]]:
    return rows_of(app, f"#{pane}-pane .pane-table")


async def open_zoe(pilot, app, wait_until):
    await wait_until(pilot, lambda: app.session is not None and app.screen.query("#classes"))
    await pilot.press("f", *"zoe")
    await wait_until(pilot, lambda: app.screen.query_one("#results", DataTable).row_count == 1)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)


async def test_every_tab_of_zoes_file_matches_the_database(make_app, school, wait_until, text_of):
    extras = add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    ht4 = school_repo.half_term(school.start_year, 4)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_zoe(pilot, app, wait_until)
        screen = app.screen
        assert "Zoë O'Neill · 4B · Year 4 · UPN X011000000001" in text_of(screen.query_one("#pupil-head"))

        # Attainment: one row per subject, as the repository works it out.
        subjects = attainment.attainment(zoe, ht4)
        table = rows_of(app, "#subjects")
        assert [row[0] for row in table] == [s.subject for s in subjects] == ["Reading", "Writing", "Maths"]
        for row, subject in zip(table, subjects):
            assert row[2:6] == [f"{s.short} {s.status.letter}".strip() if s.status else s.short
                                for s in subject.standings]
        assert table[0][-1] == "A Above" and table[2][-1] == "B Not achieving" and table[1][-1] == "-"
        chart = text_of(screen.query_one("#steps-chart"))
        assert "target" in chart and chart.splitlines()[-1].split() == ["Bl", "1", "2", "3", "4", "5", "6"]

        # Tracking sheet: the paper sheet, totals under the columns.
        await pilot.press("2")
        grid = screen.query_one("#sheet-grid", EntryGrid)
        await wait_until(pilot, lambda: grid.size.height > 0)
        assert "Reading, stage 2: 30 criteria, HT1-HT4" in text_of(screen.query_one("#sheet-title"))
        assert grid.text_line(0).split()[-6:] == ["HT1", "HT2", "HT3", "HT4", "HT5", "HT6"]
        assert grid.text_line(1).split()[:2] == ["1", "R2/1"] and grid.text_line(1).split()[-4:] == ["X"] * 4
        footer = grid.size.height - 2
        assert grid.text_line(footer).split() == ["Crosses", "(X)", "14", "14", "14", "14"]
        assert grid.text_line(footer + 1).split() == ["Sub-stage", "2Dm", "2Dm", "2Dm", "2Dm"]
        await pilot.press(*["down"] * 14)  # R2/15: a cross, then a line
        history = attainment.criterion_history(zoe, extras.reading_criteria[14])
        await wait_until(pilot, lambda: "by Tess Tester" in text_of(screen.query_one("#sheet-detail")))
        assert f"{history[0].half_term}: / by Tess Tester" in text_of(screen.query_one("#sheet-detail"))
        await pilot.press("right_square_bracket")
        assert "Writing, stage 2: 24 criteria" in text_of(screen.query_one("#sheet-title"))

        # Targets: R2/1's criterion is X, so opening the file wrote it down as achieved.
        await pilot.press("3")
        assert Target.get_by_id(extras.targets["R2/1"]).status == "achieved"
        assert [row[:2] for row in rows_of(app, "#long-term")] == [
            ["Reading", "St 1 Securing"], ["Writing", "-"], ["Maths", "St 4 Ready"]]
        others = rows_of(app, "#other-targets")
        assert [row[:2] for row in others][:4] == [["Medium", "open"]] * 3 + [["Medium", "done"]]
        assert others[3][2].startswith("R2/1 ") and others[-1][0] == "Attitude"
        assert "set to St 1 Securing" in text_of(screen.query_one("#target-history"))

        # Weekly tests and Big Write: nothing yet for Zoë.
        await pilot.press("4")
        assert text_of(screen.query_one("#weekly-pane .pane-summary")) == "No weekly basic skills tests yet."
        await pilot.press("5")
        assert "No Big Write ratings yet" in text_of(screen.query_one("#bigwrite-pane .pane-summary"))

        # Attitude: last year in one column, then HT1-HT6.
        await pilot.press("6")
        attitude = {row[0]: row[1:] for row in pane_rows(app, "attitude")}
        assert attitude["Attendance"][:4] == ["96.8% G", "97% G", "93.5% Y", "88% R"]
        assert attitude["Homework"][:5] == ["G", "G", "R", "R", "-"]

        # Interventions, meetings and the audit trail.
        await pilot.press("7")
        assert pane_rows(app, "interventions")[0][:2] == ["Grammar Hammer", "Writing"]
        assert pane_rows(app, "interventions")[0][3] == "current"
        await pilot.press("9")
        meetings = pupil_history.pupil_meetings(zoe)
        assert pane_rows(app, "meetings")[0][1:4] == [meetings[0].mentor, "done", "20"]
        await pilot.press("0")
        assert [row[2] for row in pane_rows(app, "audit")] == ["target.achieved"]


async def test_log_a_certificate_from_the_rewards_tab(make_app, school, wait_until, text_of):
    add_extras(school)
    zoe = school.pupils["Zoë O'Neill"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_zoe(pilot, app, wait_until)
        await pilot.press("8")
        assert pane_rows(app, "events")[0][1:3] == ["reward", "Star of the week"]
        await pilot.press("l")
        assert isinstance(app.screen, LogEventDialog)
        await pilot.press("down", "enter")  # certificate
        assert isinstance(app.focused, Input)
        await pilot.press(*"Reading [b]champion[/b]", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen)
                         and len(pane_rows(app, "events")) == 2)
        row = RecordEvent.select().where(RecordEvent.pupil == zoe).order_by(RecordEvent.id.desc()).first()
        assert (row.kind, row.text, row.staff_id) == ("certificate", "Reading [b]champion[/b]", school.staff["tester"])
        assert pane_rows(app, "events")[0][1:3] == ["certificate", "Reading [b]champion[/b]"]
        assert "Certificates 1" in text_of(app.screen.query_one("#events-pane .pane-summary"))


async def test_an_empty_log_is_refused_in_the_dialog(make_app, school, wait_until, text_of):
    app = AmtuiApp(school.opened, "tester", screen="pupil", screen_args={"pupil_id": school.pupils["Adam Ash"]},
                   today=school.today)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file is not None)
        await pilot.press("l", "enter", "enter")
        await wait_until(pilot, lambda: "Not saved" in text_of(app.screen.query_one("#dialog-error")))
        assert "Say what the reward is for." in text_of(app.screen.query_one("#dialog-error"))
        assert RecordEvent.select().count() == 0
        await pilot.press("escape")
        assert isinstance(app.screen, PupilScreen)


async def test_a_file_that_cannot_be_read_says_why_in_its_heading_once(make_app, school, monkeypatch, wait_until,
                                                                       text_of, notifications):
    from amtui.db.connection import DatabaseUnavailable
    from amtui.ui.screens.pupil import page

    def away(*args, **kwargs):
        raise DatabaseUnavailable("The database cannot be reached: the network drive has gone away.")

    monkeypatch.setattr(page, "load_pupil_file", away)
    zoe = school.pupils["Zoë O'Neill"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.session is not None and app.screen.query("#classes"))
        notes = notifications(app)
        app.open_screen("pupil", pupil_id=zoe)
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen))
        await app.screen.db.idle()
        assert "the network drive has gone away" in text_of(app.screen.query_one("#pupil-head"))
        assert notes == [("error", "The database cannot be reached: the network drive has gone away.")]

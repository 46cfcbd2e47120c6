"""The secondary school's lists at 80x24 with the demo's full lists (77 Year 11 pupils
causing concern, 180 returns to check): what follows a long list (the highlighted
pupil's line, the second list and its title) stays on screen above the footer, the
highlighted row is never hidden under the footer, and the head of department's check
shows each pupil's check whole. Checked on the screen and against the database."""

from __future__ import annotations

from textual.widgets import DataTable, Footer

from amtui.db.connection import write
from amtui.db.models import ProgressReturn, Pupil, Referral, Staff
from amtui.ui.app import AmtuiApp
from amtui.ui.screens.programme.heads import HeadsScreen
from amtui.ui.screens.programme.referrals import ReferralsScreen
from amtui.ui.screens.programme.review import AmtReviewScreen
from amtui.ui.screens.returns.check import ReturnsCheckScreen
from tests.ui.conftest import SECONDARY_TODAY
from meeting_pilot import screen_text


def me() -> Staff:
    return Staff.get(Staff.name == "You (demo)")  # the demo's builder: a teacher, mentor, SLT and admin


def app_on(demo, screen: str) -> AmtuiApp:
    return AmtuiApp(demo, me().username, screen=screen, today=SECONDARY_TODAY)


def shown_whole(screen, selector: str) -> bool:
    """The widget is on screen, wholly above the footer."""
    region, footer = screen.query_one(selector).region, screen.query_one(Footer).region
    return region.height > 0 and region.bottom <= footer.y


async def test_the_review_keeps_the_highlighted_pupil_and_their_line_on_screen(secondary_demo, wait_until):
    app = app_on(secondary_demo, "review")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen) and app.screen.rows, timeout=15)
        screen = app.screen
        assert len(screen.rows) > 24 * 2  # far more than the screen holds
        await pilot.press("end")
        await pilot.pause()
        last = list(screen.rows.values())[-1]
        assert shown_whole(screen, "#review-table") and shown_whole(screen, "#review-detail")
        assert f"{last.name} (Y{last.year_group}, {last.upn})" in screen_text(app)  # the row the keys act on


async def test_the_heads_view_shows_the_departments_list_under_the_years(secondary_demo, wait_until):
    app = app_on(secondary_demo, "heads")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HeadsScreen) and app.screen.concerns, timeout=15)
        screen = app.screen
        assert len(screen.concerns) > 24  # more than the screen holds
        for selector in ("#year-table", "#year-detail", "#dept-head", "#dept-table"):
            assert shown_whole(screen, selector), selector
        assert screen.query_one("#dept-table", DataTable).region.height >= 4  # some of its pupils, not a sliver
        assert "below target in" in screen_text(app)


async def test_referrals_made_stay_on_screen_under_many_that_reached_you(secondary_demo, wait_until):
    def refer_thirty() -> None:
        head = Staff.get(Staff.username != me().username)
        for pupil in Pupil.select().where(Pupil.year_group == 8).limit(30):
            Referral.create(pupil=pupil, referred_by=head, referred_to=me(), reason="Worried about homework")

    write(refer_thirty)
    app = app_on(secondary_demo, "referrals")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen) and len(app.screen.to_me) >= 30)
        assert shown_whole(app.screen, "#mine-head") and shown_whole(app.screen, "#mine")
        assert "Referrals you made:" in screen_text(app)


async def test_the_check_shows_every_pupils_check_whole_at_80_columns(secondary_demo, wait_until):
    app = app_on(secondary_demo, "returns-check")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReturnsCheckScreen) and app.screen.rows, timeout=15)
        screen = app.screen
        lines = [line.rstrip(" ▁▂▃▄▅▆▇█▎▊▋▌▍▏") for line in screen_text(app).splitlines()]
        assert next(line for line in lines if "Pupil" in line).endswith("Check")
        window, subject_id, _ = screen.choices[screen.index]
        for row in screen.rows[:15]:  # those on screen
            made = ProgressReturn.get_or_none(window=window.id, pupil=row.expected.pupil_id, subject=subject_id)
            check = ("missing" if made is None or not made.projected else "QUERIED" if made.query
                     else "approved" if made.checked_at else "to check")
            line = next(line for line in lines if line.startswith(f" {row.expected.name[:15]}"))
            assert line.endswith(f" {check}"), (check, line)


async def test_missing_returns_show_the_highlighted_groups_pupils_whole(secondary_demo, wait_until):
    # The Pupils column ran off the screen at 80 columns ("Ava Clarke; Daisy T"): whom to chase.
    from amtui.db.repo import returns_read
    from amtui.ui.screens.returns.missing import ReturnsMissingScreen

    (window,) = returns_read.current_windows(2026, SECONDARY_TODAY)
    missing = returns_read.missing(window, 2026, SECONDARY_TODAY)
    rows = list(dict.fromkeys((e.subject, e.teacher, e.group) for e in missing))  # as the screen lists them
    app = app_on(secondary_demo, "returns-missing")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReturnsMissingScreen)
                         and app.screen.query_one("#missing-table", DataTable).row_count)
        for row in rows[:2]:
            await pilot.pause()
            text = "".join(screen_text(app).split())  # a name may wrap at the end of a line
            names = [e.name for e in missing if (e.subject, e.teacher, e.group) == row]
            assert names and all("".join(name.split()) in text for name in names), (row, names)
            await pilot.press("down")

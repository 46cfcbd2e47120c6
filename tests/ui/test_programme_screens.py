"""The AMT's review and a referral from start to end, at 80x24, checked on screen and in
the database."""

from __future__ import annotations

import pytest

from amtui.db.connection import read
from amtui.db.models import MentorAssignment, ProgrammeMembership, Referral
from amtui.ui.app import AmtuiApp
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.programme.referrals import ReferDialog, ReferralsScreen
from amtui.ui.screens.programme.review import AmtReviewScreen
from tests import programme_school as ps


@pytest.fixture
def school(db_target):
    made = ps.build(db_target)
    yield made
    made.opened.db.close()


def app_for(school, login: str, screen: str) -> AmtuiApp:
    return AmtuiApp(school.opened, login, screen=screen, today=school.today)


def rows(text: str) -> list[list[str]]:
    return [line.split(" | ") for line in text.splitlines()]


async def test_the_review_lists_concerns_and_p_puts_a_pupil_on_the_programme(school, wait_until, text_of):
    app = app_for(school, ps.AMT_LOGIN, "review")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen) and app.screen.rows, timeout=15)
        shown = rows(text_of(app.screen.query_one("#review-table")))
        assert [r[:3] for r in shown] == [["Eve Elm", "9", "4"], ["Dee Dale", "10", "3"], ["Amy Ash", "11", "3"]]
        assert "Pupils causing concern: 3 (3 undecided)" in text_of(app.screen.query_one("#review-head"))
        await pilot.press("down", "down")
        assert "below: English, Maths, Science" in text_of(app.screen.query_one("#review-detail"))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")  # the first mentor listed
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen)
                         and "2 undecided" in text_of(app.screen.query_one("#review-head")))
        amy = school.pupils["Amy Ash"]
        row = read(lambda: ProgrammeMembership.get(ProgrammeMembership.pupil == amy))
        assert (row.kind, row.join_reason, row.left) == ("programme", "3 subjects below target", None)
        mentor = read(lambda: MentorAssignment.get((MentorAssignment.pupil == amy)
                                                   & MentorAssignment.end.is_null()).mentor.name)
        now = f"Mentor {mentor}"  # within its 12 columns, a longer one ending "…"; whole below the table
        assert rows(text_of(app.screen.query_one("#review-table")))[2][4] == (now if len(now) <= 12 else now[:11] + "…")
        assert f"mentor: {mentor}" in text_of(app.screen.query_one("#review-detail"))
        await pilot.press("up", "y")  # Dee: HoY monitoring
        await wait_until(pilot, lambda: "1 undecided" in text_of(app.screen.query_one("#review-head")))
        dee = read(lambda: ProgrammeMembership.get(ProgrammeMembership.pupil == school.pupils["Dee Dale"]).kind)
        assert dee == "hoy"


async def test_a_teacher_is_refused_on_the_review(school, wait_until, text_of, notifications):
    app = app_for(school, ps.TEACHER_LOGIN, "review")
    async with app.run_test(size=(80, 24)) as pilot:
        notices = notifications(app)
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen) and app.screen.rows, timeout=15)
        await pilot.press("y")
        await wait_until(pilot, lambda: any("Only" in text for _, text in notices))
    assert read(lambda: ProgrammeMembership.select().count()) == 0


async def test_a_list_that_cannot_be_read_says_why_and_r_reads_it_once_it_can(school, monkeypatch, wait_until,
                                                                            text_of, notifications):
    from amtui.db.connection import DatabaseUnavailable
    from amtui.ui.screens.programme import review

    real, away = review.load, [True]

    def load(*args):
        if away[0]:
            raise DatabaseUnavailable("The database cannot be reached: the network drive has gone away.")
        return real(*args)

    monkeypatch.setattr(review, "load", load)
    app = app_for(school, ps.AMT_LOGIN, "review")
    async with app.run_test(size=(80, 24)) as pilot:
        notices = notifications(app)
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen)
                         and "gone away" in text_of(app.screen.query_one("#review-head")), timeout=15)
        await app.screen.db.idle()
        assert notices == [("error", "The database cannot be reached: the network drive has gone away.")]
        assert not app.screen.rows
        away[0] = False
        await pilot.press("r")
        await app.screen.db.idle()
        assert "Pupils causing concern: 3 (3 undecided)" in text_of(app.screen.query_one("#review-head"))
        assert len(app.screen.rows) == 3 and len(notices) == 1


async def test_a_referral_from_start_to_end(school, wait_until, text_of):
    # A teacher refers Ben (his mentor is Meg Mentor) from the referrals screen.
    app = app_for(school, ps.TEACHER_LOGIN, "referrals")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen)
                         and "Referrals you made: 0" in text_of(app.screen.query_one("#mine-head")))
        await pilot.press("n")
        await pilot.press(*"birch", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReferDialog))
        await pilot.press(*"Homework missing", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen)
                         and "Referrals you made: 1" in text_of(app.screen.query_one("#mine-head")))
        assert rows(text_of(app.screen.query_one("#mine")))[0][-1] == "open"
    made = read(lambda: Referral.get())
    assert (made.pupil_id, made.referred_to_id, made.reason) == (
        school.pupils["Ben Birch"], school.staff[ps.MENTOR_LOGIN], "Homework missing")

    # The mentor's home screen shows it; they accept it, keeping themselves as mentor.
    app = app_for(school, ps.MENTOR_LOGIN, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "1 referral" in text_of(app.screen.query_one("#referrals-note")))
        app.open_screen("referrals")
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.to_me)
        assert rows(text_of(app.screen.query_one("#to-me")))[0][:3] == ["Ben Birch", "11", "Homework missing"]
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")  # keep their mentor
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen)
                         and "open: 0" in text_of(app.screen.query_one("#to-me-head")))
    assert read(lambda: Referral.get_by_id(made.id).status) == "accepted"
    assert read(lambda: ProgrammeMembership.get(ProgrammeMembership.pupil == made.pupil_id).join_reason) == (
        "referred: Homework missing")

    # The referrer sees what became of it.
    app = app_for(school, ps.TEACHER_LOGIN, "referrals")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.mine)
        assert rows(text_of(app.screen.query_one("#mine")))[0][-1] == "accepted onto the programme"


async def test_accepting_a_referral_for_a_pupil_with_no_mentor_offers_only_mentors_to_pick(school, wait_until,
                                                                                            text_of):
    # Amy has no mentor: the referral reaches her head of year, who may not "keep" a mentor
    # she does not have (the first choice was once that, and refused); Ben keeps his, named.
    from amtui.db.repo import referrals
    from amtui.db.repo.staff import identify

    teacher = identify(ps.TEACHER_LOGIN)
    amy = referrals.refer(teacher, school.pupils["Amy Ash"], "Coursework not handed in")
    ben = referrals.refer(teacher, school.pupils["Ben Birch"], "Homework missing")
    app = app_for(school, ps.HOY_LOGIN, "referrals")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.to_me)
        assert [r[0] for r in rows(text_of(app.screen.query_one("#to-me")))] == ["Amy Ash"]
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        offered = [label for _, label in app.screen.choices]
        assert not any("Keep" in label for label in offered) and offered[0] == "Hana Head"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen)
                         and "open: 0" in text_of(app.screen.query_one("#to-me-head")))
    assert read(lambda: Referral.get_by_id(amy.id).status) == "accepted"
    mentor = read(lambda: MentorAssignment.get((MentorAssignment.pupil == school.pupils["Amy Ash"])
                                               & MentorAssignment.end.is_null()).mentor_id)
    assert mentor == school.staff["head"]

    app = app_for(school, ps.MENTOR_LOGIN, "referrals")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ReferralsScreen) and app.screen.to_me)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        assert app.screen.choices[0][1] == "Keep their mentor, Meg Mentor"
    assert read(lambda: Referral.get_by_id(ben.id).status) == "open"


async def test_c_on_the_pupils_file_refers_them(school, wait_until, text_of):
    ben = school.pupils["Ben Birch"]
    app = AmtuiApp(school.opened, ps.TEACHER_LOGIN, screen="pupil", screen_args={"pupil_id": ben}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "file", None) is not None, timeout=15)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ReferDialog))
        await pilot.press("enter")  # no reason: refused, the dialog stays
        await wait_until(pilot, lambda: "Say why" in text_of(app.screen.query_one("#refer-error")))
        await pilot.press(*"Upset after PE", "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReferDialog))
    row = read(lambda: Referral.get())
    assert (row.pupil_id, row.referred_to_id, row.reason) == (ben, school.staff[ps.MENTOR_LOGIN], "Upset after PE")


async def test_the_head_of_year_arranges_an_interview_and_records_its_outcome(school, wait_until, text_of):
    from amtui.db.models import ParentalInterview
    from amtui.ui.dialogs.ask import LineDialog
    from amtui.ui.screens.programme.heads import HeadsScreen

    app = AmtuiApp(school.opened, ps.HOY_LOGIN, screen="heads", today=school.today,
                   screen_args={"subject_id": school.subjects["Maths"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HeadsScreen) and app.screen.concerns, timeout=15)
        assert "Year 11: 1 causing concern" in text_of(app.screen.query_one("#year-head"))
        assert rows(text_of(app.screen.query_one("#year-table"))) == [
            ["Amy Ash", "3", "3 subjects below target", "-"]]
        # Maths: Amy (4 against 6) and Ben (5 against 6) are below, Cal (6) is not.
        assert rows(text_of(app.screen.query_one("#dept-table"))) == [
            ["11X/Ma1", "Amy Ash", "4", "6"], ["11X/Ma1", "Ben Birch", "5", "6"]]
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, LineDialog))
        await pilot.press(*"03/12/2030", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LineDialog) and "with whom" in text_of(
            app.screen.query_one(".dialog-note")))
        await pilot.press(*"Mrs Ash", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HeadsScreen) and "with Mrs Ash" in text_of(
            app.screen.query_one("#year-table")))
        assert "3 subjects below target · interview 03/12 with Mrs Ash" in text_of(app.screen.query_one("#year-detail"))
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, LineDialog))
        await pilot.press(*"Homework club agreed", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HeadsScreen) and "Homework club agreed" in text_of(
            app.screen.query_one("#year-detail")))  # whole below the table, whose column ends it "…"
        assert rows(text_of(app.screen.query_one("#year-table")))[0][3] == "03/12 with Mrs Ash:…"
    row = read(lambda: ParentalInterview.get())
    assert (row.pupil_id, str(row.arranged_on), row.with_whom, row.outcome) == (
        school.pupils["Amy Ash"], "2030-12-03", "Mrs Ash", "Homework club agreed")


async def test_o_takes_a_pupil_off_the_programme_with_why_and_the_history_keeps_it(school, wait_until, text_of):
    from amtui.ui.dialogs.ask import LineDialog

    app = app_for(school, ps.AMT_LOGIN, "review")
    amy = school.pupils["Amy Ash"]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen) and app.screen.rows, timeout=15)
        await pilot.press("down", "down", "o")  # not on the programme yet: nothing opens
        assert isinstance(app.screen, AmtReviewScreen)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen)
                         and "2 undecided" in text_of(app.screen.query_one("#review-head")))
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, LineDialog))
        await pilot.press(*"Back on target", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AmtReviewScreen)
                         and "3 undecided" in text_of(app.screen.query_one("#review-head")))
        row = read(lambda: ProgrammeMembership.get(ProgrammeMembership.pupil == amy))
        assert (row.left, row.leave_reason) == (school.today, "Back on target")
        assert not rows(text_of(app.screen.query_one("#review-table")))[2][4].startswith("Mentor")


async def test_the_pupils_file_shows_their_programme_history_joined_and_left_with_why(school, wait_until, text_of):
    import datetime as dt

    from amtui.db.repo import programme
    from amtui.db.repo.staff import identify
    from amtui.domain.programme import Kind
    from amtui.ui.screens.pupil.page import PupilScreen

    amy, amt = school.pupils["Amy Ash"], identify(ps.AMT_LOGIN)
    joined = school.today - dt.timedelta(days=14)
    programme.put_on(amt, amy, Kind.HOY, "3 subjects below target", joined)
    programme.take_off(amt, programme.open_membership(amy, Kind.HOY, school.today), "Back on target", school.today)
    app = AmtuiApp(school.opened, ps.AMT_LOGIN, screen="pupil", screen_args={"pupil_id": amy}, today=school.today)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, PupilScreen) and app.screen.file)
        app.screen.action_tab("meetings")
        await pilot.pause()
        summary = text_of(app.screen.query_one("#meetings-pane .pane-summary"))
        assert (f"HoY monitoring: joined {joined:%d %b %Y} (3 subjects below target), "
                f"left {school.today:%d %b %Y} (Back on target)") in " ".join(summary.split())

"""The queries behind the finder, the pupil summary and the home screen."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import Pupil
from amtui.db.repo import home, pupils
from amtui.db.repo.pupils import PupilNotFound, fold, search_pupils
from amtui.db.repo.school import half_term
from amtui.db.repo.staff import identify


def names(hits) -> list[str]:
    return [hit.name for hit in hits]


def test_fold_ignores_case_accents_and_apostrophes():
    assert fold("Zoë O’Neill") == fold("ZOE O'NEILL") == "zoe oneill"


@pytest.mark.parametrize("text", ["zoe", "ZOË", "o'neill", "oneill", "zoe o'n", "Neil", "  zoë   oneill "])
def test_search_finds_zoe_by_any_part_of_her_name(school, text):
    assert names(search_pupils(text)) == ["Zoë O'Neill"]


def test_search_leaves_out_leavers_unless_asked(school):
    assert names(search_pupils("zoe", include_leavers=True)) == ["Zoey Left", "Zoë O'Neill"]
    assert search_pupils("left") == []
    assert search_pupils("left", include_leavers=True)[0].flags == "left"


def test_search_by_upn_prefix_and_within_a_class(school):
    assert names(search_pupils("b2000")) == ["Ella Evans", "Finn Ford", "Grace Green", "Harry Hill"]
    assert search_pupils("x011000000001")[0].flags == "SEN K EAL"
    assert names(search_pupils("", class_id=school.classes["6R"])) == [
        "Ella Evans", "Finn Ford", "Grace Green", "Harry Hill"]
    assert names(search_pupils("e", class_id=school.classes["6R"])) == [
        "Ella Evans", "Grace Green"]  # names starting with "e" first, then any containing it
    assert search_pupils("   ") == []


def test_search_puts_name_starts_first_and_keeps_to_the_limit(school):
    # "ll" starts no name part: every match is inside a name, so by surname.
    assert names(search_pupils("ll")) == ["Bella Brown", "Callum Cole", "Ella Evans", "Harry Hill",
                                          "Zoë O'Neill"]
    assert names(search_pupils("h"))[:1] == ["Harry Hill"]  # starts a name, so before Ash, Ella...
    assert names(search_pupils("e"))[0] == "Ella Evans"
    assert len(search_pupils("e", limit=3)) == 3


def test_summary_of_zoe(school):
    summary = pupils.pupil_summary(school.pupils["Zoë O'Neill"], school.today)
    assert summary.mentor == "Tess Tester"
    assert summary.dob == dt.date(school.start_year - 8, 5, 3)
    assert summary.half_term.number == 4
    assert summary.meeting.due == half_term(school.start_year, 4).end
    assert summary.meeting.due_now and not summary.meeting.overdue
    rows = {row.subject: row for row in summary.subjects}
    assert set(rows) == {"Maths", "Reading"}  # Writing has a baseline but no working stage
    assert (rows["Reading"].crosses, rows["Reading"].substage.label, rows["Reading"].position) == (
        14, "St 2 Developing", "mid")
    assert rows["Reading"].status.letter == "A" and rows["Maths"].status.letter == "B"


def test_summary_of_a_missing_pupil_says_so(school):
    with pytest.raises(PupilNotFound, match="no pupil with id 999"):
        pupils.pupil_summary(999, school.today)


def test_home_data_for_the_teacher(school):
    data = home.home_data(identify("tester"), school.today)
    assert [(c.name, c.pupils, c.share.text) for c in data.classes] == [("4B", 5, "67% (2/3)")]
    assert [(m.name, m.meeting.short) for m in data.mentees][0] == ("Adam Ash", "! overdue")
    assert data.school.pupils == 9
    assert dict(data.school.subjects)["Reading"].text == "67% (2/3)"
    assert data.school.meetings_overdue == 2
    assert data.school.promotions_due == 1


def test_home_class_sizes_and_search_by_class_are_the_classes_on_the_apps_day(school):
    """A pupil who moved the day before the app's today is counted in the new class only."""
    from amtui.db.models import Staff
    from amtui.db.repo import membership

    write(lambda: Staff.create(username="admin", name="Ann Admin", roles="admin"))
    admin, yesterday = identify("admin"), school.today - dt.timedelta(days=1)
    membership.move_pupil(admin, "D011000000005", "4B", half_term(school.start_year, 1).start)
    membership.move_pupil(admin, "D011000000005", "6R", yesterday)
    data = home.home_data(identify("tester", school.today), school.today)
    assert [(c.name, c.pupils) for c in data.classes] == [("4B", 4)]
    before = home.home_data(identify("tester", yesterday - dt.timedelta(days=1)), yesterday - dt.timedelta(days=1))
    assert [(c.name, c.pupils) for c in before.classes] == [("4B", 5)]
    four_b = school.classes["4B"]  # and the finder within a class lists the same pupils
    assert "Dara Doyle" not in names(search_pupils("", class_id=four_b, today=school.today))
    assert "Dara Doyle" in names(search_pupils("", class_id=school.classes["6R"], today=school.today))
    assert "Dara Doyle" in names(search_pupils("", class_id=four_b, today=yesterday - dt.timedelta(days=1)))


def test_a_leaver_mentee_drops_off_the_home_screen(school):
    write(lambda: Pupil.update(left_on=school.today).where(Pupil.id == school.pupils["Adam Ash"]).execute())
    data = home.home_data(identify("tester"), school.today)
    assert [m.name for m in data.mentees] == ["Callum Cole", "Zoë O'Neill"]
    assert data.school.meetings_overdue == 1

"""The trust view's sums, each worked out by hand on two small schools."""

from __future__ import annotations

from amtui.domain.groups import PupilFacts
from amtui.domain.monitoring import MentorFigures, StatusShares
from amtui.domain.scale import default_scale
from amtui.domain.targets import Status
from amtui.domain.trust_view import (
    Meetings, SchoolFigures, YearSubjectShares, choices, combined, meetings, row, rows, widest_gap,
)

S = default_scale()
A, O, N, B = Status.ABOVE, Status.ON_TARGET, Status.NEARLY, Status.NOT_ACHIEVING
NO_SHARES = StatusShares((0, 0, 0, 0))


def pupil(pid, status, *, pp=False, sen="N", gender="F", year=5) -> PupilFacts:
    return PupilFacts(pid, gender, sen, pp, False, year, "5A", S.parse("St 3 Ready"), S.parse("St 3 Emerging"),
                      status)


def mentor(done, due, overdue) -> MentorFigures:
    return MentorFigures(1, "Ms Oak", 10, done, due, overdue, (), NO_SHARES)


def test_meetings_sum_the_mentors_held_and_owed():
    found = meetings([mentor(3, 2, 1), mentor(4, 0, 5), mentor(0, 0, 0)])
    assert found == Meetings(done=7, owed=8, overdue=6)
    assert found.due == 15 and found.text == "7/15"
    assert meetings([]).text == "0/0"


SHARES = (
    YearSubjectShares(5, "Maths", StatusShares((1, 2, 3, 4))),
    YearSubjectShares(5, "Maths", StatusShares((1, 0, 0, 0))),  # a second class of Year 5
    YearSubjectShares(5, "Reading", StatusShares((0, 5, 0, 0))),
    YearSubjectShares(6, "Maths", StatusShares((2, 2, 0, 1))),
)


def test_shares_are_summed_over_the_classes_of_the_year_and_subject_chosen():
    assert combined(SHARES).counts == (4, 9, 3, 5)
    assert combined(SHARES, 5).counts == (2, 7, 3, 4)
    assert combined(SHARES, subject="Maths").counts == (4, 4, 3, 5)
    assert combined(SHARES, 5, "Maths").counts == (2, 2, 3, 4)
    assert combined(SHARES, 6, "Maths").percent(A) == 40  # 2 of 5
    assert combined(SHARES, 4).total == 0 and combined(SHARES, 4).percent(A) is None


# Maths: 6 pupil premium pupils, 1 of them on target (17%); 6 others, all on target (100%):
# the pupil premium gap is -83. Girls 6 (4 on: 67%), boys 6 (3 on: 50%): +17 and -17.
MATHS = tuple([pupil(i, O if i == 1 else B, pp=True, gender="F" if i <= 3 else "M") for i in range(1, 7)]
              + [pupil(i, O, gender="F" if i <= 9 else "M") for i in range(7, 13)])
# Reading: 5 pupils with SEN support all Not achieving (0%), 5 others Above (100%): -100, but
# only in Year 6; Year 5 has 3 and 3, too small to read.
READING = tuple([pupil(i, B, sen="K", year=6) for i in range(1, 6)] + [pupil(i, A, year=6) for i in range(6, 11)]
                + [pupil(i, B, sen="K") for i in range(11, 14)] + [pupil(i, A) for i in range(14, 17)])


def test_the_widest_readable_gap_is_found_over_subjects_and_splits():
    gap = widest_gap([("Maths", MATHS)])
    assert (gap.subject, gap.split, gap.group, gap.points, gap.pupils, gap.others) == (
        "Maths", "pp", "Pupil premium", -83, 6, 6)
    assert gap.text == "Pupil premium -83 (Maths)" and gap.title == "Pupil premium"
    # Reading's SEN support group is 8 pupils (0%) against 8 others (100%): -100, wider.
    gap = widest_gap([("Maths", MATHS), ("Reading", READING)])
    assert (gap.subject, gap.group, gap.points) == ("Reading", "SEN support", -100)


def test_a_year_group_keeps_its_own_pupils_and_small_groups_are_not_read():
    assert widest_gap([("Reading", READING)], year_group=6).points == -100
    assert widest_gap([("Reading", READING)], year_group=5) is None  # 3 and 3: too small
    assert widest_gap([("Reading", READING)], year_group=4) is None
    assert widest_gap([]) is None


def school(sid, name, shares, standings) -> SchoolFigures:
    return SchoolFigures(sid, name, "HT2 Autumn 2", 120, shares, Meetings(5, 3, 1), standings)


def test_a_row_per_school_for_the_year_and_subject_chosen():
    oak = school(1, "Oak", SHARES, (("Maths", MATHS), ("Reading", READING)))
    elm = school(2, "Elm", (YearSubjectShares(5, "Writing", StatusShares((0, 0, 1, 1))),), (("Writing", ()),))
    found = rows([oak, elm])
    assert [(r.name, r.shares.counts, r.gap.points if r.gap else None) for r in found] == [
        ("Oak", (4, 9, 3, 5), -100), ("Elm", (0, 0, 1, 1), None)]
    maths = row(oak, subject="Maths")
    assert maths.shares.counts == (4, 4, 3, 5) and maths.gap.group == "Pupil premium"
    assert maths.meetings.text == "5/8" and maths.pupils == 120 and maths.half_term == "HT2 Autumn 2"
    assert row(oak, 6, "Reading").shares.total == 0 and row(oak, 6, "Reading").gap.points == -100
    assert choices([oak, elm]) == ([5, 6], ["Maths", "Reading", "Writing"])

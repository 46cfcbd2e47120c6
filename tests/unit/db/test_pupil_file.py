"""A pupil's file from the database: attainment through the year, tracking sheets, histories."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.connection import write
from amtui.db.models import AuditEntry, CriterionMark, Target
from amtui.db.repo import attainment, events, pupil_history, school, staff
from amtui.db.repo.pupil_file import load_pupil_file
from amtui.db.repo.marks import CodeChange, save_codes
from amtui.domain.codes import Code
from amtui.domain.errors import UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.targets import Status
from pupil_school import build


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    yield school_, extras
    school_.opened.db.close()


def ht(made_school, number: int):
    return school.half_term(made_school.start_year, number)


def test_attainment_through_the_year_with_expected_line_and_status(made):
    made_school, _ = made
    zoe = made_school.pupils["Zoë O'Neill"]
    subjects = {s.subject: s for s in attainment.attainment(zoe, ht(made_school, 4))}
    assert list(subjects) == ["Reading", "Writing", "Maths"]  # by subject id
    reading = subjects["Reading"]
    assert [s.short for s in reading.standings] == ["2Dm"] * 4  # 14 crosses at every half-term so far
    # St 1 Ready -> St 1 Securing: expected 1R, 1E, 1E, 1D; St 2 Developing is above all of them.
    assert [s.expected.short for s in reading.standings] == ["1R", "1E", "1E", "1D"]
    assert {s.status for s in reading.standings} == {Status.ABOVE}
    assert reading.fft.label == "St 1 Developing" and reading.now.placement.crosses == 14
    maths = subjects["Maths"]
    assert maths.now.text == "St 2 Emerging (low)" and maths.now.status is Status.NOT_ACHIEVING
    assert [s.expected.short for s in maths.standings] == ["3R", "3E", "3D", "3D"]  # 3R + floor(4h/6)
    writing = subjects["Writing"]  # a working stage and a baseline, no target: no status
    assert writing.now.short == "2R" and writing.target is None and writing.now.status is None


def test_each_half_term_counts_the_codes_in_force_then(made):
    made_school, extras = made
    zoe = made_school.pupils["Zoë O'Neill"]
    teacher = staff.identify("tester")
    # HT2: five more crosses (14 -> 19, Securing); HT3: two of them forgotten (a line replaces X).
    save_codes(teacher, ht(made_school, 2), [CodeChange(zoe, c, Code.CROSS) for c in extras.reading_criteria[15:20]])
    save_codes(teacher, ht(made_school, 3), [CodeChange(zoe, c, Code.LINE) for c in extras.reading_criteria[18:20]])
    reading = attainment.attainment(zoe, ht(made_school, 4))[0]
    assert [s.placement.crosses for s in reading.standings] == [14, 19, 17, 17]
    assert [s.short for s in reading.standings] == ["2Dm", "2Sl", "2Sl", "2Sl"]
    # Asking at HT2 gives HT1 and HT2 only.
    assert len(attainment.attainment(zoe, ht(made_school, 2))[0].standings) == 2


def test_tracking_sheet_is_criteria_by_six_half_terms_with_totals(made):
    made_school, extras = made
    zoe = made_school.pupils["Zoë O'Neill"]
    sheet = attainment.tracking_sheet(zoe, extras_subject(made_school, "R"), ht(made_school, 4))
    assert (sheet.subject, sheet.stage, len(sheet.rows), sheet.shown_to) == ("Reading", 2, 30, 4)
    assert [c.crosses for c in sheet.columns] == [14, 14, 14, 14, None, None]
    assert [c.short for c in sheet.columns] == ["2Dm"] * 4 + ["", ""]
    assert sheet.cutoffs == (8, 16, 24)
    first = sheet.rows[0]
    assert first.ref == "R2/1" and first.cells[4] is None  # HT5 has not happened
    assert first.cells[0].code is Code.CROSS and first.cells[0].current  # set in HT1
    assert first.cells[3].code is Code.CROSS and not first.cells[3].current  # carried to HT4
    assert sheet.set_in_number(first.cells[3]) == 1
    assert sheet.rows[13].cells[0].absent and sheet.rows[13].cells[0].code is Code.CROSS  # absence hides nothing
    assert sheet.rows[14].cells[0].code is Code.LINE and sheet.rows[15].cells[0].code is Code.BLANK
    sheets = attainment.tracking_sheets(zoe, ht(made_school, 4))
    assert [s.subject for s in sheets] == ["Reading", "Writing", "Maths"]


def extras_subject(made_school, code: str) -> int:
    return next(s.id for s in school.subjects() if s.code == code)


def test_a_criterions_history_is_every_entry_newest_first(made):
    made_school, extras = made
    zoe = made_school.pupils["Zoë O'Neill"]
    history = attainment.criterion_history(zoe, extras.reading_criteria[14])
    assert [(r.code, r.staff) for r in history] == [(Code.LINE, "Tess Tester"), (Code.CROSS, "Tess Tester")]
    assert history[0].half_term.startswith("HT1 ")


def test_the_whole_file_loads_and_settles_achieved_targets_for_staff(made):
    made_school, extras = made
    zoe = made_school.pupils["Zoë O'Neill"]
    # A read-only login sees R2/1 (its criterion is X) as achieved, but nothing is written.
    looked = load_pupil_file(zoe, made_school.today, staff.identify("stranger"))
    r21 = next(t for t in looked.targets if t.id == extras.targets["R2/1"])
    assert r21.effective_status == "achieved" and r21.status == "open" and looked.settled == 0
    assert Target.get_by_id(extras.targets["R2/1"]).status == "open"
    # The teacher opening it writes it down, once, audited.
    opened = load_pupil_file(zoe, made_school.today, staff.identify("tester"))
    assert opened.settled == 1 and Target.get_by_id(extras.targets["R2/1"]).status == "achieved"
    assert AuditEntry.select().where(AuditEntry.action == "target.achieved").count() == 1
    assert load_pupil_file(zoe, made_school.today, staff.identify("tester")).settled == 0
    # R2/15 is at / : still open.
    assert Target.get_by_id(extras.targets["R2/15"]).status == "open"
    assert opened.summary.pupil.name == "Zoë O'Neill" and opened.half_term.number == 4
    assert [s.subject for s in opened.sheets] == ["Reading", "Writing", "Maths"]
    assert opened.events[0].text == "Star of the week"
    assert opened.interventions[0].name == "Grammar Hammer" and opened.interventions[0].end is None
    assert opened.meetings[0].status == "done" and opened.meetings[0].minutes == 20


def test_weekly_history_newest_first_with_colours(made):
    made_school, _ = made
    finn = made_school.pupils["Finn Ford"]
    history = pupil_history.pupil_weekly(finn)
    assert history.level == "Level 2" and history.greens_in_row == 4 and history.promotion_due
    assert [s.test for s in history.sittings] == [4, 3, 2, 1] and [s.test for s in history.last3] == [4, 3, 2]
    assert history.sittings[0].colour.value == "G"
    assert pupil_history.pupil_weekly(made_school.pupils["Dara Doyle"]) is None


def test_logging_events_checks_input_and_is_audited(made):
    made_school, _ = made
    zoe = made_school.pupils["Zoë O'Neill"]
    ta_less = staff.identify("stranger")
    with pytest.raises(NotAllowed, match="not on the staff list"):
        events.log_event(ta_less, zoe, "reward", "Kind to others")
    with pytest.raises(UserFacingError, match="not one of"):
        events.log_event(staff.identify("tester"), zoe, "medal", "Kind")
    with pytest.raises(UserFacingError, match="Say what"):
        events.log_event(staff.identify("tester"), zoe, "sanction", "   ")
    # Any member of staff may log for any pupil (Ella is in 6R, not the tester's class).
    events.log_event(staff.identify("tester"), made_school.pupils["Ella Evans"], "certificate", "Maths  star")
    found = events.pupil_events(made_school.pupils["Ella Evans"])
    assert [(e.kind, e.text, e.staff) for e in found] == [("certificate", "Maths star", "Tess Tester")]
    assert events.counts(found) == {"reward": 0, "certificate": 1, "sanction": 0}


def test_the_audit_lists_the_pupils_changes_and_their_codes_only(made):
    made_school, extras = made
    zoe, adam = made_school.pupils["Zoë O'Neill"], made_school.pupils["Adam Ash"]
    teacher = staff.identify("tester")
    save_codes(teacher, ht(made_school, 4), [CodeChange(zoe, extras.reading_criteria[20], Code.DOT),
                                             CodeChange(adam, extras.reading_criteria[21], Code.CROSS)])
    events.log_event(teacher, zoe, "reward", "Helpful")
    found = pupil_history.pupil_audit(zoe)
    assert [a.action for a in found] == ["event.log", "mark.set"]
    assert found[1].detail == "R2/21 . (grid)"  # Adam's code is not listed on Zoë's file
    assert "Helpful" in found[0].detail


def test_a_missing_pupil_says_so(made):
    from amtui.db.repo.pupils import PupilNotFound

    with pytest.raises(PupilNotFound):
        load_pupil_file(99999, dt.date.today())
    assert CriterionMark.select().count() > 0
    assert write(lambda: 1) == 1

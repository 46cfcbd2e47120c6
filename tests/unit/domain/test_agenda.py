"""The agenda's rules: steps, preparation checks, candidates, the close, dates typed."""

import datetime as dt

import pytest

from amtui.domain import agenda
from amtui.domain.agenda import PreparationFacts, SubjectFacts
from amtui.domain.codes import Code, MarkEntry

TODAY = dt.date(2027, 2, 24)


def subject(name="Maths", **changes) -> SubjectFacts:
    values = dict(subject=name, coded_this_half_term=True, has_bank=True, move_due=False,
                  substage="St 2 Developing", has_baseline=True, has_target=True)
    return SubjectFacts(**(values | changes))


def facts(*subjects, attendance=True, unreviewed=()) -> PreparationFacts:
    return PreparationFacts("HT4", tuple(subjects), attendance, tuple(unreviewed))


def test_eight_steps_in_the_policy_order_and_the_clock_starts_at_evidence():
    assert [s.key for s in agenda.STEPS] == [
        "preparation", "self_assessment", "evidence", "barriers", "targets", "interventions",
        "follow_ups", "close"]
    assert [s.number for s in agenda.STEPS] == list(range(1, 9))
    assert agenda.step(agenda.IN_MEETING_FROM).key == "evidence"
    assert agenda.step(0).number == 1 and agenda.step(99).number == 8


def test_the_data_ticks_every_automatic_check_when_records_are_complete():
    results = agenda.preparation(facts(subject(), subject("Reading")), {})
    automatic = [r for r in results if r.item.auto]
    assert automatic and all(r.done and r.missing == "" for r in automatic)
    manual = [r for r in results if not r.item.auto]
    assert manual and not any(r.done for r in manual)
    assert agenda.prepared(results) == (len(automatic), len(agenda.CHECKS))


def test_each_missing_fact_says_what_is_missing():
    checks = agenda.auto_checks(facts(
        subject("Maths", coded_this_half_term=False, move_due=True, substage="St 3 Ready"),
        subject("Writing", has_bank=False, has_target=False),
        attendance=False, unreviewed=["Big Maths (ended 12 Feb)"]))
    assert checks["latest_assessments"].missing == "Maths: no codes recorded in HT4 yet"
    assert checks["substage_assigned"].missing == (
        "Writing: no criteria bank; Maths (St 3 Ready): due to move to the next stage's bank "
        "(a teacher confirms)")
    assert checks["tracking_updated"].missing == "Writing: no target"
    assert "Writing" in checks["progress_coloured"].missing
    assert "Maths" not in checks["progress_coloured"].missing
    assert checks["attendance_figures"].missing == "no attendance percentage for HT4"
    assert checks["interventions_reviewed"].missing.startswith("Big Maths (ended 12 Feb)")
    assert not any(c.done for c in checks.values())


def test_no_subjects_at_all_is_not_a_complete_preparation():
    checks = agenda.auto_checks(facts())
    assert not checks["latest_assessments"].done
    assert checks["latest_assessments"].missing == "no working stage in any subject yet"


def test_manual_ticks_come_from_what_was_ticked():
    results = {r.item.key: r for r in agenda.preparation(facts(subject()), {"liaised_with_tas": True})}
    assert results["liaised_with_tas"].done
    assert not results["rewards_up_to_date"].done


def entries(*codes):
    return [MarkEntry(ht, Code(code), seq) for seq, (ht, code) in enumerate(codes)]


def test_candidates_are_exactly_the_criteria_whose_effective_code_is_a_line():
    histories = {
        1: entries((10, "/")),                 # a line: candidate
        2: entries((10, "/"), (11, "X")),      # became a cross: not
        3: entries((10, "X"), (11, "/")),      # forgot: a line again
        4: entries((10, "/"), (11, "A")),      # absence hides nothing: still a line
        5: entries((10, "."), (13, "/")),      # the line is after the half-term asked about
        6: entries((10, "/"), (11, "")),       # cleared
        7: [],
    }
    assert agenda.line_candidates(histories, 12) == {1, 3, 4}


def test_target_review_cycles():
    assert [agenda.next_review(s) for s in agenda.TARGET_STATUSES] == ["achieved", "dropped", "open"]


def test_finishing_needs_an_outcome_and_a_next_date_after_today():
    assert agenda.finish_problems("Targets agreed.", TODAY + dt.timedelta(days=30), TODAY) == []
    problems = agenda.finish_problems("  ", None, TODAY)
    assert problems == ["Record the outcome: what was agreed.", "Set the next meeting's date."]
    assert "after today" in agenda.finish_problems("ok", TODAY, TODAY)[0]
    assert "days away" in agenda.finish_problems("ok", TODAY + dt.timedelta(days=400), TODAY)[0]


@pytest.mark.parametrize("text, expected", [
    ("14/03/2027 10:30", (dt.date(2027, 3, 14), dt.time(10, 30))),
    ("2027-03-14", (dt.date(2027, 3, 14), None)),
    ("14/3 9.05", (dt.date(2027, 3, 14), dt.time(9, 5))),
    ("1/2", (dt.date(2028, 2, 1), None)),  # already past this year: next year's
])
def test_meeting_dates_as_typed(text, expected):
    assert agenda.parse_when(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "14/03/2027 25:00", "31/02", "1 2 3", "14/03/2027 1030"])
def test_bad_meeting_dates_say_why(text):
    with pytest.raises(ValueError):
        agenda.parse_when(text, TODAY)


def test_bookings_without_a_time_show_the_day_only():
    assert agenda.booking_text(agenda.at_time(dt.date(2027, 3, 2), None)) == "Tue 02 Mar"
    assert agenda.booking_text(agenda.at_time(dt.date(2027, 3, 2), dt.time(9, 30))) == "Tue 02 Mar 09:30"
    assert agenda.booking_text(None) == ""


def test_minutes():
    start = dt.datetime(2027, 2, 1, 10, 0)
    assert agenda.minutes(start, start + dt.timedelta(minutes=17, seconds=40)) == 18
    assert agenda.minutes(start, None) is None


def test_a_personal_target_identical_to_an_open_one_is_refused_with_the_reason():
    open_ones = [("homework", "Hand in homework on time.")]
    reason = agenda.duplicate_target("  hand in  HOMEWORK on time ", open_ones)
    assert reason is not None and "Hand in homework on time." in reason and "already" in reason
    assert agenda.duplicate_target("Hand in homework on Fridays.", open_ones) is None
    assert agenda.duplicate_target("Hand in homework on time.", []) is None

"""Where each pupil stands per subject: crosses, sub-stage, targets, status; set-based."""

from __future__ import annotations

import datetime as dt

import pytest

from amtui.db.models import CriteriaBank, Criterion, Pupil, Subject, WorkingStage
from amtui.db.repo import school as school_repo
from amtui.db.repo.tracking import pupil_subject_positions, weekly_positions
from amtui.domain.targets import Status
from imports.builders import ANN, BOB, CAT, import_text, seed_tracking
from tests.upns import make_upn


@pytest.fixture
def school(opened, tmp_path):
    seed_tracking(tmp_path)
    return tmp_path


def at(number: int):
    return school_repo.half_term(school_repo.current_half_term().year, number)


def row_of(rows, upn: str, subject: str = "Maths"):
    return next(r for r in rows if r.pupil.upn == upn and r.subject == subject)


def test_the_hand_computed_position(school):
    ann = row_of(pupil_subject_positions(at(3)), ANN)
    assert (ann.working_stage, ann.crosses, ann.bank_size) == (2, 14, 30)
    assert (ann.substage.label, ann.position) == ("St 2 Developing", "mid")
    assert ann.placement.crosses_to_next == 3  # a low Securing at 17
    assert (ann.aps, ann.nc) == (16, "2B-2A")
    assert (ann.baseline.label, ann.target.label) == ("St 2 Emerging", "St 3 Emerging")
    assert ann.expected.label == "St 2 Securing"  # 10 + floor(4 * 3 / 6) = step 12
    assert ann.status is Status.NEARLY


def test_codes_count_as_they_stood_at_the_half_term(school):
    # HT1: the 14 plus M2/16 (dotted only in HT2); HT4: the 14 plus M2/15.
    ht1, ht4 = (row_of(pupil_subject_positions(at(n)), ANN) for n in (1, 4))
    assert (ht1.crosses, ht1.position, ht1.expected.label, ht1.status) == (
        15, "high", "St 2 Emerging", Status.ABOVE)
    assert (ht4.crosses, ht4.expected.label, ht4.status) == (15, "St 2 Securing", Status.NEARLY)


def test_pupils_without_marks_or_a_target_or_a_bank(school):
    rows = pupil_subject_positions(at(2))
    bob = row_of(rows, BOB)
    assert (bob.crosses, bob.substage.label, bob.position) == (0, "St 2 Ready", None)
    assert bob.target.label == "St 2 Securing"  # the default: baseline + 3 steps
    assert (bob.expected.label, bob.status) == ("St 2 Emerging", Status.NEARLY)  # 9 + 3*2//6
    assert row_of(pupil_subject_positions(at(4)), BOB).status is Status.NOT_ACHIEVING
    reading = row_of(rows, CAT, "Reading")  # stage 0 has no Reading bank
    assert (reading.working_stage, reading.placement, reading.substage, reading.status) == (
        0, None, None, None)
    assert reading.baseline.label == "N1"


def test_a_banks_own_cut_offs_win(school):
    CriteriaBank.update(cutoff_emerging=4, cutoff_developing=10, cutoff_securing=20).where(
        CriteriaBank.stage == 2).execute()
    ann = row_of(pupil_subject_positions(at(3)), ANN)
    assert (ann.substage.label, ann.position) == ("St 2 Securing", "low")


def test_the_working_stage_in_force_at_the_half_term_is_used(school):
    ann = Pupil.get(Pupil.upn == ANN)
    maths = Subject.get(Subject.name == "Maths")
    WorkingStage.create(pupil=ann, subject=maths, stage=3,
                        set_at=dt.datetime.combine(at(4).start, dt.time(9)))
    assert row_of(pupil_subject_positions(at(3)), ANN).working_stage == 2
    moved = row_of(pupil_subject_positions(at(4)), ANN)
    assert (moved.working_stage, moved.crosses, moved.substage.label) == (3, 0, "St 3 Ready")


def test_filters_sorting_and_leavers(school):
    rows = pupil_subject_positions(at(3))
    assert [(r.pupil.upn, r.subject) for r in rows] == [
        (ANN, "Maths"), (BOB, "Maths"), (CAT, "Maths"), (CAT, "Reading")]
    maths = school_repo.subject_by_name("Maths").id
    assert {r.subject for r in pupil_subject_positions(at(3), subject_id=maths)} == {"Maths"}
    class_2b = school_repo.class_by_name("2B").id
    assert {r.pupil.upn for r in pupil_subject_positions(at(3), class_id=class_2b)} == {ANN, BOB}
    bob = Pupil.get(Pupil.upn == BOB)
    assert [r.pupil.upn for r in pupil_subject_positions(at(3), pupil_ids=[bob.id])] == [BOB]
    Pupil.update(left_on=dt.date.today()).where(Pupil.id == bob.id).execute()
    assert BOB not in {r.pupil.upn for r in pupil_subject_positions(at(3))}


def test_the_number_of_queries_does_not_grow_with_the_pupils(school, opened):
    def statements() -> int:
        seen: list[str] = []
        opened.db.connection().set_trace_callback(seen.append)
        pupil_subject_positions(at(3))
        weekly_positions()
        opened.db.connection().set_trace_callback(None)
        return len(seen)

    few = statements()
    import_text(school, "pupils", "upn,forename,surname,dob,year,class\n" + "".join(
        f"{make_upn(n)},Extra,Pupil{n},,2,2B\n" for n in range(40)))
    import_text(school, "baselines", "upn,subject,baseline\n" + "".join(
        f"{make_upn(n)},Maths,St 2 Emerging\n" for n in range(40)))
    import_text(school, "weekly", "upn,date,level,test,score\n" + "".join(
        f"{make_upn(n)},2026-10-05,Level 2,1,20\n" for n in range(40)))
    assert len(pupil_subject_positions(at(3))) == 44
    assert statements() == few


@pytest.mark.parametrize("db_engine", ["sqlite", "postgres"])
def test_only_the_pupils_own_bank_counts_when_banks_ids_interleave(school):
    # A criterion added to stage 2's bank after stage 3's were made: stage 2's criteria
    # ids now run past stage 3's, and Ann's crosses in stage 3's bank are not stage 2's.
    maths = Subject.get(Subject.name == "Maths")
    stage_2 = CriteriaBank.get(CriteriaBank.subject == maths, CriteriaBank.stage == 2)
    Criterion.create(bank=stage_2, subject=maths, number=31, ref="M2/31", text="Added later")
    import_text(school, "marks", "upn,subject,ref,half_term,code\n"
                + "".join(f"{ANN},Maths,M3/{n},1,X\n" for n in range(1, 4)) + f"{ANN},Maths,M2/31,2,X\n")
    ann = row_of(pupil_subject_positions(at(3)), ANN)
    assert (ann.working_stage, ann.crosses, ann.bank_size) == (2, 15, 31)
    cat = row_of(pupil_subject_positions(at(3)), CAT)
    assert (cat.working_stage, cat.crosses) == (3, 1)  # M3/1 crossed, M3/2 a line


def test_a_damaged_stored_label_is_left_out_not_fatal(school):
    from amtui.db.models import Baseline

    ann = Pupil.get(Pupil.upn == ANN)
    Baseline.update(substage="St 9 Sideways").where(Baseline.pupil == ann).execute()
    rows = pupil_subject_positions(at(3))
    assert (row_of(rows, ANN).baseline, row_of(rows, ANN).status) == (None, None)
    assert row_of(rows, BOB).baseline.label == "St 2 Ready"

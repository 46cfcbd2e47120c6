"""The year-end in a school with primary, KS3, KS4 and sixth-form pupils: each secondary
pupil's new end-of-year target follows the secondary rules (none where a key stage or the
sixth form begins; up, not down; never below FFT; a key stage's last year aims at its
target), and a primary pupil's is still their baseline + 3 steps."""

from __future__ import annotations

import pytest

from amtui.db.connection import write
from amtui.db.models import AcademicYear, AuditEntry, Baseline, FftEstimate, LongTermTarget, Pupil
from amtui.db.repo import year_end
from amtui.db.repo.staff import identify
from amtui.domain.upn import with_check_letter
from tests.returns_school import Y10, YEAR, Y12, _import, add_sixth_form, seed_returns_school, subject_id

PUPILS = {  # name: (year group this year, class)
    "Lou": (5, "5L"), "Kit": (6, "6K"), "Hal": (7, "7H"), "Ivy": (8, "8I"), "Jo": (9, "9J")}
UPN = {name: with_check_letter(f"{700000000000 + n:012d}") for n, name in enumerate(PUPILS)}


def pid(upn: str) -> int:
    return Pupil.get(Pupil.upn == upn).id


@pytest.fixture
def moved(opened, tmp_path):
    """The school moved into next year up to its targets (the new baselines and FFT estimates
    written as set_baselines and the FFT import would); the targets step's message."""
    seed_returns_school(tmp_path)
    add_sixth_form(tmp_path)  # Gil, Year 12, end-of-year target 6
    _import(tmp_path, "pupils", "upn,forename,surname,dob,year,class\n" + "".join(
        f"{UPN[name]},{name},Pupil,2014-01-01,{year},{klass}\n" for name, (year, klass) in PUPILS.items()))
    _import(tmp_path, "targets", "upn,subject,kind,target\n"
            f"{UPN['Hal']},Maths,year,St 4 Securing\n"            # Year 7's target
            f"{UPN['Ivy']},Maths,ks3,St 6 Ready\n{UPN['Ivy']},Maths,year,St 5 Emerging\n"
            f"{UPN['Jo']},Maths,ks3,St 6 Ready\n"
            f"{Y10[0]},Maths,ks4,6\n{Y10[0]},Maths,year,5\n")  # Eve; Fay (Y10[1]) has none
    admin = identify("admin")
    move = year_end.YearEnd(YEAR, YEAR + 1)
    year_end.open_year(admin.login, move)
    year_end.archive_leavers(admin.login, move)
    year_end.move_up(admin.login, move)
    maths = subject_id("Maths")

    def new_records() -> None:
        new_id = AcademicYear.get(AcademicYear.start_year == YEAR + 1).id
        for name, label in (("Lou", "St 3 Ready"), ("Kit", "St 4 Ready"), ("Hal", "St 4 Developing"),
                            ("Ivy", "St 5 Ready")):
            Baseline.create(pupil=pid(UPN[name]), subject=maths, academic_year=new_id, substage=label)
        FftEstimate.create(pupil=pid(UPN["Hal"]), subject=maths, academic_year=new_id, substage="St 5 Developing")

    write(new_records)
    return year_end.set_targets(admin, move)


def new_targets() -> dict[str, tuple[str, str]]:
    """First name -> (next year's end-of-year target in Maths, why)."""
    rows = (LongTermTarget.select(Pupil.forename, LongTermTarget.substage, LongTermTarget.reason).join(Pupil)
            .switch(LongTermTarget).join(AcademicYear)
            .where((AcademicYear.start_year == YEAR + 1) & (LongTermTarget.kind == "year")).tuples())
    return {name: (label, why) for name, label, why in rows}


def test_each_pupil_gets_next_years_target_by_their_own_years_rule(moved):
    assert {p.forename: p.year_group for p in Pupil.select().where(Pupil.left_on.is_null())} == {
        "Lou": 6, "Kit": 7, "Hal": 8, "Ivy": 9, "Jo": 10, "Eve": 11, "Fay": 11,
        "Amy": 12, "Ben": 12, "Cal": 12, "Dee": 12, "Gil": 13}
    assert new_targets() == {
        "Lou": ("St 3 Securing", "year-end: baseline + 3 steps, never below FFT"),          # primary: as before
        "Hal": ("St 5 Developing", "year-end: the FFT estimate St 5 Developing"),         # never below FFT
        "Ivy": ("St 6 Ready", "year-end: the end-of-KS3 target"),                         # Year 9 ends KS3
        "Eve": ("6", "year-end: the end-of-KS4 target"),                                  # Year 11 ends KS4
        "Gil": ("6", "year-end: last year's target 6 (up, not down)"),                    # Year 13 carries 12's
    }
    # Kit (Year 7) and Jo (Year 10) begin a key stage, Amy and friends (Year 12) the sixth
    # form: the AMT and their teachers set theirs. Fay has nothing to go on.


def test_the_year_end_says_who_waits_for_the_amt_and_audits_each_pupil(moved):
    assert moved.startswith("Long-term targets for ")
    assert "1 set (baseline + 3 steps, never below FFT)" in moved  # Lou, the one primary pupil left
    assert "secondary pupils' end-of-year targets: 4 carried up" in moved
    assert "2 pupils starting Year 7 or 10 wait for the Assertive Mentoring team's end-of-key-stage targets" in moved
    assert "4 starting Year 12 wait for their courses' end-of-year targets" in moved
    audited = {int(e.entity_id) for e in AuditEntry.select().where(AuditEntry.action == "year.target")}
    assert audited == {pid(UPN[n]) for n in ("Lou", "Hal", "Ivy")} | {pid(Y10[0]), pid(Y12[0])}


def test_run_again_it_sets_nothing_twice(moved):
    again = year_end.set_targets(identify("admin"), year_end.YearEnd(YEAR, YEAR + 1))
    assert "0 carried up" in again and "4 there already" in again and "1 there already" in again
    assert LongTermTarget.select().join(AcademicYear).where(AcademicYear.start_year == YEAR + 1).count() == 5

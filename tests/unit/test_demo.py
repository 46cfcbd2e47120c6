"""The demo school: complete, realistic by the domain's own rules, deterministic, fast."""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.models import (
    AuditEntry, Baseline, ClassStaff, CriteriaBank, Criterion, CriterionMark, DbInfo,
    HalfTerm, LongTermTarget, Meeting, MentorAssignment, Pupil, SchoolClass,
    Staff, Target as TargetRow, WeeklyLevel, WeeklyResult, WorkingStage,
)
from amtui.db.repo.school import half_terms
from amtui.db.repo.staff import identify
from amtui.db.startup import open_database
from amtui.demo import build_demo
from amtui.demo.builder import STEPS
from amtui.domain import substage, targets, weekly
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.codes import Code, MarkEntry, effective_code, parse_code
from amtui.domain.roles import Role, parse_roles
from amtui.domain.scale import default_scale
from amtui.domain.settings import Settings
from amtui.domain.upn import parse_upn
from built_schools import copy_of, demo_school

TODAY = dt.date(2026, 11, 22)  # a Sunday in HT2 of 2026-27
LOGIN = "demo-tester"


def _build(path, login=LOGIN, seed=2026, **options):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(identity, "current_person", lambda: identity.Person(login, None))
        open_database(Target(str(path)), create=True)
        return build_demo(today=TODAY, seed=seed, **options)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo as ``LOGIN`` builds it on ``TODAY`` (built once in the run): the module's copy."""
    path, summary = demo_school(tmp_path_factory, TODAY, LOGIN)
    return copy_of(path, tmp_path_factory.mktemp("demo"), "school.db"), summary


@pytest.fixture
def school(built):
    """The built demo, bound again (another test may have opened another file)."""
    path, summary = built
    open_database(Target(str(path)))
    return summary


def _terms():
    return {t.number: t for t in half_terms(2026)}


def _newest(model, *key_fields):
    """The newest row per key (append-only tables: highest id wins)."""
    rows = {}
    for row in model.select().order_by(model.id):
        rows[tuple(getattr(row, f) for f in key_fields)] = row
    return rows


def _statuses_at(number):
    """Every pupil-subject's progress status at half-term ``number``, by the domain's rules."""
    scale = default_scale()
    ordinal = {t.id: HalfTermNumber(t.number).ordinal(2026) for t in half_terms(2026)}
    entries = collections.defaultdict(list)
    for mark in CriterionMark.select():
        entries[(mark.pupil_id, mark.criterion_id)].append(
            MarkEntry(ordinal[mark.half_term_id], parse_code(mark.code), mark.id))
    bank = collections.defaultdict(list)
    for crit in Criterion.select(Criterion, CriteriaBank).join(CriteriaBank):
        bank[(crit.subject_id, crit.bank.stage)].append(crit.id)
    baselines = _newest(Baseline, "pupil_id", "subject_id")
    goals = _newest(LongTermTarget, "pupil_id", "subject_id")
    found = []
    at = HalfTermNumber(number).ordinal(2026)
    for (pupil, subject), working in _newest(WorkingStage, "pupil_id", "subject_id").items():
        criteria = bank[(subject, working.stage)]
        crosses = sum(effective_code(entries[(pupil, c)], at) is Code.CROSS for c in criteria)
        placed = substage.place(crosses, working.stage, len(criteria), scale)
        aim = targets.expected(scale.parse(baselines[(pupil, subject)].substage),
                               scale.parse(goals[(pupil, subject)].substage), number, scale)
        found.append((targets.status(placed.substage, aim),
                      substage.move_due(placed, working.stage)))
    return found


def test_seven_classes_reception_to_year_six_of_26_to_30(school):
    classes = list(SchoolClass.select().order_by(SchoolClass.year_group))
    assert [c.year_group for c in classes] == list(range(7))
    assert all(" " not in c.name for c in classes)  # typed on the command line
    for school_class in classes:
        pupils = Pupil.select().where(Pupil.school_class == school_class)
        assert 26 <= pupils.count() <= 30
        assert {p.year_group for p in pupils} == {school_class.year_group}
    assert (school.classes, school.pupils) == (7, Pupil.select().count())


def test_the_school_is_labelled_a_demo_with_one_audit_entry(school):
    from amtui.db.repo.school import school_name

    assert school_name() == "Hope Primary School (demo)"
    assert DbInfo.get_by_id("demo").value == "yes"
    entries = list(AuditEntry.select())
    # The file's creation (amtui making its row seals), then the demo school in one entry.
    assert [(e.action, e.login) for e in entries] == [("schema.create", "amtui"), ("demo.create", LOGIN)]


def test_every_role_is_held_and_the_user_sees_everything(school):
    held = set().union(*(parse_roles(s.roles) for s in Staff.select()))
    assert held == set(Role) - {Role.AMT}  # the Assertive Mentoring team is a secondary school's
    me = identify(LOGIN)
    assert me.known and {Role.SLT, Role.ADMIN, Role.TEACHER, Role.MENTOR} <= me.roles
    year4 = SchoolClass.get(SchoolClass.year_group == 4)
    assert year4.id in me.class_ids
    assert MentorAssignment.select().where(MentorAssignment.mentor == me.staff_id).exists()
    for school_class in SchoolClass.select():
        links = ClassStaff.select().where(ClassStaff.school_class == school_class)
        roles = {link.role for link in links}
        assert roles == {"teacher", "ta"}


def test_a_login_that_matches_invented_staff_is_not_duplicated(tmp_path):
    _build(tmp_path / "clash.db", login="gowen")  # the Year 3 teacher's username
    assert Staff.select().where(Staff.username == "gowen").count() == 1
    assert {Role.SLT, Role.ADMIN} <= identify("gowen").roles
    assert not Staff.select().where(Staff.name == "You (demo)").exists()


def test_pupils_have_valid_unique_upns_fitting_birthdays_and_a_mentor(school):
    pupils = list(Pupil.select())
    assert len({p.upn for p in pupils}) == len(pupils)
    assert all(parse_upn(p.upn) == p.upn for p in pupils)  # the DfE's check letter
    for pupil in pupils:
        first = dt.date(2026 - 5 - pupil.year_group, 9, 1)
        assert first <= pupil.dob < first.replace(year=first.year + 1)
    current = MentorAssignment.select().where(MentorAssignment.end.is_null())
    assert current.count() == len(pupils)
    assert MentorAssignment.select().where(MentorAssignment.end.is_null(False)).count() >= 2
    share = lambda flag: sum(getattr(p, flag) for p in pupils) / len(pupils)  # noqa: E731
    assert 0.1 < share("pupil_premium") < 0.4
    assert 0.05 < share("eal") < 0.3 and 0 < share("extra_meetings") < 0.15


def test_pupils_have_plausible_characteristics(school):
    pupils = list(Pupil.select())
    count = collections.Counter
    genders, sen = count(p.gender for p in pupils), count(p.sen_status for p in pupils)
    assert set(genders) == {"M", "F"} and abs(genders["M"] - genders["F"]) < 0.1 * len(pupils)
    assert 0.10 < sen["K"] / len(pupils) < 0.2 and 0.01 < sen["E"] / len(pupils) < 0.03
    assert set(sen) == {"N", "K", "E"}
    looked_after = [p for p in pupils if p.looked_after]
    assert len(looked_after) == 3 and all(p.pupil_premium for p in looked_after)
    assert all(p.gender == "F" for p in pupils if p.forename in ("Amelia", "Renée", "Mei"))
    assert all(p.gender == "M" for p in pupils if p.forename in ("Oliver", "Jun", "Raphaël"))


def test_banks_for_three_subjects_and_stages_0_to_7(school):
    banks = {(b.subject.code, b.stage) for b in CriteriaBank.select()}
    assert banks == {(code, stage) for code in "RWM" for stage in range(8)}
    assert all(b.criteria.count() >= 10 for b in CriteriaBank.select())


def test_marks_are_in_ht1_and_ht2_only(school):
    terms = _terms()
    used = {m.half_term_id for m in CriterionMark.select(CriterionMark.half_term).distinct()}
    assert used == {terms[1].id, terms[2].id}
    for mark in CriterionMark.select():
        term = terms[1] if mark.half_term_id == terms[1].id else terms[2]
        assert term.start <= mark.recorded_at.date() <= term.end
        assert mark.source == "grid" and mark.staff_id is not None
    codes = collections.Counter(m.code for m in CriterionMark.select())
    assert set(codes) == {"X", "/", ".", "A"} and codes["A"] < codes["."]


def test_statuses_are_spread_and_a_few_pupils_are_due_to_move_bank(school):
    found = _statuses_at(2)
    spread = collections.Counter(status for status, _ in found)
    assert len(spread) >= 3, spread
    assert spread[targets.Status.ON_TARGET] > len(found) / 5
    assert 1 <= sum(due for _, due in found) <= 20


def test_medium_targets_came_from_lines_and_the_achieved_became_crosses(school):
    terms = _terms()
    marks = collections.defaultdict(dict)
    for mark in CriterionMark.select().order_by(CriterionMark.id):
        if mark.code != "A":
            marks[(mark.pupil_id, mark.criterion_id)][mark.half_term_id] = mark.code
    first = {m.id for m in Meeting.select().where(Meeting.half_term == terms[1].id)}
    medium = list(TargetRow.select().where((TargetRow.kind == "medium")
                                           & TargetRow.meeting.in_(first)))
    assert len(medium) >= 2 * Pupil.select().count()
    for target in medium:
        codes = marks[(target.pupil_id, target.criterion_id)]
        assert codes.get(terms[1].id) == "/"
        became = codes.get(terms[2].id, "/")
        assert (target.status == "achieved") == (became == "X")


def test_every_pupil_met_in_ht1_and_most_in_ht2(school):
    terms = _terms()
    done = Meeting.select().where((Meeting.status == "done") & ~Meeting.extra)
    pupils = Pupil.select().count()
    assert done.where(Meeting.half_term == terms[1].id).count() == pupils
    ht2 = done.where(Meeting.half_term == terms[2].id).count()
    assert 0.5 * pupils < ht2 < 0.7 * pupils
    booked = Meeting.select().where(Meeting.status == "scheduled")
    assert booked.count() >= 1 and all(m.scheduled_for.date() > TODAY for m in booked)
    for meeting in done:
        assert meeting.started_at.date() <= TODAY
        assert 15 <= (meeting.ended_at - meeting.started_at).total_seconds() / 60 <= 25
        assert meeting.checks.count() == 9 and all(c.done for c in meeting.checks)


def test_eight_weekly_sittings_for_years_1_to_6_and_promotion_due(school):
    settings = Settings()
    results = collections.defaultdict(list)
    for row in WeeklyResult.select():
        results[row.pupil_id].append(
            weekly.WeeklyResult(row.sat_on, row.level, row.test, row.score))
    years = {p.id: p.year_group for p in Pupil.select()}
    assert set(results) == {pid for pid, year in years.items() if year >= 1}
    assert all(len(rows) == 8 for rows in results.values())
    days = {r.sat_on for rows in results.values() for r in rows}
    assert len(days) == 8 and all(d.weekday() == 4 and d <= TODAY for d in days)
    level = {row.pupil_id: row.level
             for row in WeeklyLevel.select().order_by(WeeklyLevel.started_on, WeeklyLevel.id)}
    due = [pid for pid, rows in results.items() if weekly.promotion_due(rows, settings, level[pid])]
    assert len(due) >= 1
    levels_per_pupil = collections.Counter(row.pupil_id for row in WeeklyLevel.select())
    assert any(n > 1 for n in levels_per_pupil.values())  # someone was promoted
    absent = sum(r.score is None for rows in results.values() for r in rows)
    assert 0 < absent < 0.08 * 8 * len(results)


def test_the_same_seed_builds_the_same_school(built, tmp_path):
    path, _ = built
    open_database(Target(str(path)))
    first = _fingerprint()
    _build(tmp_path / "again.db")
    assert _fingerprint() == first
    _build(tmp_path / "other.db", seed=7, steps=STEPS[:3])  # as far as its pupils: they differ already
    assert _pupils() != first[0]


def _fingerprint():
    rows = CriterionMark.select(Pupil.upn, CriterionMark.criterion, CriterionMark.code).join(Pupil).tuples()
    return _pupils(), collections.Counter(rows)


def _pupils():
    return sorted(Pupil.select(Pupil.upn, Pupil.forename, Pupil.surname, Pupil.dob, Pupil.year_group).tuples())


def test_refuses_a_database_that_has_pupils_and_changes_nothing(school):
    def counts():
        return [model.select().count() for model in (Pupil, Staff, AuditEntry, HalfTerm)]

    before = counts()
    with pytest.raises(ValueError, match="empty database"):
        build_demo(today=TODAY)
    assert counts() == before


def test_the_summary_counts_what_was_built(built):  # its speed: python -m benchmarks demo
    _, summary = built
    assert summary.marks > 5000 and summary.pupils > 180
    assert "pupils" in str(summary)

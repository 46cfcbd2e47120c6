"""amtui new-year on the demo school: September 2027, then September 2028. Pupils move up
into their new classes, Year 6 leaves, every new target follows the rule, every screen's
figures and the tracking export show the new year, and last year's records stay readable."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from collections import Counter


from amtui import cli, cli_year, identity
from amtui.db.connection import Target
from amtui.db.models import (
    AcademicYear, AuditEntry, Baseline, ClassMembership, CriterionMark, FftEstimate, LongTermTarget, Pupil,
    Staff, Subject, WorkingStage,
)
from amtui.db.repo import class_grid, membership, school, tracking
from amtui.db.repo.attitude import pupil_attitude
from amtui.db.startup import open_database
from amtui.domain.scale import default_scale
from amtui.reports.exports import run_export
from year_school import built, demo, next_year_file  # noqa: F401  (fixtures)

SEPT_2027, SEPT_2028 = dt.date(2027, 9, 10), dt.date(2028, 9, 11)
SCALE = default_scale()


def new_year(db, day: dt.date, monkeypatch, capsys, *extra: str) -> tuple[int, str]:
    monkeypatch.setattr(cli_year, "today", lambda: day)
    status = cli.main(["--db", str(db), "new-year", *extra])
    out, err = capsys.readouterr()
    open_database(Target(str(db)))  # bind this test's file again
    return status, out + err


def on_roll() -> dict[int, Pupil]:
    return {p.id: p for p in Pupil.select().where(Pupil.left_on.is_null())}


def counts(db) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        found = {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}
    conn.close()
    return found


def check_targets(start_year: int) -> int:
    """Every pupil's target this year is their baseline + 3 steps, or FFT where that is higher."""
    year = AcademicYear.get(AcademicYear.start_year == start_year)
    baselines = {(b.pupil_id, b.subject_id): SCALE.parse(b.substage)
                 for b in Baseline.select().where(Baseline.academic_year == year)}
    fft = {(f.pupil_id, f.subject_id): SCALE.parse(f.substage)
           for f in FftEstimate.select().where(FftEstimate.academic_year == year)}
    targets = {(t.pupil_id, t.subject_id): SCALE.parse(t.substage)
               for t in LongTermTarget.select().where(LongTermTarget.academic_year == year)}
    assert baselines and set(targets) == set(baselines)
    for key, baseline in baselines.items():
        floor = fft.get(key)
        wanted = max(SCALE.plus(baseline, 3), floor or baseline, key=lambda s: s.step)
        assert targets[key] == wanted, key
        assert targets[key].step > baseline.step
    return len(targets)


def final_substages(start_year: int) -> dict[tuple[int, int], str]:
    return {(r.pupil_id, r.subject_id): r.substage.label
            for r in tracking.pupil_subject_positions(school.half_term(start_year, 6)) if r.substage}


def test_before_the_summer_term_ends_it_is_refused_unless_early(demo, monkeypatch, capsys):
    before = counts(demo)
    status, said = new_year(demo, dt.date(2027, 7, 16), monkeypatch, capsys)
    assert status == 1 and "ends on 22/07/2027" in said and "--early" in said
    assert counts(demo) == before
    status, said = new_year(demo, dt.date(2027, 7, 16), monkeypatch, capsys, "--early")
    assert status == 0 and "before the summer term has ended" in said
    assert "Opened 2027-28" in said


def test_september_2027_then_2028(demo, monkeypatch, capsys, tmp_path):
    pupils_before = on_roll()
    leavers = {pid for pid, p in pupils_before.items() if p.year_group == 6}
    finals = final_substages(2026)
    old_baselines = {(b.pupil_id, b.subject_id, b.substage) for b in Baseline.select().join(AcademicYear)
                     .where(AcademicYear.start_year == 2026)}
    marks = CriterionMark.select().count()
    stages = {(w.pupil_id, w.subject_id, w.stage) for w in WorkingStage.select()}
    # An FFT estimate for next year above baseline + 3: the target must not go below it.
    stretched = next(iter(sorted(set(pupils_before) - leavers)))
    maths = Subject.get(Subject.name == "Maths")
    fft_high = SCALE.plus(SCALE.parse(finals[(stretched, maths.id)]), 5)
    year_2027 = school.ensure_year  # the estimate arrives before the year-end, with its year
    from amtui.db.connection import write
    write(lambda: FftEstimate.create(pupil=stretched, subject=maths.id, substage=fft_high.label,
                                     academic_year=year_2027(2027).id))
    file_2027 = tmp_path / "pupils-2027.csv"
    placed = next_year_file(file_2027, 2026)

    status, said = new_year(demo, SEPT_2027, monkeypatch, capsys, "--pupils", str(file_2027))
    assert status == 0, said
    assert f"Archived {len(leavers)} Year 6 leavers as of 31/08/2027" in said

    # Leavers are off the roll, everyone else a year up in the class the file names.
    now = on_roll()
    assert set(now) == set(pupils_before) - leavers
    assert all(Pupil.get_by_id(pid).left_on == dt.date(2027, 8, 31) for pid in leavers)
    for pid, pupil in now.items():
        assert pupil.year_group == pupils_before[pid].year_group + 1
        assert pupil.school_class.name == placed[pupil.upn]
        assert pupil.school_class.academic_year.start_year == 2027
    classes_2027 = {c.name: c for c in school.classes(2027)}
    assert sum(c.pupils for c in classes_2027.values()) == len(now)
    assert Counter(placed.values()) == Counter({n: c.pupils for n, c in classes_2027.items() if c.pupils})

    # Baselines: the sub-stage reached at the end of HT6; targets by the rule, FFT as the floor.
    baselines = {(b.pupil_id, b.subject_id): b.substage for b in Baseline.select().join(AcademicYear)
                 .where(AcademicYear.start_year == 2027)}
    assert baselines == {key: label for key, label in finals.items() if key[0] in now}
    assert check_targets(2027) == len(baselines)
    target = LongTermTarget.get(pupil=stretched, subject=maths.id, academic_year=year_2027(2027).id)
    assert target.substage == fft_high.label

    # Marks and working stages carried; last year's records as they were.
    assert CriterionMark.select().count() == marks
    assert {(w.pupil_id, w.subject_id, w.stage) for w in WorkingStage.select()} == stages
    assert {(b.pupil_id, b.subject_id, b.substage) for b in Baseline.select().join(AcademicYear)
            .where(AcademicYear.start_year == 2026)} == old_baselines

    # The tracking export shows the new year: new classes, baselines, targets, expected, status.
    monkeypatch.setattr(school, "current_half_term", lambda today=None: school.half_term(2027, 1))
    out = io.StringIO()
    run_export("tracking", out)
    lines = out.getvalue().splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","))) for line in lines[1:]]
    assert {row["upn"] for row in rows} == {p.upn for p in now.values()}
    assert all(row["class"] == placed[row["upn"]] for row in rows)
    assert all(row["baseline"] and row["target"] and row["expected"] and row["status"] for row in rows)

    # This year's class grid has its pupils with their new baselines and targets.
    beech = classes_2027["Beech"]
    grid = class_grid.load_grid(beech, school.subject_by_name("Maths"), school.half_term(2027, 1))
    assert {p.upn for p in grid.pupils} <= {u for u, n in placed.items() if n == "Beech"}
    assert grid.pupils and all(grid.record.targets.get(p.id) for p in grid.pupils)

    # Last year's Willow (Year 6) grid at HT6 still lists its pupils, the leavers among them.
    willow = next(c for c in school.classes(2026) if c.name == "Willow")
    old_grid = class_grid.load_grid(willow, school.subject_by_name("Maths"), school.half_term(2026, 6))
    assert old_grid.pupils and {p.id for p in old_grid.pupils} <= leavers
    assert sum(old_grid.stages_in_class.values()) == len({pid for pid, subject in finals
                                                         if pid in leavers and subject == maths.id})
    assert willow.pupils == len(leavers)

    # The pupil's previous years on their file, and last year's attitude in its own column.
    years = membership.pupil_years(stretched)
    assert [y.year for y in years] == [2027, 2026]
    assert years[0].year_group == years[1].year_group + 1
    with_attitude = next(pid for pid in now if pupil_attitude(pid, 2026).half_terms)
    assert pupil_attitude(with_attitude, 2027).last_year

    # A second run changes nothing and says so.
    before = counts(demo)
    year_entries = AuditEntry.select().where(AuditEntry.action.startswith("year.")).count()
    assert year_entries > len(now)  # a baseline and a target entry per pupil, the move, the year
    status, said = new_year(demo, SEPT_2027, monkeypatch, capsys, "--pupils", str(file_2027))
    assert status == 0, said
    assert "2027-28 was already open" in said and "none left to archive" in said
    assert "Every pupil was already placed" in said and "0 set" in said
    after = counts(demo)
    assert {k: v for k, v in after.items() if k not in ("audit_entry", "seal")} == \
           {k: v for k, v in before.items() if k not in ("audit_entry", "seal")}
    assert year_entries == AuditEntry.select().where(AuditEntry.action.startswith("year.")).count()

    # September 2028: Year 6 (last year's Year 5) leaves; targets by the rule again.
    finals_2027 = final_substages(2027)
    year6 = {pid for pid, p in on_roll().items() if p.year_group == 6}
    file_2028 = tmp_path / "pupils-2028.csv"
    placed_2028 = next_year_file(file_2028, 2027)
    status, said = new_year(demo, SEPT_2028, monkeypatch, capsys, "--pupils", str(file_2028))
    assert status == 0, said
    assert set(on_roll()) == set(now) - year6
    assert all(p.school_class.name == placed_2028[p.upn] for p in on_roll().values())
    assert check_targets(2028) > 0
    assert {(b.pupil_id, b.subject_id): b.substage for b in Baseline.select().join(AcademicYear)
            .where(AcademicYear.start_year == 2028)} == \
           {key: label for key, label in finals_2027.items() if key[0] in on_roll()}
    assert [y.year for y in membership.pupil_years(stretched)] == [2028, 2027, 2026]


def test_without_a_file_pupils_move_up_into_no_class_and_are_named(demo, monkeypatch, capsys):
    status, said = new_year(demo, SEPT_2027, monkeypatch, capsys)
    assert status == 0, said
    assert "have no class in 2027-28" in said and "import the MIS's pupils file" in said
    assert all(p.school_class_id is None for p in on_roll().values())
    assert ClassMembership.select().join(AcademicYear).where(AcademicYear.start_year == 2027).count() == \
           len(on_roll())
    check_targets(2027)


def test_a_teacher_may_not_open_the_new_year(demo, monkeypatch, capsys):
    teacher = next(s.username for s in Staff.select() if "admin" not in s.roles)
    monkeypatch.setattr(identity, "current_person", lambda: identity.Person(teacher, None))
    before = counts(demo)
    status, said = new_year(demo, SEPT_2027, monkeypatch, capsys)
    assert status == 1 and "Nothing was changed" in said
    assert counts(demo) == before


def test_archive_a_whole_year_group(demo, capsys):
    year6 = {pid for pid, p in on_roll().items() if p.year_group == 6}
    assert cli.main(["--db", str(demo), "archive", "--year", "6", "--left", "22/07/2027"]) == 0
    assert f"{len(year6)} Year 6 pupils archived" in capsys.readouterr().out
    open_database(Target(str(demo)))
    assert not year6 & set(on_roll())
    assert AuditEntry.select().where(AuditEntry.action == "pupil.archive").count() == len(year6)


def test_a_pupils_file_with_a_mistake_stops_before_anyone_moves(demo, monkeypatch, capsys, tmp_path):
    bad = tmp_path / "pupils.csv"
    bad.write_text("UPN,Legal Surname,Legal Forename,DOB,Year,Reg\nA123,Smith,Ann,31/02/2020,2,Beech\n",
                   encoding="utf-8")
    status, said = new_year(demo, SEPT_2027, monkeypatch, capsys, "--pupils", str(bad))
    assert status == 1 and "pupils.csv:2" in said and "run amtui new-year again" in said
    assert ClassMembership.select().join(AcademicYear).where(AcademicYear.start_year == 2027).count() == 0
    assert Pupil.select().where(Pupil.left_on.is_null(False)).count() == 0


def test_a_year_never_opened_is_named_and_opened_first(demo, monkeypatch, capsys):
    before = counts(demo)
    status, said = new_year(demo, SEPT_2028, monkeypatch, capsys)
    assert status == 1 and "No pupil is in 2027-28 yet" in said and "newest year with pupils is 2026-27" in said
    assert "Open 2027-28 first (amtui new-year --year 2027-28)" in said and "Nothing was changed" in said
    assert counts(demo) == before
    status, said = new_year(demo, SEPT_2028, monkeypatch, capsys, "--year", "2030-31")
    assert status == 1 and "more than a year ahead" in said
    status, said = new_year(demo, SEPT_2028, monkeypatch, capsys, "--year", "2027-28")
    assert status == 0 and "Opened 2027-28" in said, said
    status, said = new_year(demo, SEPT_2028, monkeypatch, capsys)
    assert status == 0 and "Opened 2028-29" in said, said
    check_targets(2028)


def test_the_leaders_trend_follows_the_cohort_back_into_last_year(demo, monkeypatch, capsys, tmp_path):
    """After the year-end, the leaders' trend at 2027-28 HT1 starts at the end of 2026-27 with
    the same pupils, a year group lower, and last year's figures as they were then."""
    from amtui.db.repo import analysis
    file_2027 = tmp_path / "pupils-2027.csv"
    next_year_file(file_2027, 2026)
    status, said = new_year(demo, SEPT_2027, monkeypatch, capsys, "--pupils", str(file_2027))
    assert status == 0, said
    maths = school.subject_by_name("Maths")
    now = analysis.standings(school.half_term(2027, 1), maths, today=SEPT_2027)
    points = analysis.trend(now, SEPT_2027)
    assert [p.label for p in points] == ["2026-27 HT6", "2027-28 HT1"]
    last_year, this_year = points
    ids = {f.pupil_id for f in this_year.facts}
    assert ids and {f.pupil_id for f in last_year.facts} == ids  # every pupil had a baseline then
    grade_now = {f.pupil_id: f.year_group for f in this_year.facts}
    assert all(f.year_group == grade_now[f.pupil_id] - 1 for f in last_year.facts)
    # Year 6 left: none of last year's leavers is followed back.
    assert all(Pupil.get_by_id(pid).left_on is None for pid in ids)
    direct = analysis.limited(analysis.standings(school.half_term(2026, 6), maths, None, SEPT_2027),
                              pupil_ids=ids)
    assert sorted((f.pupil_id, f.status) for f in last_year.facts) == \
        sorted((f.pupil_id, f.status) for f in direct.facts)
    assert any(f.status is not None for f in last_year.facts)

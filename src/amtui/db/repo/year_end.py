"""The year-end: open the next academic year and move the school into it.

Each step is one short transaction, safe to run again: it does only what is not done yet
and says what it found already done. ``amtui new-year`` runs them in order (with the
MIS's pupils file, imported into the new year, between opening the year and archiving the
leavers). Last year's records stay as they were: its classes, memberships, baselines and
targets are rows of that year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import fn

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import (
    AcademicYear, Baseline, ClassMembership, FftEstimate, LongTermTarget, Pupil, SchoolClass,
    Subject, WeeklyLevel, WorkingStage,
)
from amtui.db.repo import membership, school, tracking
from amtui.db.repo.year_end_secondary import SecondaryTargets, secondary_year_groups, set_secondary_targets
from amtui.domain import year_end
from amtui.domain.calendar import academic_year_of
from amtui.domain.errors import UserFacingError
from amtui.domain.scale import default_scale
from amtui.domain.year_group import year_label


def year_label_of(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class YearEnd:
    """The move asked for: from the academic year ``old`` to ``new``."""

    old: int
    new: int

    @property
    def first_day(self) -> dt.date:
        """The new year's first day (1 September): places made at the year-end start then."""
        return membership.year_span(self.new)[0]


def plan(today: dt.date, early: bool = False, year: int | None = None) -> YearEnd:
    """Which year to open: ``year`` when named, else the next one once the summer term is
    over (or ``early``), else this one when last year's pupils have not been moved into it
    yet. UserFacingError says why not, and what to do first."""
    base = academic_year_of(today)
    summer_end = summer_term_end(base)
    if year is not None:
        if year > base + 1:
            raise UserFacingError(f"{year_label_of(year)} is more than a year ahead: amtui new-year opens "
                                  f"{year_label_of(base + 1)} at the latest. Nothing was changed.")
        new = year
    else:
        new = base + 1 if year_end.summer_end_passed(today, summer_end) or early else base
    move = YearEnd(new - 1, new)
    if read(lambda: _has_pupils(move.old)):
        return move
    newest = read(_newest_year_with_pupils)
    if newest is not None and newest < move.old:
        raise UserFacingError(
            f"No pupil is in {year_label_of(move.old)} yet: the school's newest year with pupils is "
            f"{year_label_of(newest)}. Open {year_label_of(newest + 1)} first (amtui new-year --year "
            f"{year_label_of(newest + 1)}), then run amtui new-year again for each year after it. "
            "Nothing was changed.")
    if new == base and year is None:
        raise UserFacingError(
            f"The summer term of {year_label_of(base)} ends on {summer_end:%d/%m/%Y}: amtui new-year opens "
            f"{year_label_of(base + 1)} after it (--early opens it now). Nothing was changed.")
    raise UserFacingError(f"No pupil was in {year_label_of(move.old)}: there is nobody to move up. "
                          "Nothing was changed.")


def summer_term_end(start_year: int) -> dt.date:
    """The last day of the year's summer term (its sixth half-term), without opening the year."""
    from amtui.db.models import HalfTerm
    from amtui.domain.calendar import default_half_terms

    end = read(lambda: HalfTerm.select(HalfTerm.end).join(AcademicYear)
               .where((AcademicYear.start_year == start_year) & (HalfTerm.number == 6)).scalar())
    return end or default_half_terms(start_year)[5].end


def _newest_year_with_pupils() -> int | None:
    """The newest academic year in which any pupil had a class or year group, if any."""
    held = (AcademicYear.select(fn.MAX(AcademicYear.start_year)).join(ClassMembership).scalar())
    mirrored = (AcademicYear.select(fn.MAX(AcademicYear.start_year)).join(SchoolClass).join(Pupil).scalar())
    found = [y for y in (held, mirrored) if y is not None]
    return max(found) if found else None


def _has_pupils(start_year: int) -> bool:
    return (ClassMembership.select().join(AcademicYear).where(AcademicYear.start_year == start_year).exists()
            or Pupil.select().join(SchoolClass).join(AcademicYear).where(AcademicYear.start_year == start_year).exists())


def _year_id(start_year: int) -> int:
    return AcademicYear.get(AcademicYear.start_year == start_year).id


# --- 1. the year and its half-terms ------------------------------------------------------


def open_year(login: str, move: YearEnd) -> str:
    """The new academic year with its six half-terms (English calendar dates, editable)."""
    def change() -> str:
        if AcademicYear.get_or_none(AcademicYear.start_year == move.new) is not None:
            return f"{year_label_of(move.new)} was already open."
        school.ensure_year(move.new)
        audit(login, "year.open", "academic_year", move.new)
        return f"Opened {year_label_of(move.new)} with six half-terms."

    said = write(change)
    terms = school.half_terms(move.new)
    return f"{said} HT1 {terms[0].start:%d/%m/%Y} to HT6 {terms[5].end:%d/%m/%Y} (amtui settings changes the dates)."


# --- 2. leavers -------------------------------------------------------------------------------


def _old_places(old_id: int, day: dt.date) -> dict[int, tuple[int, int | None]]:
    """Pupil -> (year group, class id) at the old year's end, for pupils on roll."""
    places: dict[int, tuple[int, int | None]] = {}
    for pupil, year_group, class_id in (
            ClassMembership.select(ClassMembership.pupil, ClassMembership.year_group, ClassMembership.school_class)
            .join(Pupil).where((ClassMembership.academic_year == old_id) & Pupil.left_on.is_null()
                               & membership.open_on(day)).tuples()):
        places[pupil] = (year_group, class_id)
    for pupil, year_group, class_id in (Pupil.select(Pupil.id, Pupil.year_group, Pupil.school_class)
                                        .join(SchoolClass).where((SchoolClass.academic_year == old_id)
                                                                 & Pupil.left_on.is_null()).tuples()):
        places.setdefault(pupil, (year_group, class_id))
    return places


def _placed_in(year_id: int) -> set[int]:
    return {p for (p,) in ClassMembership.select(ClassMembership.pupil)
            .where(ClassMembership.academic_year == year_id).tuples()}


def archive_pupils(login: str, pupil_ids: list[int], left_on: dt.date, why: str) -> int:
    """Archive these pupils as leavers on ``left_on`` (one entry each in the audit trail).
    Call inside a write."""
    for pupil_id, upn in Pupil.select(Pupil.id, Pupil.upn).where(Pupil.id.in_(pupil_ids)).tuples():
        Pupil.update(left_on=left_on, school_class=None).where(Pupil.id == pupil_id).execute()
        if left_on < membership.year_span(academic_year_of(left_on))[1]:
            membership.end_on(pupil_id, left_on)
        audit(login, "pupil.archive", "pupil", pupil_id, upn=upn, left_on=left_on, why=why)
    return len(pupil_ids)


def archive_leavers(login: str, move: YearEnd) -> str:
    """Archive the leaving year group (Year 6 in a primary; 11 or 13 in a secondary) as of
    the old year's last day, unless the new year's pupils file placed them."""
    def change() -> str:
        old_id, last = _year_id(move.old), membership.year_span(move.old)[1]
        places = _old_places(old_id, last)
        leaving = year_end.leaving_year(group for group, _ in places.values())
        placed = _placed_in(_year_id(move.new))
        leavers = [p for p, (group, _) in places.items() if year_end.is_leaver(group, leaving) and p not in placed]
        if not leavers:
            gone = Pupil.select().where(Pupil.left_on == last).count()
            return f"{year_label(leaving)} leavers: none left to archive ({gone} archived already)."
        archive_pupils(login, leavers, last, f"{year_label(leaving)} leaver at the year-end")
        return (f"Archived {len(leavers)} {year_label(leaving)} leavers as of {last:%d/%m/%Y} "
                "(off every list; their records kept).")

    return write(change)


def archive_year_group(login: str, year_group: int, left_on: dt.date) -> int:
    """``amtui archive --year N``: every pupil on roll in year group N, as leavers."""
    def change() -> int:
        ids = [p for (p,) in Pupil.select(Pupil.id).where((Pupil.year_group == year_group)
                                                           & Pupil.left_on.is_null()).tuples()]
        return archive_pupils(login, ids, left_on, f"{year_label(year_group)} leavers")

    return write(change)


# --- 3. moving up -----------------------------------------------------------------------------


def move_up(login: str, move: YearEnd) -> str:
    """Every pupil on roll not yet placed in the new year moves up a year group, into the new
    year's class of the same name where there is one, else into no class (named)."""
    def change() -> tuple[int, list[str], int]:
        old_id, new_id = _year_id(move.old), _year_id(move.new)
        places = _old_places(old_id, membership.year_span(move.old)[1])
        placed = _placed_in(new_id)
        old_names = dict(SchoolClass.select(SchoolClass.id, SchoolClass.name)
                         .where(SchoolClass.academic_year == old_id).tuples())
        new_classes = {name.lower(): cid for cid, name in SchoolClass.select(SchoolClass.id, SchoolClass.name)
                       .where(SchoolClass.academic_year == new_id).tuples()}
        names = dict(Pupil.select(Pupil.id, fn.TRIM(Pupil.forename.concat(" ").concat(Pupil.surname))).tuples())
        moved, classless = 0, []
        for pupil, (group, class_id) in sorted(places.items()):
            if pupil in placed:
                continue
            new_class = new_classes.get(old_names.get(class_id, "").lower())
            membership.place(pupil, new_id, new_class, year_end.next_year_group(group), move.first_day)
            moved += 1
            if new_class is None:
                classless.append(names.get(pupil, str(pupil)))
        if moved:
            audit(login, "year.move_up", "academic_year", move.new, pupils=moved, without_class=len(classless))
        return moved, classless, len(placed)

    moved, classless, already = write(change)
    said = [f"Moved {moved} pupils up a year group into {year_label_of(move.new)}"
            f"{f' ({already} placed already)' if already else ''}." if moved
            else f"Every pupil was already placed in {year_label_of(move.new)} ({already})."]
    if classless:
        shown = ", ".join(classless[:10]) + (f" and {len(classless) - 10} more" if len(classless) > 10 else "")
        said.append(f"{len(classless)} have no class in {year_label_of(move.new)} (no class of the same name; "
                    f"import the MIS's pupils file or use amtui pupil move): {shown}.")
    return " ".join(said)


def teachers_note(move: YearEnd) -> str:
    """The new year's classes nobody teaches yet (teachers change classes: the staff import
    or ``amtui staff teach`` says who teaches which from when)."""
    from amtui.db.models import ClassStaff

    def query() -> list[str]:
        taught = ClassStaff.select(ClassStaff.school_class).where(
            (ClassStaff.end.is_null() | (ClassStaff.end > move.first_day)) & (ClassStaff.role == "teacher"))
        return [name for (name,) in SchoolClass.select(SchoolClass.name).join(AcademicYear)
                .where((AcademicYear.start_year == move.new) & SchoolClass.id.not_in(taught))
                .order_by(SchoolClass.year_group, SchoolClass.name).tuples()]

    untaught = read(query)
    if not untaught:
        return ""
    return (f"{len(untaught)} classes of {year_label_of(move.new)} have no teacher yet ({', '.join(untaught)}): "
            "amtui staff teach LOGIN CLASS, or import staff with their classes.")


def carried(move: YearEnd) -> str:
    """Working stages and weekly levels are a pupil's, not a year's: they carry as they are."""
    def count() -> tuple[int, int]:
        on_roll = Pupil.select(Pupil.id).where(Pupil.left_on.is_null())
        return (WorkingStage.select(fn.COUNT(fn.DISTINCT(WorkingStage.pupil))).where(WorkingStage.pupil.in_(on_roll)).scalar(),
                WeeklyLevel.select(fn.COUNT(fn.DISTINCT(WeeklyLevel.pupil))).where(WeeklyLevel.pupil.in_(on_roll)).scalar())

    stages, levels = read(count)
    return (f"Carried into {year_label_of(move.new)}: the working stages of {stages} pupils and the "
            f"weekly test levels of {levels}, as they stood.")


# --- 4. baselines and targets ------------------------------------------------------------------


def set_baselines(user, move: YearEnd) -> str:
    """Each pupil's baseline for the new year: the sub-stage they ended the old year at."""
    final = school.half_term(move.old, 6)
    rows = tracking.pupil_subject_positions(final)

    def change() -> tuple[int, int, int]:
        new_id = _year_id(move.new)
        have = set(Baseline.select(Baseline.pupil, Baseline.subject).where(Baseline.academic_year == new_id).tuples())
        made: dict[int, dict[str, str]] = defaultdict(dict)
        unplaced = 0
        for row in rows:
            baseline = year_end.new_baseline(row.substage)
            if (row.pupil_id, row.subject_id) in have:
                continue
            if baseline is None:
                unplaced += 1
                continue
            Baseline.create(pupil=row.pupil_id, subject=row.subject_id, academic_year=new_id,
                            substage=baseline.label, set_by=user.staff_id)
            made[row.pupil_id][row.subject] = baseline.label
        for pupil, labels in made.items():
            audit(user.login, "year.baseline", "pupil", pupil, year=move.new, baselines=labels, source="year-end")
        return sum(len(v) for v in made.values()), len(have), unplaced

    made, had, unplaced = write(change)
    said = f"Baselines for {year_label_of(move.new)}: {made} set from the sub-stage reached at the end of HT6"
    said += f"; {had} there already" if had else ""
    said += f"; {unplaced} left blank (no criteria bank to place the pupil)" if unplaced else ""
    return said + "."


def set_targets(user, move: YearEnd) -> str:
    """Each primary pupil's new baseline's long-term target: baseline + the setting's steps,
    never below FFT; a secondary pupil's end-of-year targets the secondary way
    (``db.repo.year_end_secondary``)."""
    scale, settings = default_scale(), school.load_settings()
    steps = settings.target_steps

    def change() -> tuple[int, int, SecondaryTargets]:
        new_id = _year_id(move.new)
        secondary_pupils = secondary_year_groups(new_id)
        baselines = [row for row in Baseline.select(Baseline.pupil, Baseline.subject, Baseline.substage)
                     .where(Baseline.academic_year == new_id).tuples() if row[0] not in secondary_pupils]
        have = {row for row in LongTermTarget.select(LongTermTarget.pupil, LongTermTarget.subject)
                .where((LongTermTarget.academic_year == new_id) & (LongTermTarget.kind == "year")).tuples()
                if row[0] not in secondary_pupils}
        secondary = set_secondary_targets(user, _year_id(move.old), new_id, move.new, steps, settings.fine_grades)
        fft = {(p, s): label for p, s, label in FftEstimate.select(FftEstimate.pupil, FftEstimate.subject,
                                                                  FftEstimate.substage)
               .where(FftEstimate.academic_year == new_id).tuples()}
        subjects = dict(Subject.select(Subject.id, Subject.name).tuples())
        made: dict[int, dict[str, str]] = defaultdict(dict)
        for pupil, subject, label in baselines:
            if (pupil, subject) in have:
                continue
            floor = scale.parse(fft[(pupil, subject)]) if (pupil, subject) in fft else None
            target = year_end.new_target(scale.parse(label), floor, scale, steps)
            LongTermTarget.create(pupil=pupil, subject=subject, academic_year=new_id, kind="year",
                                  substage=target.label, set_by=user.staff_id,
                                  reason=f"year-end: baseline + {steps} steps, never below FFT")
            made[pupil][subjects[subject]] = target.label
        for pupil, labels in made.items():
            audit(user.login, "year.target", "pupil", pupil, year=move.new, targets=labels, source="year-end")
        return sum(len(v) for v in made.values()), len(have), secondary

    made, had, secondary = write(change)
    said = [f"{made} set (baseline + {steps} steps, never below FFT){f'; {had} there already' if had else ''}"]
    if secondary.touched:
        said = [secondary.said] if not (made or had) else said + [secondary.said]
    return f"Long-term targets for {year_label_of(move.new)}: {'; '.join(said)}."

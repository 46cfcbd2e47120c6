"""Progress returns: the year's return windows, a teacher's returns, the head of
department's check.

A window is made for an academic year from the slides' calendar the first time the year's
windows are asked for (:func:`windows`), then the Assertive Mentoring team changes or adds
them (:func:`open_window`). A return is one ``ProgressReturn`` row per window, pupil and
subject: entering again changes it (the audit trail keeps the old value), clears the head
of department's approval and answers their query. Who may enter is ``may_enter``'s rule for
marks: a teacher their own teaching groups in the group's subject, a head of department
their subject, SLT and admin anyone.

Reading (a teacher's sheet, the latest return per pupil and subject, who has not returned)
is ``db.repo.returns_read``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.compiled import compiled
from amtui.db.connection import read, write
from amtui.db.models import AcademicYear, ProgressReturn, Pupil, ReturnWindow, Subject, now
from amtui.db.repo.groups import placements_in
from amtui.db.repo.school import ensure_year, half_terms, load_settings
from amtui.db.repo.staff import CurrentUser, as_now, roles_now
from amtui.domain import returns as rules
from amtui.domain.errors import EntryRefused
from amtui.domain.grades import GradeScale
from amtui.domain.permissions import MATRIX, Action, NotAllowed, Placement, may_enter, refusal, require
from amtui.domain.scale import default_scale

CHECKERS = MATRIX[Action.CHECK_RETURNS].roles
"""Who checks projected grades: a head of department their subject's, SLT any."""


@dataclass(frozen=True)
class WindowInfo:
    """A return window as screens and commands see it."""

    id: int
    name: str
    year_group: int
    kind: str
    coursework: bool
    opens: dt.date
    due: dt.date

    @property
    def asks_grade(self) -> bool:
        return self.kind != rules.AOB

    @property
    def plan(self) -> rules.WindowPlan:
        return rules.WindowPlan(self.name, self.year_group, self.kind, self.coursework, self.opens, self.due)


def _info(row: ReturnWindow) -> WindowInfo:
    return WindowInfo(row.id, row.name, row.year_group, row.kind, bool(row.coursework), row.opens, row.due)


def _year_windows(start_year: int) -> list[WindowInfo]:
    rows = (ReturnWindow.select().join(AcademicYear).where(AcademicYear.start_year == start_year)
            .order_by(ReturnWindow.due, ReturnWindow.year_group, ReturnWindow.name))
    return [_info(row) for row in rows]


def windows(start_year: int, login: str = "amtui", today: dt.date | None = None) -> list[WindowInfo]:
    """The year's return windows by due date, made from the slides' calendar (and the
    year's half-terms) the first time they are asked for; audited as ``returns.calendar``.

    A year set up before a year group had a default (the sixth form's, in a file made by an
    older amtui) gains that year group's windows still to come (``rules.missing_plans``) the
    first time they are asked for after; the windows it has, the AMT's, stay as they are.
    At the year's opening rather than in a schema step: the calendar is made from the year's
    half-terms by today's rules, and a year set up later by an older copy is mended too."""
    today = today or dt.date.today()
    found = read(lambda: _year_windows(start_year))
    if found and {info.year_group for info in found} >= set(rules.SECONDARY_YEARS):
        return found
    plans = rules.default_windows(start_year, [term.dates for term in half_terms(start_year)])

    def lacking(there: list[WindowInfo]) -> list[rules.WindowPlan]:
        return rules.missing_plans(plans, [(i.name, i.year_group) for i in there], today) if there else plans

    if not lacking(found):
        return found

    def make() -> list[WindowInfo]:
        existing = _year_windows(start_year)
        wanted = lacking(existing)
        if wanted:
            year = ensure_year(start_year)
            ReturnWindow.insert_many([dict(academic_year=year.id, name=p.name, year_group=p.year_group, kind=p.kind,
                                           coursework=p.coursework, opens=p.opens, due=p.due)
                                      for p in wanted]).execute()
            audit(login, "returns.calendar", "academic_year", year.id, windows=len(wanted),
                  **({"year_groups": sorted({p.year_group for p in wanted})} if existing else {}))
        return _year_windows(start_year)

    return write(make)


def window_named(start_year: int, name: str) -> WindowInfo:
    """The year's window called ``name`` (any case); EntryRefused naming the ones there are."""
    found = windows(start_year)
    wanted = " ".join(name.split()).lower()
    for info in found:
        if info.name.lower() == wanted:
            return info
    raise EntryRefused(f"there is no return called '{name.strip()}' this year; there are: "
                       + ", ".join(info.name for info in found))


@compiled
def _window_row(window):
    return (ReturnWindow.select(ReturnWindow.id, ReturnWindow.name, ReturnWindow.year_group, ReturnWindow.kind,
                                ReturnWindow.coursework, ReturnWindow.opens, ReturnWindow.due)
            .where(ReturnWindow.id == window))


def window_by_id(window_id: int) -> WindowInfo:
    """A window by its id (a return's save looks it up on every key: the SQL is built once)."""
    rows = read(lambda: _window_row(window=window_id))
    if not rows:
        raise ReturnWindow.DoesNotExist(f"no return window {window_id}")
    window_id, name, year_group, kind, coursework, opens, due = rows[0]
    return WindowInfo(window_id, name, year_group, kind, bool(coursework), opens, due)


def open_window(user: CurrentUser, start_year: int, name: str, year_group: int, due: dt.date, *,
                opens: dt.date | None = None, kind: str | None = None,
                coursework: bool | None = None) -> WindowInfo:
    """Add a return window, or change the one of that name (its year group, due date, when
    it opens, kind). The AMT and SLT only; audited with what was and what is."""
    if year_group not in rules.SECONDARY_YEARS:
        raise EntryRefused(f"returns are for Years 7-13, not Year {year_group}")
    existing = {info.name.lower(): info for info in windows(start_year, user.login)}
    old = existing.get(" ".join(name.split()).lower())
    kind = kind or (old.kind if old else rules.usual_kind(year_group))
    plan = rules.WindowPlan(
        old.name if old else " ".join(name.split()), year_group, kind,
        coursework if coursework is not None else (old.coursework if old else year_group == 11 and kind != rules.AOB),
        opens or (old.opens if old and old.opens <= due else due - dt.timedelta(days=rules.OPEN_DAYS)), due)

    def change() -> WindowInfo:
        require(roles_now(user), Action.MANAGE_RETURNS)  # as they are now, not at login
        values = dict(name=plan.name, year_group=plan.year_group, kind=plan.kind, coursework=plan.coursework,
                      opens=plan.opens, due=plan.due)
        if old is None:
            window_id = ReturnWindow.insert(academic_year=ensure_year(start_year).id, **values).execute()
            audit(user.login, "returns.window", "return_window", window_id, **values)
        else:
            window_id = old.id
            ReturnWindow.update(**values).where(ReturnWindow.id == window_id).execute()
            audit(user.login, "returns.window", "return_window", window_id,
                  old={k: getattr(old, k) for k in values}, new=values)
        return _info(ReturnWindow.get_by_id(window_id))

    return write(change)


# --- a teacher's return ------------------------------------------------------------------------


def check_return(user: CurrentUser, pupil_ids: Collection[int], subject_id: int,
                 places: dict[int, Placement], day: dt.date) -> None:
    """Refuse (NotAllowed, with the reason) unless the user may return for every one of
    these pupils in the subject: ``may_enter``'s rule for marks, by teaching group
    (``places``: ``placements_in`` the subject on ``day``), weighed against the user's links
    roles, links and remits as the same transaction reads them (``as_now``), not as at login."""
    # SLT and admin return anywhere: no remit to read (an import's thousands of rows skip it).
    roles = roles_now(user)
    anywhere = refusal(roles, Action.ENTER_RETURN, in_scope=False) is None
    remit = user.remit if anywhere else as_now(user, day).remit
    for pupil_id in sorted(pupil_ids):
        place = places.get(pupil_id, Placement(None, 0, subject_id))
        may_enter(roles, Action.ENTER_RETURN, remit=remit, place=place, half_term=None,
                  today=None).enforce()


@dataclass(frozen=True)
class Entry:
    """What is returned for one pupil: ``aob`` or ``projected`` (by the window's kind), and
    ``coursework`` where it asks for one. Text as typed; None leaves a value as it is."""

    aob: str | None = None
    projected: str | None = None
    coursework: str | None = None


def _values(window: WindowInfo, year_group: int, entry: Entry) -> dict[str, str]:
    settings = load_settings()
    grades, scale = GradeScale(settings.fine_grades), default_scale()
    values: dict[str, str] = {}
    if window.asks_grade:
        if entry.aob:
            raise EntryRefused(f"{window.name} asks for a projected grade, not A, O or B")
        if entry.projected is not None:
            values["projected"] = rules.parse_projected(entry.projected, year_group, grades, scale) \
                if entry.projected.strip() else ""
        if entry.coursework is not None:
            if not window.coursework and entry.coursework.strip():
                raise EntryRefused(f"{window.name} asks for no coursework grade")
            values["coursework"] = grades.parse(entry.coursework).label if entry.coursework.strip() else ""
    else:
        if entry.projected or entry.coursework:
            raise EntryRefused(f"{window.name} asks for A, O or B, not a grade")
        if entry.aob is not None:
            values["aob"] = rules.parse_aob(entry.aob) if entry.aob.strip() else ""
    return values


@compiled
def _pupil_row(pupil):
    return Pupil.select(Pupil.forename, Pupil.surname, Pupil.year_group, Pupil.left_on).where(Pupil.id == pupil)


@compiled
def _return_row(window, pupil, subject):
    return (ProgressReturn.select(ProgressReturn.id, ProgressReturn.aob, ProgressReturn.projected,
                                  ProgressReturn.coursework, ProgressReturn.query)
            .where((ProgressReturn.window == window) & (ProgressReturn.pupil == pupil)
                   & (ProgressReturn.subject == subject)))


@compiled
def _insert_return(window, pupil, subject, staff, entered_at, aob, projected, coursework, note):
    return ProgressReturn.insert(window=window, pupil=pupil, subject=subject, staff=staff, entered_at=entered_at,
                                 aob=aob, projected=projected, coursework=coursework, query=note)


@compiled
def _enter_again(row, staff, entered_at, aob, projected, coursework):
    """A new entry clears the head of department's approval and answers their query."""
    return (ProgressReturn.update(staff=staff, entered_at=entered_at, aob=aob, projected=projected,
                                  coursework=coursework, checked_by=None, checked_at=None, query="",
                                  queried_by=None, queried_at=None)
            .where(ProgressReturn.id == row))


RETURNED = ("aob", "projected", "coursework")
"""A return's values, in ``_return_row``'s order after its id."""


def save_return_in(user: CurrentUser, window: WindowInfo, pupil_id: int, subject_id: int, entry: Entry,
                   day: dt.date, *, teacher_id: int | None = None, at: dt.datetime | None = None) -> bool:
    """Save one pupil's return inside the caller's write; whether anything changed. Checks
    the pupil's year group and the user's right to enter; a change clears the head of
    department's approval and answers their query. Refused before the window opens; a late
    return goes in (chasing lists who is late). ``teacher_id`` and ``at`` record another
    teacher and time than the user and now (an import's rows are the group teacher's).
    The return screen saves on every key: its statements are built once (``db.compiled``)."""
    if day < window.opens:
        raise EntryRefused(f"{window.name} opens on {window.opens:%a %d %b %Y}; nothing was saved.")
    found = _pupil_row(pupil=pupil_id)
    if not found or found[0][3] is not None:
        raise EntryRefused("That pupil is no longer on roll; nothing was saved.")
    forename, surname, on_roll_year, _ = found[0]
    places = placements_in([pupil_id], subject_id, day)
    place = places.get(pupil_id)
    year_group = place.year_group if place else on_roll_year
    if year_group != window.year_group:
        raise EntryRefused(f"{forename} {surname} is in Year {year_group}; "
                           f"{window.name} is Year {window.year_group}'s return")
    if place is None or not place.group_ids:
        subject = Subject.get_by_id(subject_id).name
        raise EntryRefused(f"{forename} {surname} is in no {subject} teaching group; "
                           "a return is made by the group's teacher")
    check_return(user, [pupil_id], subject_id, places, day)
    values = _values(window, year_group, entry)
    rows = _return_row(window=window.id, pupil=pupil_id, subject=subject_id)
    row = rows[0] if rows else None
    stored = dict(zip(RETURNED, row[1:4])) if row else dict.fromkeys(RETURNED, "")
    old = {key: stored[key] for key in values} if row else {}
    if row is not None and old == values:
        return False
    new = {**stored, **values}
    who = dict(staff=teacher_id or user.staff_id, entered_at=at or now())
    if row is None:
        _insert_return(window=window.id, pupil=pupil_id, subject=subject_id, note="", **who, **new)
    else:
        _enter_again(row=row[0], **who, **new)
    audit(user.login, "returns.enter", "pupil", pupil_id, window=window.name, subject=subject_id,
          old=old or None, new=values, query_answered=bool(row and row[4]) or None)
    return True


def save_return(user: CurrentUser, window_id: int, pupil_id: int, subject_id: int, entry: Entry,
                day: dt.date | None = None) -> bool:
    """One pupil's return in one short transaction (see :func:`save_return_in`)."""
    window = window_by_id(window_id)
    return write(lambda: save_return_in(user, window, pupil_id, subject_id, entry, day or dt.date.today()))


# --- the head of department's check -------------------------------------------------------------


def _checkable(user: CurrentUser, return_ids: Collection[int]) -> list[ProgressReturn]:
    """The returns, once the user may check every one: inside the write, so the subjects they
    head are the database's now (a department handed on since login counts)."""
    me = as_now(user, dt.date.today())
    require(me.roles, Action.CHECK_RETURNS)
    rows = list(ProgressReturn.select().where(ProgressReturn.id.in_(list(return_ids))))
    if len(rows) != len(set(return_ids)):
        raise EntryRefused("That return is no longer there; nothing was saved.")
    for row in rows:
        if refusal(me.roles, Action.CHECK_RETURNS, in_scope=row.subject_id in me.hod_subjects):
            subject = Subject.get_by_id(row.subject_id).name
            raise NotAllowed(f"You check your own department's returns, not {subject}'s.")
        if not row.projected:
            raise EntryRefused("Only a projected grade is checked; this pupil has none yet.")
    return rows


def approve(user: CurrentUser, return_ids: Collection[int]) -> int:
    """Approve these projected grades (and answer no query); how many were newly approved."""

    def change() -> int:
        rows = [row for row in _checkable(user, return_ids) if row.checked_by_id is None]
        if rows:
            ProgressReturn.update(checked_by=user.staff_id, checked_at=now(), query="", queried_by=None,
                                  queried_at=None).where(ProgressReturn.id.in_([r.id for r in rows])).execute()
            for row in rows:
                audit(user.login, "returns.approve", "pupil", row.pupil_id, window=row.window_id,
                      subject=row.subject_id, projected=row.projected)
        return len(rows)

    return write(change)


def query(user: CurrentUser, return_id: int, note: str) -> None:
    """Send a pupil's projected grade back to its teacher with a note (clears an approval)."""
    text = rules.check_note(note)

    def change() -> None:
        (row,) = _checkable(user, [return_id])
        ProgressReturn.update(query=text, queried_by=user.staff_id, queried_at=now(), checked_by=None,
                              checked_at=None).where(ProgressReturn.id == row.id).execute()
        audit(user.login, "returns.query", "pupil", row.pupil_id, window=row.window_id, subject=row.subject_id,
              projected=row.projected, note=text)

    write(change)

"""The staff list kept by the admin: add, change roles, deactivate a leaver, and who
teaches which class from which day.

Nothing is deleted: a leaver is marked inactive with the day they left (their marks,
meetings and the audit trail keep their name), and a change of teacher ends one
``ClassStaff`` link on the day the next one starts. Every change is audited and made
only by someone who may manage staff (``Action.MANAGE_STAFF``) as the database holds them
at the save (``roles_now``), never leaving the school without an active admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import ClassStaff, MentorAssignment, SchoolClass, Staff, StaffRemit, Subject
from amtui.db.repo.school import class_by_name, classes, subjects
from amtui.db.repo.staff import CurrentUser, links_open_on, roles_now, roles_of
from amtui.domain.calendar import academic_year_of
from amtui.domain.errors import InputRefused
from amtui.domain.heads import head_refusal, parse_head
from amtui.domain.permissions import Action, NotAllowed, require
from amtui.domain.roles import NO_ADMIN_LEFT, Role, parse_login, roles_text
from amtui.domain.text import checked
from amtui.domain.year_group import year_label

LINK_ROLES = ("teacher", "ta")


@dataclass(frozen=True)
class StaffMember:
    """One person on the staff list, with the classes linked to them on the day asked."""

    id: int
    login: str
    name: str
    roles: frozenset[Role]
    active: bool
    left_on: dt.date | None
    classes: tuple[str, ...]  # "Elm", or "Oak (TA)"

    @property
    def roles_text(self) -> str:
        return ", ".join(role.value for role in Role if role in self.roles) or "none"

    @property
    def classes_text(self) -> str:
        """Their classes today, or when they left."""
        if self.active:
            return ", ".join(self.classes)
        return f"left {self.left_on:%d/%m/%Y}" if self.left_on else "left"


def staff_list(day: dt.date | None = None, include_leavers: bool = True) -> list[StaffMember]:
    """Everyone on the staff list by name (leavers last), with their classes on ``day``."""
    day = day or dt.date.today()

    def query() -> list[StaffMember]:
        linked: dict[int, list[str]] = {}
        for staff_id, name, role in (ClassStaff.select(ClassStaff.staff, SchoolClass.name, ClassStaff.role)
                                     .join(SchoolClass).where(links_open_on(day))
                                     .order_by(SchoolClass.year_group, SchoolClass.name).tuples()):
            linked.setdefault(staff_id, []).append(name if role == "teacher" else f"{name} (TA)")
        rows = Staff.select().order_by(Staff.active.desc(), Staff.name, Staff.username)
        return [StaffMember(s.id, s.username, s.name, roles_of(s), s.active, s.left_on,
                            tuple(linked.get(s.id, ()) if s.active else ()))
                for s in rows if s.active or include_leavers]

    return read(query)


def active_admins() -> set[str]:
    """The logins of active staff holding the admin role (call inside a transaction)."""
    return {s.username for s in Staff.select().where(Staff.active == True)  # noqa: E712
            if Role.ADMIN in roles_of(s)}


def _need_an_admin() -> None:
    if not active_admins():
        raise NotAllowed(f"Refused: {NO_ADMIN_LEFT}. Nothing was changed.")


def _member(login: str) -> Staff:
    row = Staff.get_or_none(Staff.username == login)
    if row is None:
        raise NotAllowed(f"There is nobody with the login '{login}' on the staff list (amtui staff list).")
    return row


def add_staff(user: CurrentUser, login: str, name: str, roles: frozenset[Role]) -> str:
    """Put a new member of staff on the list (or bring back a leaver); what was done."""
    login = parse_login(login)
    name = checked("name", name.strip())
    if not name:
        raise InputRefused("Give the person's name.")
    if not roles:
        raise InputRefused("Give at least one role (teacher, ta, mentor, hod, hoy, slt or admin).")

    def change() -> str:
        require(roles_now(user), Action.MANAGE_STAFF)
        old = Staff.get_or_none(Staff.username == login)
        if old is not None and old.active:
            raise NotAllowed(f"'{login}' is already on the staff list as {old.name} "
                             f"(amtui staff roles {login} ... changes their roles).")
        if old is None:
            row = Staff.create(username=login, name=name, roles=roles_text(roles))
            audit(user.login, "staff.add", "staff", row.id, username=login, name=name, roles=roles_text(roles))
            return f"Added {name} ({login}) as {roles_text(roles).replace(';', ', ')}."
        Staff.update(name=name, roles=roles_text(roles), active=True, left_on=None).where(Staff.id == old.id).execute()
        audit(user.login, "staff.return", "staff", old.id, username=login, name=name, roles=roles_text(roles),
              left_on=old.left_on)
        return f"{name} ({login}) is back on the staff list, as {roles_text(roles).replace(';', ', ')}."

    return write(change)


def change_roles(user: CurrentUser, login: str, roles: frozenset[Role]) -> str:
    """Give a member of staff these roles instead of theirs; what was done."""
    if not roles:
        raise InputRefused("Give at least one role (teacher, ta, mentor, hod, hoy, slt or admin); "
                         "to take someone off the list, use amtui staff leave.")

    def change() -> str:
        require(roles_now(user), Action.MANAGE_STAFF)
        row = _member(login)
        old = roles_text(roles_of(row))
        Staff.update(roles=roles_text(roles)).where(Staff.id == row.id).execute()
        _need_an_admin()
        audit(user.login, "staff.roles", "staff", row.id, username=login, old=old, new=roles_text(roles))
        return f"{row.name} ({login}): {old.replace(';', ', ') or 'no roles'} -> " \
               f"{roles_text(roles).replace(';', ', ')}."

    return write(change)


def leave(user: CurrentUser, login: str, day: dt.date) -> str:
    """Deactivate a leaver from ``day``: they may not log in, their classes' links end that
    day, their history stays; what was done (and which mentees need a new mentor)."""

    def change() -> str:
        require(roles_now(user), Action.MANAGE_STAFF)
        row = _member(login)
        if not row.active:
            raise NotAllowed(f"{row.name} ({login}) already left on "
                             f"{row.left_on:%d/%m/%Y}." if row.left_on else f"{row.name} ({login}) has already left.")
        Staff.update(active=False, left_on=day).where(Staff.id == row.id).execute()
        _need_an_admin()
        ended = (ClassStaff.update(end=day).where((ClassStaff.staff == row.id) & ClassStaff.end.is_null())
                 .execute())
        mentees = (MentorAssignment.select().where((MentorAssignment.mentor == row.id)
                                                   & MentorAssignment.end.is_null()).count())
        audit(user.login, "staff.leave", "staff", row.id, username=login, left_on=day, links_ended=ended)
        said = f"{row.name} ({login}) has left from {day:%d/%m/%Y}: they can no longer log in; their records stay."
        if ended:
            said += f" {ended} class link{'s' if ended != 1 else ''} ended."
        if mentees:
            said += (f" They still mentor {mentees} pupil{'s' if mentees != 1 else ''}: give "
                     f"{'them' if mentees != 1 else 'the pupil'} a new mentor (amtui import pupils, mentor column).")
        return said

    return write(change)


def teach(user: CurrentUser, login: str, class_name: str, start: dt.date, role: str = "teacher") -> str:
    """``login`` teaches ``class_name`` (or supports it as a TA) from ``start``: as its
    teacher, the previous teacher's link ends that day. What was done."""
    if role not in LINK_ROLES:
        raise InputRefused(f"'{role}' is not teacher or ta.")
    year = academic_year_of(start)  # classes are a year's: the class of that name in the year of ``start``
    found = class_by_name(class_name, year)
    if found is None:
        names = ", ".join(c.name for c in classes(year)) or "none yet"
        when = "this year" if year == academic_year_of(dt.date.today()) else f"in {year}-{(year + 1) % 100:02d}"
        raise NotAllowed(f"There is no class '{class_name}' {when} (classes: {names}).")

    def change() -> str:
        require(roles_now(user), Action.MANAGE_STAFF)
        row = _member(login)
        if not row.active:
            raise NotAllowed(f"{row.name} ({login}) has left; bring them back first (amtui staff add).")
        links = list(ClassStaff.select().where((ClassStaff.school_class == found.id) & (ClassStaff.role == role)
                                               & (ClassStaff.end.is_null() | (ClassStaff.end > start))))
        if any(link.staff_id == row.id and (link.start is None or link.start <= start) for link in links):
            return f"{row.name} already {_does(role)} {found.name} on {start:%d/%m/%Y}: nothing to change."
        later = [link for link in links if link.start is not None and link.start > start]
        if later:
            raise NotAllowed(f"{found.name} has a {role} from {later[0].start:%d/%m/%Y}, after "
                             f"{start:%d/%m/%Y}; give a date on or after it.")
        ended = []
        if role == "teacher":  # a class has one teacher at a time; TAs add up
            ended = [link.staff.name for link in links]
            ClassStaff.update(end=start).where(ClassStaff.id.in_([link.id for link in links])).execute()
        ClassStaff.create(school_class=found.id, staff=row.id, role=role, start=start)
        audit(user.login, "staff.teach", "staff", row.id, username=login, school_class=found.id, role=role,
              start=start, ended=ended)
        said = f"{row.name} {_does(role)} {found.name} from {start:%d/%m/%Y}."
        if ended:
            said += f" {', '.join(ended)} no longer {'do' if len(ended) > 1 else 'does'} from that day."
        return said

    return write(change)


def heads(user: CurrentUser, login: str, text: str | None = None, kind: str | None = None,
          remove: bool = False) -> str:
    """Make ``login`` head (or, ``remove``, no longer head) the subject or year group ``text``
    (``kind`` ``subject`` or ``year``), read as the staff import's ``heads`` column reads it;
    audited. Without ``text``: what they head. What was done."""

    def change() -> str:
        require(roles_now(user), Action.MANAGE_STAFF)
        row = _member(login)
        rows = list(StaffRemit.select(StaffRemit.id, StaffRemit.subject, StaffRemit.year_group)
                    .where(StaffRemit.staff == row.id).tuples())
        if text is None:
            return f"{row.name} ({login}) heads {_remits_text(rows)}."
        head = parse_head(text, subjects(), kind)
        held = [rid for rid, sid, year in rows if (sid, year) == (head.subject_id, head.year_group)]
        if remove:
            if not held:
                return f"{row.name} ({login}) does not head {head.label}: nothing to change."
            StaffRemit.delete().where(StaffRemit.id.in_(held)).execute()
        else:
            if held:
                return f"{row.name} ({login}) already heads {head.label}: nothing to change."
            if refused := head_refusal(head, roles_of(row)):
                raise NotAllowed(f"Refused: {refused} (amtui staff roles {login} ...). Nothing was changed.")
            StaffRemit.create(staff=row.id, subject=head.subject_id, year_group=head.year_group)
        audit(user.login, "staff.heads", "staff", row.id, username=login, subject=head.subject_id,
              year_group=head.year_group, removed=remove)
        return f"{row.name} ({login}) {'no longer heads' if remove else 'heads'} {head.label}."

    return write(change)


def _remits_text(rows: list[tuple[int, int | None, int | None]]) -> str:
    names = dict(Subject.select(Subject.id, Subject.name).tuples())
    parts = sorted(names[sid] for _, sid, _ in rows if sid is not None)
    parts += [year_label(year) for _, _, year in sorted(rows, key=lambda r: r[2] or 0) if year is not None]
    return ", ".join(parts) or "nothing"


def _does(role: str) -> str:
    return "teaches" if role == "teacher" else "supports (TA)"


__all__ = ["StaffMember", "staff_list", "active_admins", "add_staff", "change_roles", "leave", "teach", "heads",
           "NotAllowed", "LINK_ROLES"]

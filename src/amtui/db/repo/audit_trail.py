"""The school's whole audit trail, newest first, for SLT and the admin (read-only)."""

from __future__ import annotations

from amtui.db.connection import read
from amtui.db.models import AuditEntry, Pupil
from amtui.db.repo.pupil_history import AuditInfo, names_for_trail, readable_detail


def school_audit(contains: str = "", limit: int = 500) -> list[AuditInfo]:
    """The newest ``limit`` entries whose login, action or detail contain ``contains``; each
    says who by name and a subject by its name."""

    def query() -> list[AuditInfo]:
        rows = AuditEntry.select(AuditEntry.at, AuditEntry.login, AuditEntry.action, AuditEntry.detail)
        text = contains.strip()
        if text:
            by_upn = Pupil.select(Pupil.id).where(Pupil.upn == text.upper())  # entries linked to the pupil
            rows = rows.where(AuditEntry.login.contains(text) | AuditEntry.action.contains(text)
                              | AuditEntry.detail.contains(text) | AuditEntry.pupil.in_(by_upn))
        people, subjects = names_for_trail()
        return [AuditInfo(at, people.get(login, login), action, readable_detail(detail, subjects))
                for at, login, action, detail in rows.order_by(AuditEntry.id.desc()).limit(limit).tuples()]

    return read(query)

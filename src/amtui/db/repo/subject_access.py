"""Everything held about one pupil, for a subject access request (``amtui export pupil``).

Every table that holds the pupil's records is found from the models (a foreign key to
the pupil, or to a meeting, target or intervention of theirs), so a table added later
is included without anyone remembering to add it here. Their audit entries come too.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from peewee import ForeignKeyField

from amtui.db.audit import audit
from amtui.db.connection import read, write
from amtui.db.models import ALL_MODELS, AuditEntry, BaseModel, Pupil

HIDDEN = {"prev_hash", "hash", "marks_to", "marks_hash"}
"""Audit chain bookkeeping: not about the pupil."""


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _row(model: type[BaseModel], row: dict[str, Any]) -> dict[str, Any]:
    return {name: _plain(value) for name, value in row.items() if name not in HIDDEN}


def _links_to(model: type[BaseModel], parents: set[type[BaseModel]]) -> list[ForeignKeyField]:
    return [f for f in model._meta.sorted_fields if isinstance(f, ForeignKeyField) and f.rel_model in parents]


def _holding_tables() -> list[tuple[type[BaseModel], list[ForeignKeyField]]]:
    """(model, its links to the pupil or to rows of theirs), parents before children."""
    found: list[tuple[type[BaseModel], list[ForeignKeyField]]] = []
    owners: set[type[BaseModel]] = {Pupil}
    for model in ALL_MODELS:
        if model in (Pupil, AuditEntry):
            continue
        links = _links_to(model, owners)
        if links:
            found.append((model, links))
            owners.add(model)
    return found


def _collect(pupil: Pupil) -> dict[str, Any]:
    ids: dict[type[BaseModel], set[int]] = {Pupil: {pupil.id}}
    tables: dict[str, list[dict[str, Any]]] = {}
    for model, links in _holding_tables():
        condition = None
        for link in links:
            wanted = ids.get(link.rel_model, set())
            if wanted:
                clause = link.in_(wanted)
                condition = clause if condition is None else condition | clause
        if condition is None:
            continue
        rows = list(model.select().where(condition).order_by(model._meta.primary_key).dicts())
        if rows:
            tables[model._meta.table_name] = [_row(model, r) for r in rows]
            ids[model] = {r[model._meta.primary_key.name] for r in rows}
    entries = AuditEntry.select().where(AuditEntry.pupil == pupil.id).order_by(AuditEntry.id).dicts()
    return {"pupil": _row(Pupil, Pupil.select().where(Pupil.id == pupil.id).dicts().get()),
            "records": tables, "audit": [_row(AuditEntry, e) for e in entries]}


def pupil_bundle(upn: str, login: str) -> dict[str, Any]:
    """Everything held about the pupil with this UPN (ValueError if there is none); the
    export itself is audited against the pupil."""
    pupil = read(lambda: Pupil.get_or_none(Pupil.upn == upn.strip().upper()))
    if pupil is None:
        raise ValueError(f"There is no pupil with UPN {upn}.")

    def gather() -> dict[str, Any]:
        bundle = _collect(pupil)
        counts = {name: len(rows) for name, rows in bundle["records"].items()}
        audit(login, "pupil.export", "pupil", pupil.id, tables=counts, audit_entries=len(bundle["audit"]))
        return bundle

    bundle = write(gather)
    bundle["exported"] = {"by": login, "at": dt.datetime.now().isoformat(timespec="seconds"),
                          "what": "every record amtui holds about this pupil, and the audit trail of them"}
    return bundle


def as_json(bundle: dict[str, Any]) -> str:
    return json.dumps(bundle, ensure_ascii=False, indent=1, default=str) + "\n"

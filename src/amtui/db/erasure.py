"""Erasing a leaver once the retention period has ended: every trace, audit entries too.

Every table holding the pupil's records cascades from the pupil row; their audit entries
are linked to them (``audit_entry.pupil``) and deleted. Removing rows changes the
hashes of the audit chain from the first removed entry (or the first entry whose marks
digest covered a removed mark) on, so the erasure rewrites the chain from there and its
own entry says so: ``rechained_from``, the head before (``head_before``) and the ids it
removed (``removed``). ``amtui audit verify`` accepts those gaps, and explains that a
hash recorded outside the file before the erasure no longer matches. The UPN itself is
not kept: the entry holds a slow one-way fingerprint of it (PBKDF2), so "was this UPN
erased?" can still be answered by someone who knows it. Then ``VACUUM`` rewrites the file, so no name is left
in its free pages. The rows go through amtui's own connection, so the row seals' triggers
(``amtui.db.seal``) take them out of each table's seal, and the erasure's entry records the
seals as they are after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import peewee

from amtui.db import chain
from amtui.db.audit import append
from amtui.db.connection import DatabaseBusy, DatabaseUnavailable, database, read, retrying, write
from amtui.db.models import AuditEntry, CriterionMark, Pupil
from amtui.db.repo.school import load_settings


FINGERPRINT_ROUNDS = 200_000
"""A slow hash: UPNs follow a pattern, so a fast one could be reversed by trying them all."""


def fingerprint(upn: str) -> str:
    """What the erasure entry keeps of the UPN: a one-way fingerprint of it (about 0.1 s
    to compute, so trying every possible UPN would take years)."""
    key = hashlib.pbkdf2_hmac("sha256", upn.strip().upper().encode("utf-8"), b"amtui erased UPN",
                              FINGERPRINT_ROUNDS)
    return key.hex()[:32]


def ranges(ids: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5,9"."""
    spans: list[list[int]] = []
    for number in sorted(ids):
        if spans and spans[-1][1] == number - 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def parse_ranges(text: str) -> set[int]:
    found: set[int] = set()
    for part in filter(None, text.split(",")):
        low, _, high = part.partition("-")
        found.update(range(int(low), int(high or low) + 1))
    return found


def was_erased(upn: str) -> bool:
    """Whether the audit trail records the erasure of this UPN (by its fingerprint)."""
    mark = f'"upn_fingerprint": "{fingerprint(upn)}"'
    return read(lambda: AuditEntry.select().where((AuditEntry.action == "pupil.erase")
                                                  & AuditEntry.detail.contains(mark)).exists())


def compact() -> bool:
    """VACUUM the file, so erased text is not left in its free pages. It needs everyone
    else out of the file for a moment: False when others kept it busy."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        return True
    try:
        retrying(lambda: db.execute_sql("VACUUM"), attempts=3)  # outside any transaction
    except (DatabaseBusy, DatabaseUnavailable, peewee.OperationalError):
        return False
    return True


NOT_COMPACTED = (" The file could not be compacted while others were using it, so erased text may "
                 "remain in its free pages: run 'amtui erase {upn}' again when nobody is using amtui.")


def _check_retention(pupil: Pupil, today: dt.date) -> None:
    years = load_settings().retention_years
    if pupil.left_on is None:
        raise ValueError(f"{pupil.upn} is on roll: archive them as a leaver first (amtui archive).")
    ends = pupil.left_on.replace(year=pupil.left_on.year + years)
    if today < ends:
        raise ValueError(f"{pupil.upn}'s records must be kept until {ends:%d/%m/%Y} "
                         f"({years} years after leaving, a school setting).")


def _erase(pupil: Pupil, login: str) -> None:
    db = database.obj
    head_id, head_hash, _ = chain.head(db)
    entries = [i for (i,) in AuditEntry.select(AuditEntry.id).where(AuditEntry.pupil == pupil.id).tuples()]
    first_mark = (CriterionMark.select(CriterionMark.id).where(CriterionMark.pupil == pupil.id)
                  .order_by(CriterionMark.id).scalar())
    starts = [min(entries)] if entries else []
    if first_mark is not None:
        starts.append(chain.first_entry_covering_mark(db, first_mark) or head_id + 1)
    AuditEntry.delete().where(AuditEntry.pupil == pupil.id).execute()  # before the link is cleared
    Pupil.delete().where(Pupil.id == pupil.id).execute()  # every record cascades from here
    start = min(starts) if starts else head_id + 1
    chain.rechain(db, start)
    detail = {"upn_fingerprint": fingerprint(pupil.upn), "removed": ranges(entries),
              "rechained_from": start, "head_before": f"{head_id}:{head_hash}"}
    append(login, "pupil.erase", "school", "", None, json.dumps(detail))


def erase_pupil(upn: str, login: str, today: dt.date | None = None) -> str:
    """Erase every record of a leaver whose retention period has ended, then compact the
    file so nothing of them is left in it."""
    upn = upn.strip().upper()
    pupil = read(lambda: Pupil.get_or_none(Pupil.upn == upn))
    if pupil is None:
        if not was_erased(upn):
            raise ValueError(f"There is no pupil with UPN {upn}.")
        done = compact()
        return f"{upn} was erased before; " + ("the file is now compacted." if done else
                                                NOT_COMPACTED.format(upn=upn).strip())
    _check_retention(pupil, today or dt.date.today())
    write(lambda: _erase(pupil, login))
    message = (f"Every record of {upn} was erased, audit entries included; the audit trail keeps that "
               f"a pupil was erased, by {login}, and a fingerprint of the UPN.")
    return message + ("" if compact() else NOT_COMPACTED.format(upn=upn))

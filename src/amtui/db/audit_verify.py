"""``amtui audit verify``: walk the audit chain and say plainly what does not match.

Reported: an entry changed after it was written; criterion marks changed or removed
after they were recorded; entries missing in the middle (ids are never reused, so a gap
is a deleted entry, unless an erasure says it removed it); entries missing at the end,
against SQLite's own count of ids handed out and against a hash recorded outside the
file (``--expect ID:HASH`` from syslog, or a backup's manifest); marks the trail never
covered (added outside amtui); and, through the row seals (``amtui.db.seal``), every
other table whose rows were changed outside amtui, seals rewritten by hand, and seal
triggers dropped or altered (SQLite only: a note says so on another database).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from amtui.db import chain, seal
from amtui.db.erasure import parse_ranges


@dataclass
class Report:
    """What verification found: problems (exit status 1) and notes."""

    entries: int = 0
    marks: int = 0
    tables: int = 0
    """Tables checked against their row seals (none on a server database)."""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_expect(text: str) -> tuple[int, str]:
    """``ID:HASH`` (as in the syslog line or a manifest) -> (id, hash)."""
    number, _, digest = text.strip().partition(":")
    if not number.isdigit() or len(digest) != 64:
        raise ValueError(f"'{text}' is not ID:HASH (an entry id, a colon and a 64-character hash).")
    return int(number), digest.lower()


def read_manifest(path: Path) -> tuple[int, str]:
    """The (id, hash) a backup's manifest recorded."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        return int(found["audit_id"]), str(found["audit_hash"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a backup manifest amtui can read ({error}).") from error


def _erasures(links: list[chain.Link]) -> tuple[set[int], list[tuple[chain.Link, int]]]:
    removed: set[int] = set()
    rechained: list[tuple[chain.Link, int]] = []
    for link in links:
        if link.action != "pupil.erase":
            continue
        try:
            detail = json.loads(link.detail)
            removed |= parse_ranges(detail.get("removed", ""))
            rechained.append((link, int(detail["rechained_from"])))
        except (ValueError, KeyError, TypeError):
            continue
    return removed, rechained


def _walk(db: peewee.Database, links: list[chain.Link], removed: set[int], report: Report) -> int:
    prev_id, prev_hash, prev_to = 0, "", 0
    # A file numbers its own entries one after another; a trust's schools share the server's
    # numbers, so there a school's entries have gaps, and the chain alone shows one removed.
    gaps = isinstance(db, peewee.SqliteDatabase)
    for link in links:
        missing = sorted(set(range(prev_id + 1, link.id)) - removed) if gaps else []
        if missing:
            report.problems.append(f"Entries {missing[0]}-{missing[-1]} are missing before {link.what}: "
                                   "deleted from the file outside amtui.")
        elif link.prev_hash != prev_hash:
            report.problems.append(f"{link.what} does not follow the entry before it: the chain was broken.")
        if chain.link_hash(link, link.prev_hash) != link.hash:
            report.problems.append(f"{link.what} was changed after it was written.")
        if link.marks_to > prev_to or link.marks_hash:
            if chain.marks_between(db, prev_to, link.marks_to) != link.marks_hash:
                report.problems.append(
                    f"Criterion marks with ids {prev_to + 1}-{link.marks_to}, recorded with {link.what}, "
                    "were changed or removed after they were written.")
        prev_id, prev_hash, prev_to = link.id, link.hash, max(prev_to, link.marks_to)
    return prev_to


def _tail(links: list[chain.Link], covered: int, newest: int, issued: int, report: Report) -> None:
    last = links[-1].id if links else 0
    if newest > covered:
        report.problems.append(f"Criterion marks with ids {covered + 1}-{newest} are in no audit entry: "
                               "added outside amtui.")
    if issued > last:
        report.problems.append(f"Entries {last + 1}-{issued} are missing at the end: they were written "
                               f"and later deleted (the newest entry now is {last}).")


def _expected(links: list[chain.Link], expect: tuple[int, str], rechained: list[tuple[chain.Link, int]],
              report: Report) -> None:
    number, digest = expect
    by_id = {link.id: link for link in links}
    last = links[-1].id if links else 0
    later_erasure = [(link, start) for link, start in rechained if link.id > number and start <= number]
    if later_erasure:
        link, start = later_erasure[0]
        report.notes.append(f"The erasure in {link.what} rewrote the chain from entry {start}, after the "
                            f"hash of entry {number} was recorded: that hash cannot be compared.")
    elif number > last:
        report.problems.append(f"Entries {last + 1}-{number} are missing at the end: entry {number} was "
                               "recorded outside the file but is not in it.")
    elif number not in by_id:
        report.problems.append(f"Entry {number}, recorded outside the file, is missing from it.")
    elif by_id[number].hash != digest:
        report.problems.append(f"{by_id[number].what} does not match the hash recorded outside the file.")


def verify(db: peewee.Database, expect: tuple[int, str] | None = None) -> Report:
    """Check the whole chain (read-only; others may go on saving meanwhile)."""
    # Counted before the entries are read: anything saved in between is then covered, so a
    # save made while this runs is never taken for an entry deleted or a mark added by hand.
    newest = chain.newest_mark(db)
    issued = chain.issued_ids(db) if isinstance(db, peewee.SqliteDatabase) else 0
    links = chain.links(db)
    removed, rechained = _erasures(links)
    report = Report(entries=len(links), marks=newest)
    covered = _walk(db, links, removed, report)
    _tail(links, covered, newest, issued, report)
    if expect is not None:
        _expected(links, expect, rechained, report)
    _seals(db, report)
    return report


NEWEST_STATE = "SELECT state_hash FROM audit_entry ORDER BY id DESC LIMIT 1"


def _seals(db: peewee.Database, report: Report) -> None:
    """Every governed table against its seal, and the seals against the newest entry, read
    in one transaction so that a save made meanwhile is seen whole or not at all."""
    if isinstance(db, peewee.PostgresqlDatabase):
        from amtui.db import server_audit  # a server database only

        report.notes.append("On a PostgreSQL server the rows are guarded by its roles, not by seals: every "
                            "change is in its log (server_audit) with the role that made it.")
        report.problems += server_audit.problems(db)
        return
    if not isinstance(db, peewee.SqliteDatabase):
        report.notes.append("Row seals are checked on SQLite only: on this database, changes to tables other "
                            "than the audit trail and the criterion marks made outside amtui are not found.")
        return
    with db.atomic(lock_type="DEFERRED"):
        row = db.execute_sql(NEWEST_STATE).fetchone()
        report.problems += seal.check(db, row[0] if row else "")
        report.tables = len(seal.governed(db))

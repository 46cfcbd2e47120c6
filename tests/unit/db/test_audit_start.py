"""An audit entry chains onto the newest one in as few statements as the engine allows: on
a server, the newest entry, the newest mark and the new entry's id are read in one
statement (each a round trip on every keystroke's save); the chain stays whole on both.
(The very first entry, which chains onto none, is written as every new database is made:
the server's test template included.)"""

from __future__ import annotations

import peewee

from amtui.db import chain
from amtui.db.audit import audit
from amtui.db.audit_verify import verify
from amtui.db.connection import write
from amtui.db.models import AuditEntry, CriterionMark


def _statements(db, monkeypatch) -> list[str]:
    sent: list[str] = []
    plain = db.execute_sql

    def execute_sql(sql, *args, **kwargs):
        sent.append(sql)
        return plain(sql, *args, **kwargs)

    monkeypatch.setattr(db, "execute_sql", execute_sql)
    return sent


def test_the_first_entry_and_the_next_chain_whole_and_a_server_reads_their_start_in_one_statement(opened,
                                                                                                 monkeypatch):
    db = opened.db
    on_server = isinstance(db, peewee.PostgresqlDatabase)
    before = AuditEntry.select().count()
    sent = _statements(db, monkeypatch)
    write(lambda: audit("tester", "setting.change", "setting", "pass_mark", new="60"))
    started = [sql for sql in sent if "audit_entry" in sql and not sql.startswith("INSERT")]
    assert len(started) == (1 if on_server else 2)  # the head (and on SQLite its sequence) ...
    assert ("nextval" in started[0]) == on_server  # ... on a server with the new id and the newest mark
    newest = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert AuditEntry.select().count() == before + 1 and newest.login == "tester"
    assert newest.marks_to == (CriterionMark.select(peewee.fn.MAX(CriterionMark.id)).scalar() or 0)

    start = write(lambda: chain.start(db))
    assert (start.last_id, start.prev_hash) == (newest.id, newest.hash)  # what the next entry chains onto
    assert start.entry_id > newest.id
    write(lambda: audit("tester", "setting.change", "setting", "pass_mark", new="65"))
    assert verify(db).problems == []


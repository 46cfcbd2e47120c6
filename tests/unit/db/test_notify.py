"""Every committed write on a server is announced to the sessions listening; nothing else is."""

from __future__ import annotations

import threading

import pytest

from amtui.db import notify
from amtui.db.connection import database, write
from amtui.db.models import SchoolSetting


class Told:
    """A subscriber: counts the times it was told, from the listening thread."""

    def __init__(self) -> None:
        self.times = 0
        self.event = threading.Event()

    def __call__(self) -> None:
        self.times += 1
        self.event.set()

    def wait(self, timeout: float = 2.0) -> bool:
        told = self.event.wait(timeout)
        self.event.clear()
        return told


@pytest.mark.parametrize("db_engine", ["sqlite"])
def test_sqlite_announces_nothing_and_screens_poll(opened):
    told = Told()
    assert notify.subscribe(database.obj, told) is None
    write(lambda: SchoolSetting.create(key="school_name", value="Oak"))
    assert told.times == 0


@pytest.mark.parametrize("db_engine", ["postgres"])
def test_a_commit_is_announced_and_a_rolled_back_write_is_not(opened):
    told = Told()
    listener = notify.subscribe(database.obj, told)
    try:
        assert told.wait(), "once listening, the subscriber is told once: changes before may be unseen"
        write(lambda: SchoolSetting.create(key="school_name", value="Oak"))
        assert told.wait() and told.times == 2

        def refused() -> None:
            SchoolSetting.create(key="poll_seconds", value="5")
            raise ValueError("refused")

        with pytest.raises(ValueError):
            write(refused)
        assert not told.wait(0.5) and told.times == 2
    finally:
        notify.unsubscribe(listener, told)
    assert listener.stopping.is_set()
    listener.thread.join(notify.WAKE_SECONDS + 2)
    assert not listener.thread.is_alive()


@pytest.mark.parametrize("db_engine", ["postgres"])
def test_a_write_announces_itself_in_the_statement_taking_its_locks_and_is_heard_once_committed(opened,
                                                                                               monkeypatch):
    db, told = database.obj, Told()
    listener = notify.subscribe(db, told)
    try:
        assert told.wait()
        sent: list[str] = []
        plain = db.execute_sql
        monkeypatch.setattr(db, "execute_sql", lambda sql, *args, **kwargs: sent.append(sql)
                            or plain(sql, *args, **kwargs))
        heard_before_commit = []

        def change() -> None:
            SchoolSetting.create(key="school_name", value="Oak")
            heard_before_commit.append(told.wait(0.5))

        write(change)
        assert heard_before_commit == [False]  # sent with the locks, held by the server until COMMIT
        assert told.wait() and told.times == 2
        assert len(sent) == 2 and "pg_advisory_xact_lock" in sent[0] and "pg_notify" in sent[0]  # no third
    finally:
        notify.unsubscribe(listener, told)


@pytest.mark.parametrize("db_engine", ["postgres"])
def test_subscribers_share_one_listening_connection_until_the_last_goes(opened):
    first, second = Told(), Told()
    one = notify.subscribe(database.obj, first)
    two = notify.subscribe(database.obj, second)
    try:
        assert one is two
        assert first.wait() and second.wait()  # each told once, when it began to listen
        notify.unsubscribe(one, first)
        assert not one.stopping.is_set()
        write(lambda: SchoolSetting.create(key="school_name", value="Oak"))
        assert second.wait() and not first.wait(0.3)
    finally:
        notify.unsubscribe(two, second)
    assert two.stopping.is_set()


@pytest.mark.parametrize("db_engine", ["postgres"])
def test_a_listener_hears_its_own_schools_saves_never_another_schools_of_the_trust(opened, monkeypatch):
    from amtui.db import trust

    db = database.obj
    elm = write(lambda: db.execute_sql("INSERT INTO school (name, urn) VALUES ('Elm', '') RETURNING id").fetchone()[0])
    monkeypatch.setattr(db, "school", "1", raising=False)  # this session acts in school 1 (--school 1)
    told = Told()
    listener = notify.subscribe(db, told)
    try:
        assert told.wait() and listener.school == "1"
        trust.use_school(db, elm)
        write(lambda: SchoolSetting.create(key="school_name", value="Elm"))  # another school's save
        assert not told.wait(0.5) and told.times == 1
        trust.use_school(db, 1)
        write(lambda: SchoolSetting.create(key="school_name", value="Oak"))  # its own
        assert told.wait() and told.times == 2
        trust.use_school(db, "")
        write(lambda: db.execute_sql("UPDATE school SET urn = '1' WHERE id = %s", (elm,)))  # the trust's, no school's
        assert told.wait() and told.times == 3
    finally:
        notify.unsubscribe(listener, told)

"""A generated trust on a real PostgreSQL server: one school's SQLite file, topped up with
criterion marks, loaded as school 1, then copied on the server into schools 2..N.

* the school's file: the big school (``big_school.cached_database``: 1,500 pupils, five
  years of history) copied and topped up to ``marks`` criterion marks (the newest marks
  entered once more, as a teacher re-entering a code does: the marks are append-only);
* the server: initdb'd and started the way the tests start theirs (``tests/pg_server.py``),
  but into a folder that is kept, so a rerun starts the same server on the same data;
* the database is owned by the trust's admin role (not a superuser: the row-level security
  holds it as it holds amtui), its schema made by amtui itself; the rows are loaded by the
  server's superuser as a restore loads them (``COPY``, triggers and foreign-key checks off
  for the load: ``session_replication_role = replica``), school 1 from the file with its
  ids, and schools 2..N by one ``INSERT ... SELECT`` a table on the server, each school's
  ids moved by a whole block so nothing collides. ``school_access`` is then filled from the
  staff rows, as the trigger the load passed by would have, and the tables analysed.

The copied schools' audit trails are school 1's entries under new ids, so their chains do
not verify: the benchmark reads and writes, it does not audit the copies.
"""

from __future__ import annotations

import fcntl
import glob
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ADMIN = "trustadmin"
DATABASE = "trust"
MAX_CONNECTIONS = 450
"""200 staff, each a connection, and room for the sessions, the benchmark and psql."""
GENERATOR = 1
"""Raise when the way the trust is made changes: the cached trust is then made again."""


def pg_server_module():
    """``tests/pg_server.py``, which starts a server the way the tests do."""
    if "amtui_bench_pg_server" in sys.modules:
        return sys.modules["amtui_bench_pg_server"]
    path = Path(__file__).resolve().parent.parent / "tests" / "pg_server.py"
    spec = importlib.util.spec_from_file_location("amtui_bench_pg_server", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"{path}: cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Trust:
    """A running server holding the trust; ``stop()`` shuts it down cleanly (its data kept
    when it is cached) ."""

    server: object  # pg_server.Server
    school_file: Path
    schools: int
    counts: dict[str, int] = field(default_factory=dict)
    built_in: dict[str, float] = field(default_factory=dict)
    keep: bool = True
    lock: object = None
    """The cached trust's lock (``hold_cache``), let go once the server is stopped."""

    def url(self, role: str = ADMIN) -> str:
        return self.server.url(DATABASE, role=role)

    def superuser(self) -> psycopg.Connection:
        return psycopg.connect(self.server.url(DATABASE), autocommit=True)

    def stop(self) -> None:
        pg = pg_server_module()
        try:
            self.server._as_runner([pg._program("pg_ctl"), "-D", str(self.server.folder / "data"), "-m", "fast",
                                    "-w", "stop"])
        except subprocess.SubprocessError:
            pass  # already gone
        if not self.keep:
            shutil.rmtree(self.server.folder, ignore_errors=True)
        if self.lock is not None:
            self.lock.close()  # the next run waiting for the cached trust may start it
            self.lock = None


def _start(folder: Path, fresh: bool):
    """initdb (when ``fresh``) and start a server whose data is ``folder/data``."""
    pg = pg_server_module()
    user = pg._runner() if os.geteuid() == 0 else None
    folder.mkdir(parents=True, exist_ok=True)
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = pg.Server(folder, pg._free_port(), user)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    if (folder / "data" / "postmaster.pid").exists():  # left running by a run that was killed
        subprocess.run([pg._program("pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=120,
                       preexec_fn=None if user is None else lambda: (os.setgid(user.pw_gid), os.setuid(user.pw_uid)))
    if fresh:
        server._as_runner([pg._program("initdb"), "-D", str(folder / "data"), "-U", "postgres", "--auth=trust",
                           "-E", "UTF8", "--no-sync"], env=env)
    options = (f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={MAX_CONNECTIONS} "
               "-c shared_buffers=256MB")
    server._as_runner([pg._program("pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w",
                       "-t", "120", "-o", options, "start"], env=env)
    return server


def top_up(source: Path, target: Path, marks: int) -> int:
    """Copy the school's file to ``target`` with ``marks`` criterion marks (its newest ones
    entered again until there are); returns how many it holds."""
    shutil.copyfile(source, target)
    with sqlite3.connect(target) as conn:
        have = conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]
        if not have:
            raise ValueError(f"{source} holds no criterion marks to top up from")
        while have < marks:
            columns = "school_id, pupil_id, criterion_id, half_term_id, code, staff_id, recorded_at, source"
            conn.execute(f"INSERT INTO criterion_mark ({columns}) SELECT {columns} FROM criterion_mark "
                         "ORDER BY id DESC LIMIT ?", (marks - have,))
            have = conn.execute("SELECT COUNT(*) FROM criterion_mark").fetchone()[0]
    return have


def _tables() -> list[tuple[str, list[tuple[str, str | None]]]]:
    """(table, its columns with the table each points to), in the order the tables refer
    to each other; the tables that hold a school's rows only."""
    import peewee

    from amtui.db.models import ALL_MODELS, School

    found = []
    for model in ALL_MODELS:
        if model is School or "school" not in model._meta.fields:
            continue
        found.append((model._meta.table_name, [
            (f.column_name, f.rel_model._meta.table_name if isinstance(f, peewee.ForeignKeyField) else None)
            for f in model._meta.sorted_fields]))
    return found


def _make_database(server) -> None:
    """The trust's database, owned by its admin role, at amtui's newest schema."""
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMIN}') "
                     f"THEN CREATE ROLE {ADMIN} LOGIN CREATEROLE; END IF; END $$")
        conn.execute(f"CREATE DATABASE {DATABASE} OWNER {ADMIN}")
    open_database(Target(server.url(DATABASE, role=ADMIN)), create=True).db.close()


def _load_first(conn: psycopg.Connection, school_file: Path, tables) -> None:
    """School 1 from the file, its ids kept (the new database's own rows of school 1 go first)."""
    for table, _ in reversed(tables):
        conn.execute(f'DELETE FROM "{table}" WHERE school_id = 1')
    with sqlite3.connect(school_file) as source:
        for table, columns in tables:
            names = ", ".join(f'"{name}"' for name, _ in columns)
            rows = source.execute(f'SELECT {names} FROM "{table}" ORDER BY id')
            with conn.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                while batch := rows.fetchmany(5000):
                    for row in batch:
                        copy.write_row(row)
        name = source.execute("SELECT name FROM school ORDER BY id LIMIT 1").fetchone()
    conn.execute("UPDATE school SET name = %s WHERE id = 1", ((name[0] if name else "") or "School 01",))


def _copy_schools(conn: psycopg.Connection, schools: int, tables) -> None:
    """Schools 2..``schools``: school 1's rows again, each school's ids a block further on."""
    if schools < 2:
        return
    spans = {table: conn.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0] or 1
             for table, _ in tables}
    conn.execute("INSERT INTO school (id, name, urn) SELECT n + 1, 'School ' || to_char(n + 1, 'FM00'), '' "
                 "FROM generate_series(1, %s) AS copies(n)", (schools - 1,))
    for table, columns in tables:
        moved = []
        for name, points in columns:
            if name == "school_id":
                moved.append("n + 1")
            elif name == "id":
                moved.append(f"id + n * {spans[table]}")
            elif points is not None:
                moved.append(f'"{name}" + n * {spans[points]}')
            elif table == "audit_entry" and name == "marks_to":
                moved.append(f"CASE WHEN marks_to > 0 THEN marks_to + n * {spans['criterion_mark']} "
                             "ELSE marks_to END")
            else:
                moved.append(f'"{name}"')
        names = ", ".join(f'"{name}"' for name, _ in columns)
        conn.execute(f'INSERT INTO "{table}" ({names}) SELECT {", ".join(moved)} FROM "{table}" '
                     f"CROSS JOIN generate_series(1, {schools - 1}) AS copies(n) WHERE school_id = 1")


def _finish(conn: psycopg.Connection, tables) -> dict[str, int]:
    """What the skipped triggers would have done, the sequences past every id, statistics."""
    conn.execute("INSERT INTO school_access (role_name, school_id, writes) SELECT username, school_id, true "
                 "FROM staff WHERE active ON CONFLICT DO NOTHING")
    for table, _ in [*tables, ("school", [])]:
        conn.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                     f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)')
    conn.execute("VACUUM ANALYZE")
    return {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in ("school", "pupil", "criterion_mark", "staff")}


def load(trust: Trust) -> None:
    """Make the database and fill it: school 1 from the file, then the copies."""
    tables = _tables()
    started = time.perf_counter()
    _make_database(trust.server)
    with trust.superuser() as conn:
        conn.execute("SET session_replication_role = replica")
        _load_first(conn, trust.school_file, tables)
        trust.built_in["school 1 from its file (COPY)"] = time.perf_counter() - started
        started = time.perf_counter()
        _copy_schools(conn, trust.schools, tables)
        trust.built_in[f"schools 2-{trust.schools} (INSERT ... SELECT on the server)"] = \
            time.perf_counter() - started
        started = time.perf_counter()
        conn.execute("SET session_replication_role = DEFAULT")
        trust.counts = _finish(conn, tables)
        trust.built_in["access, sequences, VACUUM ANALYZE"] = time.perf_counter() - started


def build(folder: Path, source: Path, schools: int, marks: int, keep: bool = True) -> Trust:
    """The trust in ``folder`` (its school's file and its server's data), made unless it was
    made before (a ``made.json`` there says it is whole); its server started."""
    made = folder / "made.json"
    if made.exists():
        facts = json.loads(made.read_text())
        server = _start(folder / "server", fresh=False)
        return Trust(server, folder / "school.db", schools, facts["counts"], facts["built_in"], keep)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    top_up(source, folder / "school.db", marks)
    topped = time.perf_counter() - started
    trust = Trust(_start(folder / "server", fresh=True), folder / "school.db", schools, keep=keep)
    trust.built_in["the school's file topped up"] = topped
    try:
        load(trust)
    except BaseException:
        trust.stop()
        raise
    made.write_text(json.dumps({"counts": trust.counts, "built_in": trust.built_in}))
    return trust


def cache_folder(source: Path, schools: int, marks: int) -> Path:
    """Where the trust made from the school's file ``source`` is kept: by the generator's
    version (``GENERATOR``), the file (whose name carries its own generator's fingerprint
    and the schema) and the sizes. The server runs as ``postgres`` when the benchmark runs
    as root, so root's is under /var/tmp (a home folder that user cannot enter); anyone
    else's beside the big school's file."""
    if os.environ.get("AMTUI_BENCH_CACHE"):
        base = Path(os.environ["AMTUI_BENCH_CACHE"])
    elif os.geteuid() == 0:
        base = Path("/var/tmp/amtui-benchmarks")
    else:
        base = Path.home() / ".cache" / "amtui-benchmarks"
    return base / f"trust-g{GENERATOR}-{schools}x{marks}-{source.stem}"


def kept_before_upgrade(folder: Path) -> Path | None:
    """A trust kept under an older schema version (the big school's file name, in the
    folder's, carries it), moved to ``folder`` when there is none there yet: amtui upgrades
    its server and its school's file in place as the benchmark opens them (a schema step
    costs seconds; making the trust again, about ten minutes of both cores). Returns the
    folder it came from."""
    match = re.fullmatch(r"(.*-v)(\d+)(-[0-9a-f]+)", folder.name)
    if folder.exists() or match is None:
        return None
    head, version, tail = match.group(1), int(match.group(2)), match.group(3)
    older = sorted((int(m.group(1)), path) for path in folder.parent.glob(f"{glob.escape(head)}*{tail}")
                   if (m := re.fullmatch(re.escape(head) + r"(\d+)" + re.escape(tail), path.name))
                   and int(m.group(1)) < version and (path / "made.json").exists())
    if not older:
        return None
    older[-1][1].rename(folder)
    return older[-1][1]


def _source_path() -> Path:
    """The big school's file as ``big_school.cached_database`` names it, made or not (its
    fingerprint is that module's: changing the module to say this would make every kept
    trust again)."""
    import hashlib

    from amtui.db import migrations
    from benchmarks import big_school

    folder = Path(os.environ.get("AMTUI_BENCH_CACHE") or Path.home() / ".cache" / "amtui-benchmarks")
    stamp = hashlib.sha256(Path(big_school.__file__).read_bytes()).hexdigest()[:12]
    return folder / f"big-school-v{migrations.latest()}-{stamp}.db"


LOCK = "trust.lock"
"""The file in the cache folder whose lock a run holds while it uses a cached trust."""


def hold_cache(base: Path):
    """The cached trusts' lock in ``base``, held until the file returned is closed: a run
    that starts while another builds or uses a cached trust waits for it (and says so),
    for starting the trust's server would stop the other's (``_start`` stops a server it
    finds running)."""
    base.mkdir(parents=True, exist_ok=True)
    held = open(base / LOCK, "a")
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"another benchmark is using the cached trust ({base / LOCK}): waiting for it to finish",
              file=sys.stderr, flush=True)
        fcntl.flock(held, fcntl.LOCK_EX)
    return held


def cached_trust(schools: int = 20, marks: int = 10_000_000) -> Trust:
    """The benchmark's trust: ``schools`` copies of the big school holding ``marks``
    criterion marks together, built once (a few minutes) and kept; this run alone uses it
    until ``stop()`` (``hold_cache``)."""
    from benchmarks.big_school import cached_database

    started = time.perf_counter()
    per_school = -(-marks // schools)
    folder = cache_folder(_source_path(), schools, per_school)
    lock = hold_cache(folder.parent)
    try:
        kept_before_upgrade(folder)
        fresh = not (folder / "made.json").exists()
        # the big school's file is made (a minute or more) only to make the trust from it: a
        # trust kept under an older schema is upgraded in place without it
        source = cached_database() if fresh else _source_path()
        trust = build(folder, source, schools, per_school)
    except BaseException:
        lock.close()
        raise
    trust.lock = lock
    if fresh:
        print(f"built the trust in {time.perf_counter() - started:.0f} s: {folder} {trust.counts}", file=sys.stderr)
    return trust


def on_server(trust: Trust) -> str:
    """How a figure measured on the trust's server is named beside the same on a file."""
    return f"{trust.schools} schools on PostgreSQL"


def a_teacher(school_file: Path) -> str:
    """The login of the first member of staff linked to a class in the trust's school file."""
    import sqlite3

    with sqlite3.connect(school_file) as conn:
        return conn.execute("SELECT s.username FROM staff s JOIN class_staff c ON c.staff_id = s.id "
                            "ORDER BY s.id LIMIT 1").fetchone()[0]

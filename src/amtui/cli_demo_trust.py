"""``amtui demo --trust``: a two-school demo trust on a PostgreSQL server of one's own.

For someone trying amtui's trust on one machine with Debian's ``postgresql`` installed
(the server need not run): a private server (``amtui.db.local_server``) in
``~/.local/share/amtui/demo-trust`` (``XDG_DATA_HOME``), listening only on a socket in
that folder, made and started at the first run. Its database ``trust`` is owned by the
trust's admin role ``trust_admin`` (no superuser: the row-level security holds it), and
holds two demo primary schools (``SCHOOLS``). The person at the keyboard
gets a trust role of their own (reading every school, writing none; the demos also put
them on each school's staff), and the app opens on the trust view, with each school's
figures kept for today (its current half-term and each earlier one with marks, as
``amtui trust refresh`` keeps them: read again at each start, only those out of date).

The server stops when the app closes (``--create-only`` leaves it running, for other
commands: it prints their ``--db``); ``--stop`` stops it; ``--fresh`` builds it again;
removing the folder removes it all.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from amtui import config, identity
from amtui.cli_common import EXIT_OK, CommandFailed, progress_bar, shown
from amtui.db import local_server
from amtui.db.connection import Target
from amtui.demo import people

if TYPE_CHECKING:
    from amtui.db.startup import Opened

DATABASE = "trust"
ADMIN = "trust_admin"


def demo_server() -> local_server.LocalServer:
    """The demo trust's server, made or not: in amtui's data folder, or, run as root, in the
    home of the user the server runs as (PostgreSQL will not run as root, and root's home
    is closed to others)."""
    user = local_server.runner()
    if user is None:
        return local_server.LocalServer(config.default_database_path().parent / "demo-trust")
    home = Path(user.pw_dir) if Path(user.pw_dir).is_dir() else Path(tempfile.gettempdir())  # nobody's is not
    return local_server.LocalServer(home / "amtui-demo-trust", user=user)


def cmd_demo_trust(args: argparse.Namespace, run_app: Callable[[Opened], int]) -> int:
    """``run_app`` opens the app on a database (``amtui.cli``'s)."""
    server = demo_server()
    if args.stop:
        server.stop()
        print(shown(f"amtui: the demo trust's server is stopped (its data stays in {server.folder})."),
              file=sys.stderr)
        return EXIT_OK
    why = local_server.why_not()
    if why:
        raise CommandFailed(why)
    started = time.perf_counter()
    try:
        if args.fresh:
            server.remove()
        new = not server.made()
        if new:
            server.make()
        if not server.running():
            server.start()
        if new or not _built(server):
            _build(server)  # stopped half-way (Ctrl-C), it is built again next time
        else:
            _as_admin(server, _keep_figures)  # today's, when they were kept on an earlier day
    except local_server.ServerFailed as error:
        server.stop()
        raise CommandFailed(str(error)) from error
    except BaseException:
        server.stop()  # no server left running behind a failed or interrupted build
        raise
    login = identity.current_login()
    url = server.url(DATABASE, login)
    print(shown(f"amtui: the demo trust is ready ({time.perf_counter() - started:.1f} s): two schools in "
                f"{server.folder}, where {login} holds a trust role"), file=sys.stderr)
    if args.create_only:
        print(shown(f"amtui: use it with: amtui --db {shlex.quote(url)} [--school NAME] COMMAND\n"
                    "amtui: stop its server with: amtui demo --trust --stop"), file=sys.stderr)
        return EXIT_OK
    from amtui.db.startup import open_database

    try:
        return run_app(open_database(Target(url)))
    finally:
        server.stop()
        print(shown(f"amtui: the demo trust's server is stopped; amtui demo --trust opens it again "
                    f"(--fresh: a new one; its folder: {server.folder})"), file=sys.stderr)


def _superuser(server: local_server.LocalServer, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        found = conn.execute(sql)
        return found.fetchall() if found.description else []


def _built(server: local_server.LocalServer) -> bool:
    """Whether the server holds a finished demo trust (a build stopped half-way is not)."""
    if not _superuser(server, f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
        return False
    import psycopg

    with psycopg.connect(server.url(DATABASE), autocommit=True) as conn:
        return bool(conn.execute("SELECT to_regclass('db_info') IS NOT NULL").fetchone()[0]) and bool(
            conn.execute("SELECT 1 FROM db_info WHERE key = 'demo_trust' AND value = 'yes'").fetchone())


SCHOOLS = ((people.SCHOOL_NAME, 2026), ("Ash Grove Primary (demo)", 2027))
"""The demo primary school twice (by name, and the seed its pupils and marks are drawn
from): the secondary demo takes several times as long to build on a server."""


def _build(server: local_server.LocalServer) -> None:
    """The trust's admin role and database, its two demo schools, the person's trust role,
    the schools' kept figures."""
    _superuser(server, f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    _superuser(server, f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ADMIN}') THEN "
                       f"CREATE ROLE {ADMIN} LOGIN CREATEROLE; END IF; END $$")
    _superuser(server, f"CREATE DATABASE {DATABASE} OWNER {ADMIN}")
    _as_admin(server, _build_schools, create=True)


def _as_admin(server: local_server.LocalServer, then: Callable, create: bool = False) -> None:
    """``then(db)`` on the demo trust's database as its admin role (closed afterwards)."""
    from amtui.db.startup import open_database

    db = open_database(Target(server.url(DATABASE, ADMIN)), create=create).db
    try:
        then(db)
    finally:
        db.close()


def _keep_figures(db) -> None:
    """Each school's trust-view figures kept for today, as ``amtui trust refresh`` keeps
    them, so the trust view opens with them (not reading both schools in the background)."""
    import datetime as dt

    from amtui.db.repo import trust_kept

    show = progress_bar("Keeping the trust view's figures")
    trust_kept.refresh(dt.date.today(), told=lambda at, of, school: show(school.name, at / of))


def _build_schools(db) -> None:
    """The two demo schools, the person's trust role, the figures kept."""
    from amtui.db import trust, trust_grant
    from amtui.db.audit import audit
    from amtui.db.connection import write
    from amtui.db.migrations import set_info
    from amtui.demo import build_demo

    login = identity.current_login()
    for number, (name, seed) in enumerate(SCHOOLS, 1):
        write(lambda: trust.school_for(db, name))
        build_demo(seed=seed, school=name, progress=progress_bar(f"Building the demo trust's school {number} of 2"))
        write(lambda: _named(login, name))

    def finish() -> None:  # on each school's staff (the demo put them there), and a trust role
        for reader in (False, True):
            trust_grant.grant(db, login, reader=reader)
            audit(login, "trust.grant", "role", login, reader=reader, password=False)
        set_info(db, "demo_trust", "yes")

    write(finish)
    _keep_figures(db)  # last: every write above is part of a school's stamp (a stop here: kept next start)


def _named(login: str, name: str) -> None:
    """The demo names itself as the first demo school: the trust's name for it instead."""
    from amtui.db.audit import audit
    from amtui.db.repo.school import SCHOOL_NAME, store_setting

    store_setting(SCHOOL_NAME, name)
    audit(login, "setting.change", "setting", SCHOOL_NAME, value=name)

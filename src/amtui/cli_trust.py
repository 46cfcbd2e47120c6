"""``amtui trust``: a trust's schools in one PostgreSQL database, for the trust's admin.

``amtui trust add-school FILE.db`` copies one school's SQLite file into the trust's
database; ``amtui trust grant LOGIN [--reader] [--password]`` lets a member of staff (or a
trust role) connect as their own server role; ``amtui trust schools`` lists the schools;
``amtui trust refresh`` reads again the trust view's kept figures of each school whose data
changed (``cli_trust_refresh``).
A new, empty school is ``amtui init --school NAME`` on the trust's URL.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from amtui import identity
from amtui.cli_common import EXIT_OK, CommandFailed, open_db, shown

if TYPE_CHECKING:  # imported by the commands that use it: the parser is built on every start
    import peewee


def add_trust_parser(commands: argparse._SubParsersAction) -> None:
    """``amtui trust add-school | grant | schools | refresh``."""
    trust = commands.add_parser("trust", help="a trust's schools in one PostgreSQL database (the trust's admin)")
    actions = trust.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    add = actions.add_parser("add-school", help="copy one school's SQLite file into the trust's database")
    add.add_argument("file", metavar="FILE.db", help="the school's amtui file (it is left as it is)")
    grant = actions.add_parser("grant", help="let someone connect as their own server role")
    grant.add_argument("login", metavar="LOGIN", help="their login: the server role's name")
    grant.add_argument("--reader", action="store_true",
                       help="a trust role (CEO, trust data lead): reads every school, writes none")
    grant.add_argument("--password", action="store_true",
                       help="ask for a password, for a connection where the school's directory cannot be used")
    actions.add_parser("schools", help="the trust's schools")
    actions.add_parser("refresh", help="read again the trust view's figures of each school whose data changed "
                                       "(from cron or a timer)")


def _server(args: argparse.Namespace) -> peewee.Database:
    import peewee

    from amtui.db import trust

    opened = open_db(args)
    if not isinstance(opened.db, peewee.PostgresqlDatabase):
        raise CommandFailed("A trust's schools share a PostgreSQL database: give --db the trust's postgresql:// "
                            "URL (a SQLite file is one school).")
    why = trust.unguarded(opened.db)
    if why:
        raise CommandFailed(why)
    return opened.db


def cmd_trust(args: argparse.Namespace) -> int:
    from amtui.db import trust_copy
    from amtui.db.connection import write

    db = _server(args)
    if args.trust_command == "refresh":
        from amtui.cli_trust_refresh import refresh

        return refresh()
    if args.trust_command == "schools":
        for school_id, name in db.execute_sql("SELECT id, name FROM amtui_schools()").fetchall():
            print(shown(f"{school_id:>4}  {name or '(not named yet)'}"))
    elif args.trust_command == "grant":
        password = _new_password(args.login) if args.password else None
        print(shown("amtui: " + write(lambda: _granted(db, args, password))))
    else:
        try:
            copied = trust_copy.add_school(Path(args.file), identity.current_login())
        except trust_copy.CopyRefused as error:
            raise CommandFailed(str(error)) from error
        print(shown(f"amtui: copied {copied.name} into the trust as school {copied.school_id}, all of it:"))
        for table, count in copied.counts.items():
            print(f"  {table:<24}{count:>9}")
    return EXIT_OK


def _granted(db: peewee.Database, args: argparse.Namespace, password: str | None) -> str:
    from amtui.db import trust_grant
    from amtui.db.audit import audit

    done = trust_grant.grant(db, args.login, reader=args.reader, password=password)
    audit(identity.current_login(), "trust.grant", "role", args.login, reader=args.reader,
          password=password is not None)
    return done


def _new_password(login: str) -> str:
    first = getpass.getpass(f"A password for {login}: ")
    if len(first) < 12:
        raise CommandFailed("Give a password of at least 12 characters; nothing was changed.")
    if getpass.getpass("The same again: ") != first:
        raise CommandFailed("The two passwords differ; nothing was changed.")
    return first

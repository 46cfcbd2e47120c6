"""The ``amtui`` command line.

Start-up must stay quick over a slow SSH link, so this module imports only the standard
library and the config at load time; the database, imports and the Textual UI are
imported by the command that needs them.
"""

from __future__ import annotations

from amtui import collector

collector.hold()  # before the imports below; main() releases it (see amtui.collector)

import argparse  # noqa: E402  (this block: after the hold)
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from amtui import config, identity, outputs
from amtui.cli_common import (EXIT_FAILED, EXIT_OK, CommandFailed, admin_only, class_and_subject,
                              flushed, half_term_arg, named_class, named_pupil, open_db, progress_bar,
                              pupil_of, reader_stopped, require_admin_once_staff_exist, shown)
from amtui.cli_parser import build_parser, parser

__all__ = ["COMMANDS", "build_parser", "main"]  # build_parser: amtui.cli_parser's, for tests

if TYPE_CHECKING:
    from amtui.db.repo.staff import CurrentUser
    from amtui.db.startup import Opened


# --- commands ----------------------------------------------------------------------------


def run_app(opened: Opened, screen: str | None = None, *, person: CurrentUser | None = None,
            **screen_args: object) -> int:
    """Open the app (on a screen, with its arguments, e.g. the class of ``amtui grid``);
    ``person``: who is at the keyboard, when the command has looked them up already."""
    from amtui.db.repo.staff import identify
    from amtui.ui.app import run_app as run

    if refused := (person or identify(identity.current_login())).refused:  # a leaver may not log in
        raise CommandFailed(refused)
    return run(opened, identity.current_login(), screen=screen, screen_args=screen_args,
               keymap=config.keymap())


def cmd_open(args: argparse.Namespace) -> int:
    return run_app(open_db(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from amtui.demo import build_demo
    from amtui.db import demo_file

    if args.trust or args.stop:
        from amtui.cli_demo_trust import cmd_demo_trust

        if not args.trust:
            raise CommandFailed("--stop stops the demo trust's server: amtui demo --trust --stop")
        return cmd_demo_trust(args, run_app)
    target = config.database_target(args.db)
    demo_file.prepare(target, fresh=args.fresh)
    opened = open_db(args, create=True)
    if demo_file.is_empty():
        try:
            if args.secondary:
                from amtui.demo.secondary import build_secondary_demo

                summary = build_secondary_demo(progress=progress_bar("Building the demo secondary school"))
            else:
                summary = build_demo(progress=progress_bar("Building the demo school"))
        except ValueError as error:
            raise CommandFailed(str(error)) from error
        print(f"amtui: demo school created: {summary}", file=sys.stderr)
        built = True
    else:
        built = False
    print(_demo_whereabouts(target.url, args), file=sys.stderr)
    if args.create_only:
        return EXIT_OK
    if built and sys.stdin.isatty() and sys.stderr.isatty():  # read before the screen covers it
        input("Press Enter to open it. ")
    return run_app(opened)


def _demo_whereabouts(where: str, args: argparse.Namespace) -> str:
    """Where the demo school is, and the command that opens it again."""
    import shlex

    amtui = f"amtui --db {shlex.quote(where)}" if args.db else "amtui"
    flag = " --secondary" if args.secondary else ""
    return (f"amtui: the demo school is in {where}\n"
            f"amtui: open it again with: {amtui}   (a new one: {amtui} demo{flag} --fresh)")


def cmd_import(args: argparse.Namespace) -> int:
    from amtui.imports import ImportFailed, run_import

    if str(args.file) != "-" and config.in_service_mode():
        # The service account may read what the person may not; their file is on their PC.
        raise CommandFailed("Here the file comes from your computer on standard input: "
                            f"ssh SERVER amtui import {args.kind} - < {args.file.name}")
    if args.map is not None and config.in_service_mode():
        # Likewise a map: its cells would be quoted back from a file the person may not read.
        raise CommandFailed("Here --map cannot read a file on the server: give your file's columns "
                            "the headers amtui reads (amtui import --help, and the README) instead.")
    opened = open_db(args)  # a new school starts with 'amtui init', never with an import
    login = identity.current_login()
    require_admin_once_staff_exist(login)
    from amtui.db.journal import replay_said

    for line in replay_said(opened.target, login):  # what was kept from the last session first
        print(f"amtui: {line}", file=sys.stderr)
    try:
        if str(args.file) == "-":  # ssh SERVER amtui import staff - < staff.csv
            with outputs.private_temp_folder() as folder:
                copy = Path(folder) / "stdin.csv"
                copy.write_bytes(sys.stdin.buffer.read())
                result = run_import(args.kind, copy, login, header_map=args.map)
        else:
            result = run_import(args.kind, args.file, login, header_map=args.map)
    except ImportFailed as error:
        raise CommandFailed(str(error)) from error
    print(shown(result.summary))
    return EXIT_OK


def cmd_archive(args: argparse.Namespace) -> int:
    import datetime as dt

    if args.year is not None:
        return _module("cli_year").cmd_archive_year(args)
    if args.upn is None:
        raise CommandFailed("Name the leaver's UPN, or --year N for a whole year group.")
    from amtui.db.maintenance import archive_leaver
    from amtui.domain.calendar import parse_school_date

    open_db(args)
    login = admin_only("ARCHIVE_PUPIL")
    try:
        left = parse_school_date(args.left) if args.left else dt.date.today()
        print(archive_leaver(args.upn, left, login))
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from amtui.cli_records import cmd_audit as verify

    return verify(args)


def cmd_grid(args: argparse.Namespace) -> int:
    from amtui.db.connection import DatabaseUnavailable
    from amtui.db.repo.class_grid import load_named
    from amtui.db.repo.staff import identify
    from amtui.domain.permissions import NotAllowed

    opened = open_db(args)
    half_term = half_term_arg(args)
    user = identify(identity.current_login())
    if user.refused:  # a leaver may not log in
        raise CommandFailed(user.refused)
    # Read now, while nothing else runs: the grid then opens with its figures on the first frame.
    # The read looks the class up by name itself (the year's classes: ~5 ms on a big school), once.
    try:
        grid = load_named(args.class_name, args.subject, dt.date.today(), args.stage, half_term, user)
    except NotAllowed as error:  # a head of year, another year's group
        raise CommandFailed(f"{error} Nothing was opened.") from error
    except DatabaseUnavailable:
        class_and_subject(args)  # a class or subject not found: which, with the real ones named
        raise
    return run_app(opened, "class_grid", person=user, class_name=grid.school_class.name,
                   subject=grid.subject.name, stage=args.stage, half_term=half_term, preloaded=grid)


def cmd_weekly(args: argparse.Namespace) -> int:
    from amtui.domain.calendar import parse_school_date

    opened = open_db(args)
    found = named_class(args.class_name)
    try:
        week = parse_school_date(args.week) if args.week else None
    except ValueError as error:
        raise CommandFailed(f"--week: {error}") from error
    return run_app(opened, "weekly", class_name=found.name, week=week)


def cmd_attitude(args: argparse.Namespace) -> int:
    opened = open_db(args)
    found = named_class(args.class_name)
    return run_app(opened, "attitude", class_name=found.name, half_term=half_term_arg(args))


def cmd_bigwrite(args: argparse.Namespace) -> int:
    opened = open_db(args)
    return run_app(opened, "bigwrite", class_name=named_class(args.class_name).name)


def cmd_halfterm(args: argparse.Namespace) -> int:
    opened = open_db(args)
    found, subject = class_and_subject(args)
    return run_app(opened, "halfterm", class_name=found.name, subject=subject.name,
                   half_term=half_term_arg(args), stage=args.stage)


def cmd_doctor(args: argparse.Namespace) -> int:
    from amtui.doctor import run_doctor

    return run_doctor(args.db)


def cmd_meetings(args: argparse.Namespace) -> int:
    return run_app(open_db(args), "mentees")


def cmd_meeting(args: argparse.Namespace) -> int:
    opened = open_db(args)
    pupil_id, _ = pupil_of(args.upn)
    return run_app(opened, "meeting", pupil_id=pupil_id)


def cmd_monitor(args: argparse.Namespace) -> int:
    opened = open_db(args)
    return run_app(opened, "monitor", half_term=half_term_arg(args))


def cmd_pupil(args: argparse.Namespace) -> int:
    if args.who[0] == "move":  # amtui pupil move UPN CLASS [--from DATE]
        return _module("cli_year").cmd_move(args)
    opened = open_db(args)
    pupil_id, _ = named_pupil(args.who)
    return run_app(opened, "pupil", pupil_id=pupil_id, tab=args.tab)


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_open,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": lambda args: (_module("cli_leaders").cmd_export_groups(args) if args.kind == "groups"
                            else _module("cli_trust_view").cmd_export_trust(args) if args.kind == "trust"
                            else _module("cli_returns").cmd_export(args) if args.kind in ("returns", "missing-returns")
                            else _module("cli_programme").cmd_export(args) if args.kind in ("concerns", "programme")
                            else _module("cli_records").cmd_export(args)),
    "programme": lambda args: _module("cli_programme").cmd_programme(args),
    "grid": cmd_grid,
    "weekly": cmd_weekly,
    "halfterm": cmd_halfterm,
    "attitude": cmd_attitude,
    "bigwrite": cmd_bigwrite,
    "backup": lambda args: _module("cli_records").cmd_backup(args),
    "doctor": cmd_doctor,
    "restore": lambda args: _module("cli_records").cmd_restore(args),
    "archive": cmd_archive,
    "erase": lambda args: _module("cli_records").cmd_erase(args),
    "audit": cmd_audit,
    "print": lambda args: _prints().cmd_print(args),
    "meetings": cmd_meetings,
    "meeting": cmd_meeting,
    "monitor": cmd_monitor,
    "pupil": cmd_pupil,
    "returns": lambda args: _module("cli_returns").cmd_returns(args, run_app),
    "init": lambda args: _module("cli_school").cmd_init(args),
    "settings": lambda args: _module("cli_school").cmd_settings(args),
    "trust": lambda args: _module("cli_trust").cmd_trust(args),
    "staff": lambda args: _module("cli_staff").cmd_staff(args),
    "new-year": lambda args: _module("cli_year").cmd_new_year(args),
}


# --- helpers ------------------------------------------------------------------------------


def _prints():
    """The print commands (``cli_prints``), loaded only when a print is asked for."""
    from amtui import cli_prints

    return cli_prints


def _module(name: str):
    """A command module of its own (``cli_school``, ``cli_staff``)."""
    import importlib

    return importlib.import_module(f"amtui.{name}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (no traceback reaches the user)."""
    collector.hold()  # until the first screen is up, or the command ends (see amtui.collector)
    try:
        return _run(parser().parse_args(argv))
    finally:
        collector.release()


def _run(args: argparse.Namespace) -> int:
    from amtui.db.connection import DatabaseBusy, DatabaseUnavailable

    try:
        with outputs.private_umask():
            return flushed(COMMANDS[args.command](args))
    except BrokenPipeError:  # what a command prints (staff list | head -1): the reader chose to stop
        reader_stopped()
        return EXIT_OK
    except (CommandFailed, DatabaseUnavailable, DatabaseBusy, config.ConfigError,
            outputs.OutputRefused) as error:
        print(f"amtui: {shown(error)}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("amtui: stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

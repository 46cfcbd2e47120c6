"""Commands about the records themselves: ``amtui audit verify``, ``amtui export pupil``,
``amtui backup`` and ``restore``, ``amtui archive`` and ``erase``.

Kept apart from ``cli.py`` (which routes to them) so that file stays small.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from amtui import identity, outputs
from amtui.cli_common import (EXIT_FAILED, EXIT_OK, CommandFailed, admin_only, half_term_arg, open_db,
                              to_standard_output, write_csv_out)


def add_audit_parser(commands: argparse._SubParsersAction) -> None:
    """``amtui audit verify [--expect ID:HASH | --from-backup MANIFEST]``."""
    parser = commands.add_parser("audit", help="check the audit trail: has anything been changed outside amtui?")
    checks = parser.add_subparsers(dest="audit_command", metavar="CHECK", required=True)
    verify = checks.add_parser("verify", help="walk the audit trail's hash chain; exit status 1 on any problem")
    source = verify.add_mutually_exclusive_group()
    source.add_argument("--expect", metavar="ID:HASH",
                        help="the newest entry recorded outside the file (syslog: 'amtui: audit head ID:HASH')")
    source.add_argument("--from-backup", metavar="MANIFEST", type=Path,
                        help="a backup's .manifest.json: the trail must still hold what the backup held")


def _expected(args: argparse.Namespace) -> tuple[int, str] | None:
    from amtui.db.audit_verify import parse_expect, read_manifest

    try:
        if args.expect:
            return parse_expect(args.expect)
        if args.from_backup:
            return read_manifest(args.from_backup)
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    return None


def cmd_audit(args: argparse.Namespace) -> int:
    """Verify the chain; print each problem plainly."""
    from amtui.db.audit_verify import verify
    from amtui.db.connection import read

    opened = open_db(args)
    admin_only("VIEW_AUDIT")
    expect = _expected(args)
    report = read(lambda: verify(opened.db, expect))
    for note in report.notes:
        print(f"amtui: note: {note}")
    if report.ok:
        entries = f"{report.entries} entr{'y' if report.entries == 1 else 'ies'}"
        sealed = f", and {report.tables} tables match their seals" if report.tables else ""
        print(f"amtui: the audit trail is whole: {entries} and {report.marks} criterion "
              f"marks match their hashes{sealed}" + (f"; entry {expect[0]} matches the record made outside "
                                                     "the file." if expect else "."))
        return EXIT_OK
    for problem in report.problems:
        print(f"amtui: {problem}", file=sys.stderr)
    print(f"amtui: the audit trail has {len(report.problems)} problem(s): the file was changed outside "
          "amtui. Keep a copy of it as it is, and compare it with your backups.", file=sys.stderr)
    return EXIT_FAILED


def cmd_export_pupil(args: argparse.Namespace) -> int:
    """``amtui export pupil UPN [--out FILE]``: everything held about one pupil, as JSON."""
    from amtui.db.repo.subject_access import as_json, pupil_bundle

    if not args.upn:
        raise CommandFailed("Say which pupil: amtui export pupil UPN [--out FILE].")
    opened = open_db(args)
    login = admin_only("EXPORT_PUPIL")
    outputs.check_out(args.out, opened.target.path)
    try:
        text = as_json(pupil_bundle(args.upn, login))
        if args.out:
            with outputs.open_private(args.out, encoding="utf-8") as out:
                out.write(text)
            print(f"amtui: wrote everything held about {args.upn.upper()} to {args.out}", file=sys.stderr)
        else:
            to_standard_output(lambda out: out.write(text), header=0, unit="lines of it")
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    except OSError as error:
        raise CommandFailed(f"Cannot write {args.out}: {error.strerror}") from error
    print("amtui: this export holds one pupil's personal data (a subject access request): give it only "
          "to the person entitled to it, and delete your copy when it has done its job.", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from amtui.reports.exports import run_export

    if args.kind == "pupil":
        return cmd_export_pupil(args)
    opened = open_db(args)
    outputs.check_out(args.out, opened.target.path)
    half_term = half_term_arg(args)
    try:
        rows = write_csv_out(args, lambda out: run_export(args.kind, out, subject=args.subject, half_term=half_term))
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    record_export(args.kind, args.out, rows)
    print(f"amtui: this export holds personal data: {rows} rows of pupils' names, UPNs and "
          f"{'attainment' if args.kind == 'tracking' else 'test results'}. Keep it on school "
          "systems and delete it when it has done its job.", file=sys.stderr)
    return EXIT_OK


def record_export(kind: str, out: Path | None, rows: int) -> None:
    """Personal data leaving amtui is in the audit trail, with who took it and where."""
    from amtui.db.audit import audit
    from amtui.db.connection import write

    login = identity.current_login()
    write(lambda: audit(login, f"export.{kind}", "export", str(out) if out else "stdout", rows=rows))


def cmd_backup(args: argparse.Namespace) -> int:
    from amtui.db.maintenance import take_backup

    opened = open_db(args)
    login = admin_only("BACKUP")
    with backup_failures():
        info = take_backup(opened.target, args.folder, login)
    print(f"amtui: backup written and checked: {info.path} ({info.pupils} pupils, {info.marks} marks)")
    return EXIT_OK


@contextlib.contextmanager
def backup_failures():
    """A folder, disk or file that refuses a backup is a message, never a traceback."""
    import sqlite3

    try:
        yield
    except OSError as error:
        raise CommandFailed(f"Cannot write the backup: {error.strerror or error} "
                            f"({error.filename or 'backups folder'}). Nothing was changed.") from None
    except sqlite3.Error as error:
        raise CommandFailed(f"The backup could not be made: {error}. Nothing was changed.") from None


def cmd_restore(args: argparse.Namespace) -> int:
    from amtui.db.maintenance import restore_backup

    opened = open_db(args)
    login = admin_only("BACKUP")
    with backup_failures():
        safety, info = restore_backup(opened.target, args.file, login)
    print(f"amtui: restored {info}. What was there before is kept in {safety.path}.")
    return EXIT_OK


def cmd_erase(args: argparse.Namespace) -> int:
    from amtui.db.maintenance import erase_pupil

    open_db(args)
    login = admin_only("ERASE_PUPIL")
    try:
        print(erase_pupil(args.upn, login))
    except ValueError as error:
        raise CommandFailed(str(error)) from error
    return EXIT_OK

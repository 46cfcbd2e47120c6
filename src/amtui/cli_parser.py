"""The ``amtui`` command line's parser: every command, its arguments and its --help.

One function per group of commands, called in the order ``amtui --help`` lists them; a
command module of its own (``cli_school``, ``cli_staff``, ...) adds its commands itself
(``add_*_parser(commands)`` or ``add_*_arguments``), called from :func:`build_parser`.
To add a command: add its parser to its group here (or to its module's ``add_*``), and
its function to ``COMMANDS`` in :mod:`amtui.cli` (``amtui-session`` lets through over SSH
exactly the commands there). Nothing here opens a file or the database: the warm server
builds the parser once (:func:`parser`) before it forks a session.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from amtui import __version__

PRINT_OUT_HELP = "write files into this folder, even when a print queue is set (default: ~/amtui-prints)"
IMPORT_KINDS = ("criteria, pupils, staff, baselines, marks, weekly, attendance, halfterm-tests, ctf, "
                "groups, targets, returns")
EXPORT_KINDS = ("tracking", "weekly", "groups", "returns", "missing-returns", "concerns", "programme", "trust",
                "pupil")
"""What ``amtui export`` writes (``amtui.cli.COMMANDS`` routes each to its module): an
unknown one is refused with this list."""


@functools.cache
def parser() -> argparse.ArgumentParser:
    """The parser, built once per process (parsing leaves it as it was)."""
    return build_parser()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amtui",
        description="Assertive Mentoring in the terminal. With no command, opens the app.",
        epilog="The database: --db, else AMTUI_DB, else 'database' in ~/.config/amtui/config.toml "
        "or /etc/amtui/config.toml, else ~/.local/share/amtui/school.db. On a school server "
        "(service_account in /etc/amtui/config.toml) only that file says; amtui doctor checks the set-up.",
    )
    parser.add_argument("--version", action="version", version=f"amtui {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="the school's database file (or postgresql:// URL)")
    parser.add_argument("--school", dest="in_school", metavar="SCHOOL",
                        help="on a trust's PostgreSQL database: the school to act in, by name or number (else "
                        "AMTUI_SCHOOL, else 'school' in the config, else the one school you belong to)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    exp = _data_commands(commands)
    _class_commands(commands)
    _records_commands(commands)
    from amtui.cli_records import add_audit_parser

    add_audit_parser(commands)
    from amtui.cli_school import add_school_parsers
    from amtui.cli_staff import add_staff_parser

    add_school_parsers(commands)
    add_staff_parser(commands)
    from amtui.cli_year import add_year_parser

    add_year_parser(commands)

    _pupil_commands(commands)
    printing = _print_commands(commands)
    from amtui.cli_leaders import add_leaders_arguments

    add_leaders_arguments(exp, printing, PRINT_OUT_HELP)
    from amtui.cli_programme import add_programme_arguments

    add_programme_arguments(exp, commands)
    from amtui.cli_returns import add_returns_arguments

    add_returns_arguments(exp, commands)
    return parser


def _data_commands(commands) -> argparse.ArgumentParser:
    """demo, import, export; returns export's parser (other modules add kinds to it)."""
    demo = commands.add_parser("demo", help="create the demo primary school and open it")
    demo.add_argument("--create-only", action="store_true", help="create it, do not open the app")
    demo.add_argument("--fresh", action="store_true", help="rebuild the demo school from scratch")
    demo.add_argument("--secondary", action="store_true",
                      help="the demo secondary school instead: Years 7-11, teaching and tutor groups, GCSE grades")
    demo.add_argument("--trust", action="store_true",
                      help="a demo trust of two schools on a PostgreSQL server of your own, opened on the trust view")
    demo.add_argument("--stop", action="store_true", help="with --trust: stop the demo trust's server")

    imp = commands.add_parser("import", help=f"import a CSV file or a CTF ({IMPORT_KINDS}); all or nothing")
    imp.add_argument("kind", metavar="KIND", help=IMPORT_KINDS)
    imp.add_argument("file", metavar="FILE.csv", type=Path, help="the file, or - to read standard input")
    imp.add_argument("--map", metavar="MAP.csv", type=Path,
                     help="a CSV of your file's other headers and the columns they hold (their header, our column)")

    exp = commands.add_parser("export", help=f"export CSV ({', '.join(EXPORT_KINDS[:-1])}) or a pupil's "
                              "JSON to stdout or --out")
    exp.add_argument("kind", metavar="KIND", choices=EXPORT_KINDS,
                     help="tracking, weekly, groups (the leaders' figures by group), returns and missing-returns "
                     "(--return NAME), concerns and programme (the AMT's review and the mentoring programme), trust "
                     "(every school's statuses, meetings and widest gap), or pupil (everything held about one pupil)")
    exp.add_argument("upn", metavar="UPN", nargs="?", help="pupil: the pupil's UPN (a subject access request)")
    exp.add_argument("--out", metavar="FILE", type=Path, help="write here instead of stdout")
    exp.add_argument("--subject", help="tracking: only this subject")
    exp.add_argument("--half-term", type=int, metavar="H", help="tracking, trust: half-term 1-6 (default: now)")
    return exp


def _class_commands(commands) -> None:
    """The screens for a class: grid, weekly, halfterm, attitude, bigwrite."""
    grid = commands.add_parser("grid", help="open the class grid for a class and subject")
    grid.add_argument("class_name", metavar="CLASS")
    grid.add_argument("subject", metavar="SUBJECT")
    grid.add_argument("--stage", type=int, help="the stage's bank (default: most of the class)")
    grid.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    weekly = commands.add_parser("weekly", help="enter a class's weekly basic skills scores (this week)")
    weekly.add_argument("class_name", metavar="CLASS")
    weekly.add_argument("--week", metavar="DATE", help="a day in an earlier week, to correct it")
    tests = commands.add_parser("halfterm", help="enter a class's half-term test marks")
    tests.add_argument("class_name", metavar="CLASS")
    tests.add_argument("subject", metavar="SUBJECT", nargs="?", default="Maths", help="default: Maths")
    tests.add_argument("--stage", type=int, help="pupils at this stage (default: most of the class)")
    tests.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    attitude = commands.add_parser("attitude", help="enter a class's attendance and attitude for a half-term")
    attitude.add_argument("class_name", metavar="CLASS")
    attitude.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    bigwrite = commands.add_parser("bigwrite", help="rate a class's Big Write against their writing targets")
    bigwrite.add_argument("class_name", metavar="CLASS")


def _records_commands(commands) -> None:
    """The set-up and the school's records: doctor, backup, restore, archive, erase."""
    commands.add_parser("doctor", help="check this server's amtui set-up and say plainly what is unsafe")
    backup = commands.add_parser("backup", help="take a consistent backup now (safe while others work)")
    backup.add_argument("folder", nargs="?", type=Path, metavar="DIR",
                        help="where (default: 'backups' beside the database)")
    restore = commands.add_parser("restore", help="check a backup, keep a copy of now, and put it back")
    restore.add_argument("file", type=Path, metavar="FILE")
    archive = commands.add_parser("archive", help="archive a leaver, or --year N all of a year group "
                                  "(off the lists, records kept)")
    archive.add_argument("upn", metavar="UPN", nargs="?")
    archive.add_argument("--year", metavar="N", help="every pupil on roll in this year group (e.g. 6)")
    archive.add_argument("--left", metavar="DATE", help="the day they left (default: today)")
    erase = commands.add_parser("erase", help="erase a leaver's records once the retention period has ended")
    erase.add_argument("upn", metavar="UPN")


def _pupil_commands(commands) -> None:
    """Mentoring and pupils: meetings, meeting, monitor, pupil."""
    commands.add_parser("meetings", help="your mentees: meetings due, overdue, booked")
    meeting = commands.add_parser("meeting", help="hold (or resume) a pupil's mentoring meeting")
    meeting.add_argument("upn", metavar="UPN")
    monitor = commands.add_parser("monitor", help="SLT monitoring: meetings, status shares, chasing")
    monitor.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    pupil = commands.add_parser("pupil", help="open a pupil's page (by UPN or name)")
    pupil.add_argument("who", metavar="UPN_OR_NAME", nargs="+")
    pupil.add_argument("--tab", help="attainment, sheet, targets, weekly, bigwrite, attitude, ...")
    pupil.add_argument("--from", dest="start", metavar="DATE",
                       help="pupil move UPN CLASS: the first day in the new class (default: today)")


def _print_commands(commands) -> argparse._SubParsersAction:
    """print and its records; returns the records' subparsers (other modules add to them)."""
    prints = commands.add_parser("print", help="print a record on A4: to the print_queue setting's printer, "
                                 "else as files (HTML and text)")
    printing = prints.add_subparsers(dest="record", metavar="RECORD", required=True)
    record = printing.add_parser("class-record", help="the class record: pupils x criteria")
    record.add_argument("class_name", metavar="CLASS")
    record.add_argument("subject", metavar="SUBJECT")
    record.add_argument("--stage", type=int, help="the stage's bank (default: most of the class)")
    record.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    record.add_argument("--out", type=Path, metavar="DIR", help=PRINT_OUT_HELP)
    summary = printing.add_parser("meeting", help="a pupil's latest mentoring meeting summary")
    summary.add_argument("upn", metavar="UPN")
    summary.add_argument("--out", type=Path, metavar="DIR", help=PRINT_OUT_HELP)
    profiles = printing.add_parser("profiles", help="half-term pupil profiles for a class: one document, a page each")
    profiles.add_argument("--class", dest="class_name", metavar="CLASS", required=True)
    profiles.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    profiles.add_argument("--out", type=Path, metavar="DIR", help=PRINT_OUT_HELP)
    profiles.add_argument("--format", choices=("html", "text", "both"), default="html", help="default: html")
    sheet = printing.add_parser("tracking-sheet", help="a pupil's tracking sheets, one page per subject")
    sheet.add_argument("who", metavar="UPN_OR_NAME", nargs="+")
    sheet.add_argument("--subject", help="only this subject")
    sheet.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    sheet.add_argument("--out", type=Path, metavar="DIR", help=PRINT_OUT_HELP)
    evening = printing.add_parser("parents-evening", help="a class's parents' evening summary")
    evening.add_argument("--class", dest="class_name", metavar="CLASS", required=True)
    evening.add_argument("--half-term", type=int, metavar="H", help="1-6 (default: now)")
    evening.add_argument("--out", type=Path, metavar="DIR", help=PRINT_OUT_HELP)
    return printing

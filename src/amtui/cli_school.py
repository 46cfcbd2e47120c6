"""``amtui init`` (a new, empty school) and ``amtui settings`` (its settings and dates).

Kept apart from ``cli.py`` (which routes here) so that file stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from amtui import config, identity
from amtui.cli_common import EXIT_OK, CommandFailed, acting_user, open_db, shown

SYSTEM_FOLDERS = ("/proc", "/sys", "/dev", "/bin", "/sbin", "/usr", "/boot", "/etc")


def add_school_parsers(commands: argparse._SubParsersAction) -> None:
    """``amtui init``, ``amtui settings [set | dates | set-dates]`` and ``amtui trust``."""
    from amtui.cli_trust import add_trust_parser

    add_trust_parser(commands)
    init = commands.add_parser("init", help="create a new, empty school (or add one to a trust's database); "
                               "you become its first admin")
    init.add_argument("--school", required=True, metavar="NAME", help='the school\'s name: "Oak Primary"')
    init.add_argument("--year", type=int, metavar="YEAR",
                      help="the academic year it starts in, e.g. 2026 for 2026-27 (default: this one)")
    settings = commands.add_parser("settings", help="the school's settings and half-term dates (SLT, admin)")
    actions = settings.add_subparsers(dest="settings_command", metavar="ACTION")
    change = actions.add_parser("set", help="change a setting (or school_name)")
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    dates = actions.add_parser("dates", help="the half-terms' dates")
    dates.add_argument("--year", type=int, metavar="YEAR", help="the academic year (default: this one)")
    set_dates = actions.add_parser("set-dates", help="a half-term's first and last school day: HT3 2027-01-04 2027-02-12")
    set_dates.add_argument("half_term", metavar="HT")
    set_dates.add_argument("start", metavar="FIRST_DAY")
    set_dates.add_argument("end", metavar="LAST_DAY")
    set_dates.add_argument("--year", type=int, metavar="YEAR", help="the academic year (default: this one)")


# --- init ----------------------------------------------------------------------------------


def refuse_new_path(path: Path, default: Path) -> None:
    """A new school goes where a person will find it again: not over a file, not into a
    folder that does not exist (a mistyped path), not into the system's own folders."""
    if path.is_dir():
        raise CommandFailed(f"{path} is a folder; give the database file's path, e.g. {path / 'school.db'}.")
    if path.exists():
        raise CommandFailed(f"There is already a file at {path}; amtui init never writes over a school. "
                            "Open it with 'amtui', or give another path with --db.")
    resolved = path.resolve()
    if any(resolved == Path(top) or Path(top) in resolved.parents for top in SYSTEM_FOLDERS):
        raise CommandFailed(f"{path} is inside a system folder; keep the school's database in a folder of its "
                            "own (the default is ~/.local/share/amtui/school.db).")
    if not path.parent.is_dir() and path != default:
        raise CommandFailed(f"The folder {path.parent} does not exist; create it first (a mistyped path would "
                            "start a school nobody finds again).")


def refuse_unnamed_founder(login: str) -> None:
    """On a school server only the login root's config names may create the school."""
    if not config.in_service_mode():
        return
    named = config.founding_admin()
    if named is None:
        raise CommandFailed(f"{config.SYSTEM_CONFIG} names no founding_admin, so nobody may create the school "
                            "on this server. Root adds the admin's login: founding_admin = \"LOGIN\".")
    if login != named:
        raise CommandFailed(f"Only {named}, named in {config.SYSTEM_CONFIG}, may create the school on this "
                            "server. Nothing was changed.")


def cmd_init(args: argparse.Namespace) -> int:
    from amtui.db.repo.founding import Founded, found_school
    from amtui.domain.calendar import academic_year_of

    name = args.school.strip()
    if not name:
        raise CommandFailed("Give the school's name: amtui init --school \"Oak Primary\".")
    year = args.year or academic_year_of(dt.date.today())
    if not 2000 <= year <= 2100:
        raise CommandFailed(f"--year {year}: give the year the academic year starts in, e.g. 2026.")
    person = identity.current_person()
    if person.login == identity.UNKNOWN:
        raise CommandFailed("Your login is not known to this server, so amtui cannot make you the admin.")
    refuse_unnamed_founder(person.login)
    target = config.database_target(args.db)
    if target.path is not None:
        refuse_new_path(target.path, config.default_database_path())
    opened = open_db(args, create=True)
    from amtui.db import trust
    from amtui.db.connection import write

    def found() -> Founded:  # a trust's next school, or a new database's first: one transaction
        trust.school_for(opened.db, name)
        return found_school(name, year, person.login, _full_name(person.login))

    try:
        founded = write(found)
    except ValueError as error:
        raise CommandFailed(f"{error} Nothing was changed.") from error
    print(shown(f"amtui: created {name} at {opened.target.url} for {founded.year_label} "
                f"({founded.first_day:%d/%m/%Y} to {founded.last_day:%d/%m/%Y}, six half-terms: "
                "'amtui settings dates' lists them); you "
                f"({person.login}) are its admin."))
    from amtui.db.repo.founding import FIRST_DAY

    print("Next:\n" + "\n".join(f"  {step.what + ':':<11}amtui {step.command} {step.file}" for step in FIRST_DAY)
          + "\n  Then open it: amtui (the home screen ticks off what is done).")
    return EXIT_OK


def _full_name(login: str) -> str:
    """The person's name as the server knows it (their account's full name), else the login."""
    import pwd

    try:
        return pwd.getpwnam(login).pw_gecos.split(",")[0].strip() or login
    except KeyError:
        return login


# --- settings ----------------------------------------------------------------------------------


def cmd_settings(args: argparse.Namespace) -> int:
    from amtui.db.repo import school
    from amtui.domain.errors import UserFacingError

    open_db(args)
    user = acting_user("EDIT_SETTINGS")
    try:
        if args.settings_command == "set":
            value = school.save_setting(user, args.key.strip(), args.value)
            print(shown(f"amtui: {args.key.strip()} is now {value}."))
        elif args.settings_command == "set-dates":
            _set_dates(user, args)
        elif args.settings_command == "dates":
            _dates(_year(args))
        else:
            _list()
    except (UserFacingError, ValueError) as error:  # a refusal by the rules, or a value that cannot be
        raise CommandFailed(str(error)) from error
    return EXIT_OK


def _year(args: argparse.Namespace | None) -> int:
    """The academic year ``--year`` names, else this one."""
    from amtui.domain.calendar import academic_year_of

    return (args.year if args else None) or academic_year_of(dt.date.today())


def _list() -> None:
    from amtui.db.repo.setting_lines import setting_lines

    lines = [line for line in setting_lines(_year(None)) if not line.is_half_term]
    name, settings = lines[0], lines[1:]
    print(shown(f"{name.key}: {name.value or '(not set)'}  ({name.meaning.lower()})"))
    width = max(len(line.key) for line in settings)
    print(f"{'setting':<{width}}  {'value':>7}  {'default':>7}  meaning")
    for line in settings:
        value = ("*" if line.changed else "") + line.value
        print(f"{line.key:<{width}}  {value:>7}  {line.default:>7}  {line.meaning}")
    print("* changed from the default. Change one: amtui settings set KEY VALUE; "
          "the half-terms: amtui settings dates.")


def _dates(year: int) -> None:
    from amtui.db.repo.school import half_terms

    print(f"Half-terms of {year}-{(year + 1) % 100:02d}:")
    for term in half_terms(year):
        weeks = ((term.end - term.start).days + 3) // 7
        print(f"  {term.label:<14} {term.start:%a %d/%m/%Y} to {term.end:%a %d/%m/%Y}  ({weeks} weeks)")
    print("Change one: amtui settings set-dates HT3 FIRST_DAY LAST_DAY")


def _set_dates(user, args: argparse.Namespace) -> None:
    from amtui.db.repo.school import set_half_term_dates
    from amtui.domain.calendar import parse_school_date
    from amtui.domain.half_term import HalfTermNumber

    number = HalfTermNumber.parse(args.half_term)
    start, end = parse_school_date(args.start), parse_school_date(args.end)
    term = set_half_term_dates(user, _year(args), number, start, end)
    print(f"amtui: {term.label} is now {term.start:%a %d/%m/%Y} to {term.end:%a %d/%m/%Y}.")

"""``amtui staff``: the admin keeps the staff list: list, add, roles, leave, teach.

Kept apart from ``cli.py`` (which routes here) so that file stays small.
"""

from __future__ import annotations

import argparse
import datetime as dt

from amtui.cli_common import EXIT_OK, CommandFailed, acting_user, open_db, shown


def add_staff_parser(commands: argparse._SubParsersAction) -> None:
    """``amtui staff list | add | roles | leave | teach | heads``."""
    parser = commands.add_parser("staff", help="the staff list: list, add, roles, leave, teach, heads (admin)")
    staff = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    listing = staff.add_parser("list", help="everyone on the staff list, their roles and classes today")
    listing.add_argument("--leavers", action="store_true", help="include staff who have left")
    add = staff.add_parser("add", help="add a member of staff (or bring back a leaver)")
    add.add_argument("login", metavar="LOGIN", help="their login on this server")
    add.add_argument("name", metavar="NAME", help='their name, in quotes: "Lee Brown"')
    add.add_argument("--roles", required=True, metavar="ROLES",
                     help="comma-separated: teacher, ta, mentor, hod, hoy, slt, admin")
    roles = staff.add_parser("roles", help="give a member of staff these roles instead of theirs")
    roles.add_argument("login", metavar="LOGIN")
    roles.add_argument("roles", metavar="ROLES", help="comma-separated, e.g. teacher,mentor")
    leave = staff.add_parser("leave", help="a leaver: they cannot log in; their records stay")
    leave.add_argument("login", metavar="LOGIN")
    leave.add_argument("--on", metavar="DATE", help="the day they leave (default: today)")
    teach = staff.add_parser("teach", help="who teaches a class from a day (the previous teacher's link ends)")
    teach.add_argument("login", metavar="LOGIN")
    teach.add_argument("class_name", metavar="CLASS")
    teach.add_argument("--from", dest="start", metavar="DATE", help="the first day (default: today)")
    teach.add_argument("--as", dest="role", choices=("teacher", "ta"), default="teacher",
                       help="teacher (default) or ta: a TA is added beside the teacher")
    heads = staff.add_parser("heads", help="what a head of department or year heads: add or remove one "
                                           "(without --subject or --year: what they head)")
    heads.add_argument("login", metavar="LOGIN")
    headed = heads.add_mutually_exclusive_group()
    headed.add_argument("--subject", metavar="SUBJECT", help="a subject they head (needs the hod role)")
    headed.add_argument("--year", metavar="YEAR", help="a year group they head, e.g. 10 (needs the hoy role)")
    heads.add_argument("--remove", action="store_true", help="they no longer head it")


def _date(text: str | None, option: str) -> dt.date:
    from amtui.domain.calendar import parse_school_date

    try:
        return parse_school_date(text) if text else dt.date.today()
    except ValueError as error:
        raise CommandFailed(f"{option}: {error}") from error


def _roles(text: str):
    from amtui.domain.roles import parse_some_roles

    try:
        return parse_some_roles(text)
    except ValueError as error:
        raise CommandFailed(f"Roles: {error}.") from error


def cmd_staff(args: argparse.Namespace) -> int:
    from amtui.db.repo import staffing
    from amtui.domain.errors import UserFacingError

    open_db(args)
    user = acting_user("MANAGE_STAFF")
    if args.staff_command == "list":
        return _list(staffing.staff_list(include_leavers=args.leavers))
    try:
        if args.staff_command == "add":
            said = staffing.add_staff(user, args.login, args.name, _roles(args.roles))
        elif args.staff_command == "roles":
            said = staffing.change_roles(user, args.login, _roles(args.roles))
        elif args.staff_command == "leave":
            said = staffing.leave(user, args.login, _date(args.on, "--on"))
        elif args.staff_command == "heads":
            said = _heads(user, args)
        else:
            said = staffing.teach(user, args.login, args.class_name, _date(args.start, "--from"), args.role)
    except (UserFacingError, ValueError) as error:  # a refusal by the rules, or a value that cannot be
        raise CommandFailed(str(error)) from error
    print(f"amtui: {shown(said)}")
    return EXIT_OK


def _heads(user, args: argparse.Namespace) -> str:
    from amtui.db.repo import staffing

    if args.remove and args.subject is None and args.year is None:
        raise CommandFailed("--remove: name the --subject or --year they no longer head.")
    kind = "subject" if args.subject is not None else "year" if args.year is not None else None
    return staffing.heads(user, args.login, args.subject or args.year, kind, args.remove)


def _list(members) -> int:
    if not members:
        print("Nobody is on the staff list yet: amtui staff add LOGIN \"NAME\" --roles ...")
        return EXIT_OK
    width = max(len(m.login) for m in members)
    for m in members:
        print(shown(f"{m.login:<{width}}  {m.name:<24}  {m.roles_text:<22}  {m.classes_text}".rstrip()))
    active = sum(m.active for m in members)
    print(f"{active} active member{'s' if active != 1 else ''} of staff"
          + (f", {len(members) - active} left" if len(members) > active else "") + ".")
    return EXIT_OK

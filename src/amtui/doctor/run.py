"""The doctor's checks in order: config, who runs amtui, the file, sshd, backups, integrity."""

from __future__ import annotations

import datetime as dt
import grp
from pathlib import Path

from amtui import config, identity
from amtui.doctor.checks import OK, UNSAFE, WARN, Check, could_open, describe, groups_of, ownership
from amtui.doctor.server import server_checks
from amtui.doctor.sshd import sshd_checks
from amtui.doctor.sudo import sudo_check
from amtui.doctor.warm import warm_checks

STAFF_GROUP = "amtui-staff"
SESSION = "amtui-session"
BACKUP_WARN_AFTER = dt.timedelta(days=2)


def all_checks(cli_db: str | None) -> list[Check]:
    found: list[Check] = []
    trust = config.untrusted_reason(config.SYSTEM_CONFIG)
    if trust:
        return [Check(UNSAFE, f"{config.SYSTEM_CONFIG} {trust}",
                      f"chown root:root {config.SYSTEM_CONFIG} && chmod 644 {config.SYSTEM_CONFIG}")]
    try:
        settings = config.system_config()
        service_uid = config.service_uid()
        person = identity.current_person()
        target = config.database_target(cli_db)
    except config.ConfigError as error:
        return [Check(UNSAFE, str(error))]
    found += who_runs(settings, service_uid, person)
    if target.path is None:
        return found + server_checks(target) + [_check_audit_chain(target)]
    db = target.path
    if not db.exists():
        return found + [Check(UNSAFE, f"there is no database at {db}", "check database in /etc/amtui/config.toml")]
    for path, kind, mode in [(db.parent, "folder", 0o700), (db, "file", 0o600),
                             *[(p, "file", 0o600) for p in (Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists()]]:
        found.append(ownership(path, kind, service_uid, mode))
    found += direct_access(db, settings, service_uid, person)
    found += mounts(db)
    if settings.get("service_account"):
        found.append(install_check())
        group = str(settings.get("staff_group", STAFF_GROUP))
        sshd_config = Path(str(settings.get("sshd_config", "/etc/ssh/sshd_config")))
        found += sshd_checks(group, member_of(group, person), SESSION, sshd_config)
        found += sudo_check(member_of(group, person), str(settings["service_account"]), SESSION)
        found += warm_checks(service_uid)
    else:
        found.append(Check(WARN, "no service_account in /etc/amtui/config.toml: amtui runs as each person, "
                           "so the file's mode is all that protects it", "set up the server: README, admin section"))
    found.append(newest_backup(db.parent / "backups"))
    found.append(integrity(db))
    found.append(_check_audit_chain(target))
    return found


def who_runs(settings: dict, service_uid: int | None, person: identity.Person) -> list[Check]:
    account = settings.get("service_account")
    if person.via_service:
        return [Check(OK, f"amtui runs as the service account {account} for {person.login} (from sudo)")]
    if account and service_uid is None:
        return [Check(UNSAFE, f"the service account '{account}' in {config.SYSTEM_CONFIG} does not exist",
                      f"useradd --system --home-dir /var/lib/{account} --shell /usr/sbin/nologin {account}")]
    return [Check(WARN if account else OK, f"amtui runs as {person.login}, not through the service account"
                  if account else f"amtui runs as {person.login} (a personal install)")]


def direct_access(db: Path, settings: dict, service_uid: int | None, person: identity.Person) -> list[Check]:
    """Could a member of staff open the file with their own account (sqlite3, a copy)?"""
    people: dict[str, int] = {}
    if person.via_service and person.uid is not None:
        people[person.login] = person.uid
    group = str(settings.get("staff_group", STAFF_GROUP))
    try:
        import pwd

        for login in grp.getgrnam(group).gr_mem:
            people.setdefault(login, pwd.getpwnam(login).pw_uid)
    except KeyError:
        pass
    people = {login: uid for login, uid in people.items() if uid not in (0, service_uid)}
    if not people:
        return [Check(WARN, f"no member of {group} could be listed to check who may open the file",
                      "run amtui doctor over ssh as a member of staff")] if settings.get("service_account") else []
    try:
        able = {login: could_open(db, uid, groups_of(uid)) for login, uid in people.items()}
    except OSError as error:
        return [Check(WARN, f"cannot work out who may open {db} ({error.strerror})")]
    open_to = [f"{login} ({how})" for login, how in able.items() if how]
    if open_to:
        return [Check(UNSAFE, f"staff can open the school's file with their own accounts: {', '.join(open_to)}",
                      f"chown the folder and file to the service account; chmod 700 {db.parent}; chmod 600 {db}")]
    return [Check(OK, f"no member of staff checked ({', '.join(people)}) can open the file with their own "
                      "account (by owner, group and mode; ACLs not read)")]


def install_check() -> Check:
    """amtui's own code must be root's: whoever may change it runs code as the service account."""
    import sys

    import amtui

    for place in (Path(sys.prefix), Path(amtui.__file__).resolve().parent):
        info = place.stat()
        if info.st_uid != 0 or info.st_mode & 0o022:
            return Check(UNSAFE, f"amtui's install at {place} may be changed by others than root "
                                 f"({describe(info)})", f"chown -R root:root {place} && chmod -R go-w {place}")
    return Check(OK, f"amtui's install at {sys.prefix} is root's alone to change")


def mounts(db: Path) -> list[Check]:
    from amtui.db.startup import mount_warnings

    warnings = mount_warnings(db)
    if warnings:
        return [Check(UNSAFE, warning, "mount without nobrl/nolock (README: the CIFS mount line)")
                for warning in warnings]
    return [Check(OK, "the database's mount keeps SQLite's locks (no nobrl, no nolock)")]


def member_of(group: str, person: identity.Person) -> str | None:
    """A login in the staff group, for asking sshd what it does for them."""
    try:
        members = grp.getgrnam(group).gr_mem
    except KeyError:
        members = []
    if person.via_service:
        return person.login
    return members[0] if members else None


def newest_backup(folder: Path) -> Check:
    from amtui.db.maintenance import PREFIX

    try:
        found = sorted(folder.glob(f"{PREFIX}*.db"), key=lambda p: p.stat().st_mtime)
    except OSError as error:
        return Check(WARN, f"cannot read the backups folder {folder} ({error.strerror})")
    if not found:
        return Check(WARN, f"no backup in {folder}", "run amtui backup, and schedule it daily")
    age = dt.datetime.now() - dt.datetime.fromtimestamp(found[-1].stat().st_mtime)
    when = f"the newest backup, {found[-1].name}, is {age.days} day(s) {age.seconds // 3600} hour(s) old"
    if age > BACKUP_WARN_AFTER:
        return Check(WARN, when, "run amtui backup, and schedule it daily")
    return Check(OK, when)


def integrity(db: Path) -> Check:
    """SQLite's full check of every page and index (read-only: safe while others work)."""
    from amtui.db.connection import Target
    from amtui.db.maintenance import full_check

    result = full_check(Target(str(db)))
    if result == "ok":
        return Check(OK, "the whole file passes SQLite's integrity check")
    return Check(UNSAFE, f"the file's integrity check: {result}",
                 "restore the newest good backup (run amtui doctor as the service account if it cannot be read)")


def _check_audit_chain(target) -> Check:
    """The audit trail's hash chain, checked against the newest backup's manifest when
    there is one, so that a trail cut short since that backup is found too, and the row
    seals: any table changed outside amtui is named."""
    from amtui.db import audit_verify
    from amtui.db.startup import open_database

    expect = None
    manifests = sorted((Path(str(target.path)).parent / "backups").glob("*.manifest.json"),
                       key=lambda p: p.stat().st_mtime) if target.path else []
    try:
        if manifests:
            expect = audit_verify.read_manifest(manifests[-1])
        opened = open_database(target)
        report = audit_verify.verify(opened.db, expect)
    except Exception as error:  # an unreadable file or manifest: said, never a traceback
        return Check(UNSAFE, f"the audit trail could not be checked: {error}",
                     "run amtui audit verify as the service account")
    if not report.ok:
        more = f" (and {len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        return Check(UNSAFE, f"the audit trail (hash chain and row seals) does not verify: "
                     f"{report.problems[0]}{more}",
                     "amtui audit verify lists every problem; restore a backup from before the first")
    against = f", and matches {manifests[-1].name}" if manifests else ""
    sealed = f", {report.tables} tables match their seals" if report.tables else ""
    return Check(OK, f"the audit trail's hash chain verifies ({report.entries} entries{sealed}{against})")

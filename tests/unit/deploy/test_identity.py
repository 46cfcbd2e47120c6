"""Who is at the keyboard: the OS's uid, and sudo's SUDO_UID only as the service account."""

from __future__ import annotations

import os
import pwd

import pytest

from amtui import config, identity

SERVICE = 990


def lookup(uid: int):
    names = {1001: "tteach", 1002: "aadmin", SERVICE: "amtui", 0: "root"}
    if uid not in names:
        raise KeyError(uid)
    return pwd.struct_passwd((names[uid], "x", uid, uid, "", "/", "/bin/sh"))


def test_personal_mode_is_the_real_uid():
    assert identity.resolve(1001, 1001, None, None, lookup) == identity.Person("tteach", 1001)


def test_as_the_service_account_the_person_is_sudos_uid():
    person = identity.resolve(SERVICE, SERVICE, "1002", SERVICE, lookup)
    assert person == identity.Person("aadmin", 1002, via_service=True)


def test_a_forged_sudo_uid_is_ignored_when_not_the_service_account():
    assert identity.resolve(1001, 1001, "1002", SERVICE, lookup).login == "tteach"
    assert identity.resolve(1001, 1001, "1002", None, lookup).login == "tteach"


def test_sudo_uid_counts_only_when_real_and_effective_uids_are_both_the_service():
    assert identity.resolve(1001, SERVICE, "1002", SERVICE, lookup).login == "tteach"
    assert identity.resolve(SERVICE, 1001, "1002", SERVICE, lookup).login == "amtui"


def test_the_service_account_without_sudo_is_itself():
    assert identity.resolve(SERVICE, SERVICE, None, SERVICE, lookup).login == "amtui"


@pytest.mark.parametrize("forged", ["", "abc", "1002; rm", "99999"])
def test_a_malformed_or_unknown_sudo_uid_is_unknown_and_so_read_only(forged):
    person = identity.resolve(SERVICE, SERVICE, forged, SERVICE, lookup)
    assert person.login in (identity.UNKNOWN, "amtui") and person.login != "aadmin"


def test_a_uid_without_a_passwd_entry_is_unknown():
    assert identity.resolve(4242, 4242, None, None, lookup).login == identity.UNKNOWN


def test_logname_and_user_change_nothing(monkeypatch):
    own = pwd.getpwuid(os.getuid()).pw_name
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "admin-by-env")
    monkeypatch.setenv("SUDO_UID", "0" if os.getuid() else "1")  # forged: we are not the service
    monkeypatch.setattr(config, "SYSTEM_CONFIG", config.Path("/nonexistent/amtui.toml"))
    assert identity.current_login() == own


def test_an_unknown_person_can_never_match_a_staff_login():
    from amtui.domain.roles import parse_login

    with pytest.raises(ValueError):
        parse_login(identity.UNKNOWN)


def test_a_pinned_person_is_who_the_process_acts_for_whatever_the_environment(monkeypatch):
    """A warm server's session: amtui-session worked the person out; nothing here changes it."""
    monkeypatch.setattr(identity, "_pinned", None)
    monkeypatch.setenv("SUDO_UID", "0")
    monkeypatch.setenv("LOGNAME", "admin-by-env")
    identity.pin(identity.Person("tteacher", 1002, via_service=True))
    assert identity.current_person() == identity.Person("tteacher", 1002, via_service=True)
    assert identity.current_login() == "tteacher"

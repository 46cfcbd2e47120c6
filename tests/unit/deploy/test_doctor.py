"""amtui doctor: each check with tmp files and modes; UNSAFE in words and exit status 1."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from amtui import config, doctor, identity
from amtui.doctor import checks, run, sshd

ME = os.getuid()


def info(mode: int, uid: int = 1000, gid: int = 1000) -> os.stat_result:
    return os.stat_result((stat.S_IFREG | mode, 0, 0, 1, uid, gid, 0, 0, 0, 0))


@pytest.mark.parametrize("mode, uid, gids, bits, expected", [
    (0o600, 1000, {1000}, 4, True),
    (0o600, 1001, {1000}, 4, False),
    (0o660, 1001, {1000}, 6, True),
    (0o640, 1001, {1000}, 2, False),
    (0o604, 1001, {2000}, 4, True),
    (0o060, 1000, {1000}, 4, False),  # the owner's bits count for the owner, even if the group's would allow
    (0o000, 0, set(), 6, True),  # root
])
def test_permission_bits_by_the_kernels_rule(mode, uid, gids, bits, expected):
    assert checks.allowed(info(mode), uid, gids, bits) is expected


def test_could_open_follows_the_folders_on_the_way(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "school.db"
    db.write_bytes(b"x")
    db.chmod(0o666)
    other = ME + 12345
    outside = {p.stat().st_ino for p in tmp_path.parents} | {tmp_path.stat().st_ino}
    real = checks.allowed  # the folders above tmp_path are pytest's, not this test's
    monkeypatch.setattr(checks, "allowed", lambda st, uid, gids, bits: st.st_ino in outside or real(
        os.stat_result((st.st_mode, st.st_ino, 0, 1, st.st_uid, st.st_gid, 0, 0, 0, 0)), uid, gids, bits))
    folder.chmod(0o700)
    assert checks.could_open(db, other, set()) is None
    folder.chmod(0o711)
    assert checks.could_open(db, other, set()) == "read and write"
    db.chmod(0o604)
    assert checks.could_open(db, other, set()) == "read"
    db.chmod(0o600)
    assert checks.could_open(db, other, set()) is None


def test_ownership_as_the_service_account(tmp_path):
    db = tmp_path / "school.db"
    db.write_bytes(b"x")
    db.chmod(0o600)
    assert checks.ownership(db, "file", ME, 0o600).status == checks.OK
    db.chmod(0o660)
    found = checks.ownership(db, "file", ME, 0o600)
    assert found.status == checks.UNSAFE and "chmod 600" in found.todo
    assert checks.ownership(db, "file", ME + 1, 0o600).status == checks.UNSAFE  # not the service's


def test_ownership_of_a_shared_group_file_is_unsafe(tmp_path, monkeypatch):
    monkeypatch.setattr(checks, "own_private_group", lambda info: False)
    db = tmp_path / "school.db"
    db.write_bytes(b"x")
    db.chmod(0o660)
    found = checks.ownership(db, "file", None, 0o600)
    assert found.status == checks.UNSAFE and "sqlite3" in found.what and "service account" in found.todo
    db.chmod(0o644)
    assert checks.ownership(db, "file", None, 0o600).status == checks.UNSAFE
    db.chmod(0o600)
    assert checks.ownership(db, "file", None, 0o600).status == checks.OK


SSHD_GOOD = """
Port 22
Match Group amtui-staff,!nobody
    ForceCommand sudo -n -u amtui /opt/amtui/bin/amtui-session
    DisableForwarding yes
    PermitUserRC no
"""


def test_sshd_files_with_the_match_block(tmp_path):
    (tmp_path / "sshd_config").write_text("Include /etc/ssh/sshd_config.d/*.conf\n")
    (tmp_path / "sshd_config.d").mkdir()
    (tmp_path / "sshd_config.d" / "amtui.conf").write_text(SSHD_GOOD)
    found = sshd.from_files("amtui-staff", "amtui-session", tmp_path / "sshd_config")
    assert found[0].status == checks.OK and "ForceCommand" in found[0].what


def test_sshd_files_without_it_are_unsafe(tmp_path):
    (tmp_path / "sshd_config").write_text("Port 22\nMatch Group teachers\n  ForceCommand /bin/true\n")
    found = sshd.from_files("amtui-staff", "amtui-session", tmp_path / "sshd_config")
    assert [c.status for c in found] == [checks.UNSAFE]


def test_sshd_t_output_is_judged():
    good = {"forcecommand": "sudo -n -u amtui /opt/amtui/bin/amtui-session", "disableforwarding": "yes",
            "permituserrc": "no", "x11forwarding": "no"}
    assert [c.status for c in sshd.judge(good, "amtui-session")] == [checks.OK]
    covered = {**good, "allowtcpforwarding": "yes", "allowagentforwarding": "yes"}  # as sshd -T prints them
    assert [c.status for c in sshd.judge(covered, "amtui-session")] == [checks.OK]
    leaky = {**covered, "disableforwarding": "no", "permituserrc": "yes"}
    found = sshd.judge(leaky, "amtui-session")
    assert [c.status for c in found] == [checks.OK, checks.UNSAFE] and "allowtcpforwarding yes" in found[1].what
    assert sshd.judge({"forcecommand": "none"}, "amtui-session")[0].status == checks.UNSAFE


def test_match_group_patterns():
    assert sshd.matches_group(["Group", "amtui-*"], "amtui-staff")
    assert not sshd.matches_group(["Group", "amtui-*,!amtui-staff"], "amtui-staff")
    assert not sshd.matches_group(["User", "amtui-staff"], "amtui-staff")


def test_newest_backup_age(tmp_path):
    assert run.newest_backup(tmp_path / "backups").status == checks.WARN
    (tmp_path / "backups").mkdir()
    old = tmp_path / "backups" / "amtui-backup-20200101-000000.db"
    old.write_bytes(b"")
    os.utime(old, (0, 0))
    assert "day(s)" in run.newest_backup(tmp_path / "backups").what
    assert run.newest_backup(tmp_path / "backups").status == checks.WARN
    (tmp_path / "backups" / "amtui-backup-20990101-000000.db").write_bytes(b"")
    assert run.newest_backup(tmp_path / "backups").status == checks.OK


def test_integrity(tmp_path, opened, db_path):
    assert run.integrity(db_path).status == checks.OK
    (tmp_path / "junk.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert run.integrity(tmp_path / "junk.db").status in (checks.UNSAFE, checks.WARN)


def test_the_audit_chain_is_checked_and_a_trail_changed_outside_amtui_is_unsafe(opened, db_path):
    import sqlite3

    from amtui.db.audit import audit
    from amtui.db.connection import write

    write(lambda: audit("admin1", "settings.set", "setting", "school_name", value="Oak Primary"))
    write(lambda: audit("admin1", "settings.set", "setting", "school_name", value="Elm Primary"))
    assert run._check_audit_chain(opened.target).status == checks.OK
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE audit_entry SET login = 'jsmith' WHERE id = (SELECT MIN(id) FROM audit_entry)")
    conn.close()
    found = run._check_audit_chain(opened.target)
    assert found.status == checks.UNSAFE and "does not verify" in found.what


def test_a_group_of_the_owners_own_is_not_a_shared_group(tmp_path, monkeypatch):
    db = tmp_path / "school.db"
    db.write_bytes(b"x")
    db.chmod(0o660)
    monkeypatch.setattr(checks, "own_private_group", lambda info: True)
    assert checks.ownership(db, "file", None, 0o600).status == checks.OK


def test_a_check_that_breaks_is_unsafe_not_a_traceback(monkeypatch):
    def broken(cli_db):
        raise RuntimeError("boom")

    monkeypatch.setattr(doctor, "all_checks", broken)
    out = io.StringIO()
    assert doctor.run_doctor(None, out) == 1
    assert "UNSAFE" in out.getvalue() and "boom" in out.getvalue()


def test_a_whole_run_in_personal_mode_on_a_group_shared_file_exits_1(monkeypatch, tmp_path, opened, db_path):
    monkeypatch.setattr(checks, "own_private_group", lambda info: False)
    monkeypatch.setattr(config, "SYSTEM_CONFIG", tmp_path / "none.toml")
    monkeypatch.setattr(identity, "current_person", lambda: identity.Person("tteach", ME))
    db_path.chmod(0o660)
    out = io.StringIO()
    assert doctor.run_doctor(str(db_path), out) == 1
    text = out.getvalue()
    assert "UNSAFE" in text and "sqlite3" in text and "amtui doctor:" in text
    db_path.chmod(0o600)
    db_path.parent.chmod(0o700)
    out = io.StringIO()
    status = doctor.run_doctor(str(db_path), out)
    assert "UNSAFE" not in out.getvalue(), out.getvalue()
    assert status == 0
    assert all(line.split()[0] in ("ok", "warn", "UNSAFE", "amtui") for line in out.getvalue().splitlines())


def test_an_untrusted_system_config_is_unsafe(monkeypatch, tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text('service_account = "amtui"\n')
    path.chmod(0o666)
    monkeypatch.setattr(config, "SYSTEM_CONFIG", path)
    monkeypatch.setattr(config, "TRUSTED_OWNER", ME)
    from amtui import cli

    assert cli.main(["doctor"]) == 1
    assert "UNSAFE" in capsys.readouterr().out


SUDO_LISTING = """Matching Defaults entries for tteach on server:
    env_reset, secure_path=/usr/sbin\\:/usr/bin

User tteach may run the following commands on server:
    (amtui) NOPASSWD: /opt/amtui/bin/amtui-session ""
"""


def test_sudo_listing_is_judged():
    from amtui.doctor import sudo

    assert sudo.judge(SUDO_LISTING, "tteach", "amtui", "amtui-session").status == checks.OK
    loose = SUDO_LISTING.replace(' ""', "")
    assert sudo.judge(loose, "tteach", "amtui", "amtui-session").status == checks.WARN
    wide = SUDO_LISTING + "    (amtui) NOPASSWD: /usr/bin/sqlite3\n"
    assert sudo.judge(wide, "tteach", "amtui", "amtui-session").status == checks.UNSAFE
    none = SUDO_LISTING.split("User tteach")[0]
    assert sudo.judge(none, "tteach", "amtui", "amtui-session").status == checks.UNSAFE

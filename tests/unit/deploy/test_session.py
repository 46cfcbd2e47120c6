"""amtui-session: only amtui's own commands pass from SSH_ORIGINAL_COMMAND."""

from __future__ import annotations

import os

import pytest

from amtui import config, session


@pytest.mark.parametrize("request_, args", [
    (None, []),
    ("", []),
    ("   ", []),
    ("amtui", []),
    ("amtui grid Elm Maths", ["grid", "Elm", "Maths"]),
    ("amtui import staff -", ["import", "staff", "-"]),
    ("amtui export tracking --subject 'Maths'", ["export", "tracking", "--subject", "Maths"]),
    ("amtui pupil 'Zoe O'\"'\"'Neill'", ["pupil", "Zoe O'Neill"]),
    ("amtui doctor", ["doctor"]),
    ("amtui --help", ["--help"]),
])
def test_amtuis_own_commands_pass(request_, args):
    assert session.parse_request(request_) == args


@pytest.mark.parametrize("request_", [
    "bash", "sh -c 'cat /srv/amtui/school.db'", "sqlite3 /srv/amtui/school.db", "python3 -c 'import os'",
    "scp -f /srv/amtui/school.db", "internal-sftp", "/usr/lib/openssh/sftp-server",
    "LOGNAME=admin USER=admin amtui import staff -", "env LOGNAME=admin amtui", "amtui; bash",
    "amtui --db /tmp/x.db", "amtui --db=/tmp/x.db export tracking", "amtui export tracking --db /tmp/x",
    "amtui --as admin import staff -", "amtui import staff - --as=admin", "amtui shell", "amtui demo",
    "amtui 'unclosed", "./amtui", "/opt/amtui/bin/amtui export tracking",
])
def test_everything_else_is_refused(request_):
    with pytest.raises(session.Refused):
        session.parse_request(request_)


def test_outside_the_service_account_the_session_refuses_to_run(monkeypatch, capsys):
    monkeypatch.setattr(config, "in_service_mode", lambda: False)
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "amtui export tracking")
    assert session.main() == 1
    assert "runs only as the service account" in capsys.readouterr().err


def test_a_refusal_is_a_message_and_status_1(monkeypatch, capsys):
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "sqlite3 /srv/amtui/school.db")
    assert session.main() == 1
    err = capsys.readouterr().err
    assert "refused" in err and "'sqlite3' is not amtui" in err and "Traceback" not in err


def test_the_app_without_a_terminal_is_refused_with_what_to_do(monkeypatch, capsys):
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    monkeypatch.delenv("SSH_ORIGINAL_COMMAND", raising=False)
    assert session.main() == 1  # pytest's stdin is no terminal
    assert "needs a terminal" in capsys.readouterr().err


def test_the_persons_amtui_and_xdg_settings_are_dropped_before_amtui_runs(monkeypatch):
    seen = {}
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "amtui export tracking")
    for name in ("AMTUI_DB", "AMTUI_PRINTS", "AMTUI_SYSLOG", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, "/tmp/mine")
    import amtui.cli

    monkeypatch.setattr(amtui.cli, "main", lambda args: seen.update(args=args, env=dict(os.environ)) or 0)
    assert session.main() == 0
    assert seen["args"] == ["export", "tracking"]
    assert not [name for name in seen["env"] if name.startswith(("AMTUI_", "XDG_"))]


def test_every_command_of_amtui_is_decided_for_ssh():
    """A new command in amtui.cli's COMMANDS is refused over SSH until it is put in
    amtui.session's OVER_SSH (or NOT_OVER_SSH)."""
    from amtui.cli import COMMANDS

    commands = {name for name in COMMANDS if name}
    assert commands - session.OVER_SSH - session.NOT_OVER_SSH == set(), "add it to OVER_SSH or NOT_OVER_SSH"
    assert session.OVER_SSH | session.NOT_OVER_SSH <= commands
    assert not session.OVER_SSH & session.NOT_OVER_SSH

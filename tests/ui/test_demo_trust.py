"""``amtui demo --trust``: a PostgreSQL server of the person's own, two demo schools, a trust
role, the trust view; started again without a rebuild, stopped by ``--stop``. On a real
server (skipped, saying what to install, only where PostgreSQL's programs are missing)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from amtui import cli, cli_demo_trust
from amtui.db import local_server
from amtui.db.connection import Target
from amtui.db.repo import trust_kept
from amtui.ui.app import AmtuiApp
from meeting_pilot import screen_text, settle, until_text

PERSON = "demo_lead"
HOPE, ASH = "Hope Primary School (demo)", "Ash Grove Primary (demo)"


@pytest.fixture
def demo_folder(monkeypatch, login_as):
    """The demo trust's server in a folder of this test's (run as root: one the server's user
    may reach, as the command's own choice, that user's home, is), removed at the end."""
    why = local_server.why_not()
    if why:
        pytest.skip(why)
    base = Path(tempfile.mkdtemp(prefix="amtui-demo-trust-test-"))
    os.chmod(base, 0o711)
    server = local_server.LocalServer(base / "demo-trust", user=local_server.runner())
    monkeypatch.setattr(cli_demo_trust, "demo_server", lambda: server)
    login_as(PERSON)
    yield server
    server.remove()
    shutil.rmtree(base, ignore_errors=True)


def _as_person(server: local_server.LocalServer, sql: str, school: int | None = None) -> list[tuple]:
    import psycopg

    with psycopg.connect(server.url(cli_demo_trust.DATABASE, PERSON), autocommit=True) as conn:
        if school is not None:
            conn.execute("SELECT set_config('amtui.school', %s, false)", (str(school),))
        return conn.execute(sql).fetchall()


async def test_one_command_starts_a_server_of_ones_own_with_two_demo_schools_and_a_trust_role(
        demo_folder, capsys, monkeypatch):
    from amtui.db.startup import open_database
    from amtui.ui.screens.trust.trust import TrustScreen

    def interrupted(server) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:  # Ctrl-C during the first build: no server left running
        patch.setattr(cli_demo_trust, "_build", interrupted)
        with pytest.raises(KeyboardInterrupt):
            cli_demo_trust.cmd_demo_trust(cli.build_parser().parse_args(["demo", "--trust"]), lambda opened: 0)
    assert demo_folder.made() and not demo_folder.running()
    started = time.perf_counter()  # and the next run builds it
    assert cli.main(["demo", "--trust", "--create-only"]) == 0
    built = time.perf_counter() - started
    said = capsys.readouterr().err
    url = demo_folder.url(cli_demo_trust.DATABASE, PERSON)
    assert "the demo trust is ready" in said and url in said.replace("'", "")
    assert "amtui demo --trust --stop" in said and "Traceback" not in said
    # the server listens on its own folder's socket, on no network port, as its own user
    assert demo_folder.running() and (demo_folder.folder / f".s.PGSQL.{demo_folder.port}").exists()
    assert _as_person(demo_folder, "SHOW listen_addresses") == [("",)]
    assert (demo_folder.folder.stat().st_mode & 0o777) == 0o700
    # two schools; the person reads both as a trust role, and is no superuser
    schools = _as_person(demo_folder, "SELECT id, name FROM amtui_schools()")
    assert [name for _, name in schools] == [HOPE, ASH]
    assert _as_person(demo_folder, "SELECT rolsuper, pg_has_role(session_user, 'amtui_trust', 'MEMBER') "
                                    "FROM pg_roles WHERE rolname = session_user") == [(False, True)]
    pupils = [_as_person(demo_folder, "SELECT count(*) FROM pupil", sid)[0][0] for sid, _ in schools]
    assert pupils[0] > 150 and pupils[1] > 150
    names = [_as_person(demo_folder, "SELECT string_agg(forename, ',' ORDER BY id) FROM pupil", sid)[0][0]
             for sid, _ in schools]
    assert names[0] != names[1]  # each school's pupils drawn afresh
    assert _as_person(demo_folder, "SELECT count(*) FROM pupil") == [(0,)]  # no school chosen: none read
    granted = _as_person(demo_folder, "SELECT detail FROM audit_entry WHERE action = 'trust.grant' ORDER BY id",
                         schools[1][0])
    assert ['"reader": false' in d for (d,) in granted] == [True, False]  # each grant audited
    kept = [_as_person(demo_folder, "SELECT half_term FROM kept_trust_figures WHERE day = current_date "
                                    "ORDER BY half_term", sid) for sid, _ in schools]
    assert all(k[0] == (0,) and len(k) >= 2 for k in kept), kept  # now, by its number too, and earlier ones
    read_live = []
    monkeypatch.setattr(trust_kept, "read_again", lambda *a, **k: read_live.append(a[1]))
    opened = open_database(Target(url))
    try:
        app = AmtuiApp(opened, PERSON)
        async with app.run_test(size=(100, 30)) as pilot:
            await until_text(pilot, "2 schools", HOPE[:12], ASH[:12], "% of those assessed", timeout=60)
            await settle(pilot)
            assert isinstance(app.screen, TrustScreen)
            assert "permission denied" not in screen_text(app)
            assert read_live == []  # the demo opens with its kept figures: no school read again
    finally:
        opened.db.close()
    # again: the same trust, opened without a rebuild; then stopped
    again = time.perf_counter()
    assert cli.main(["demo", "--trust", "--create-only"]) == 0
    assert time.perf_counter() - again < built / 3
    assert [sid for sid, _ in _as_person(demo_folder, "SELECT id, name FROM amtui_schools()")] == \
        [sid for sid, _ in schools]
    capsys.readouterr()
    assert cli.main(["demo", "--trust", "--stop"]) == 0
    assert not demo_folder.running() and "stopped" in capsys.readouterr().err
    print(f"demo trust built in {built:.1f} s (load {os.getloadavg()[0]:.1f})")


def test_without_postgresqls_programs_it_says_what_to_install(monkeypatch, capsys):
    monkeypatch.setattr(local_server, "program", lambda name: None)
    assert cli.main(["demo", "--trust"]) == 1
    said = capsys.readouterr().err
    assert "sudo apt-get install postgresql" in said and "Traceback" not in said

"""The system config names the service account and the database, only when root alone may change it."""

from __future__ import annotations

import os

import pytest

from amtui import cli, config


@pytest.fixture
def system(monkeypatch, tmp_path):
    """A system config at a tmp path, trusted when owned by whoever runs the tests."""
    path = tmp_path / "config.toml"
    monkeypatch.setattr(config, "SYSTEM_CONFIG", path)
    monkeypatch.setattr(config, "TRUSTED_OWNER", os.getuid())
    return path


def test_a_config_others_may_change_is_refused(system):
    system.write_text('service_account = "amtui"\ndatabase = "/srv/amtui/school.db"\n')
    system.chmod(0o666)
    with pytest.raises(config.ConfigError, match="may be changed by others than root"):
        config.system_config()
    system.chmod(0o644)
    assert config.system_config()["service_account"] == "amtui"


def test_a_config_in_a_folder_others_may_write_is_refused(system):
    system.write_text('service_account = "amtui"\n')
    system.chmod(0o644)
    system.parent.chmod(0o777)
    try:
        with pytest.raises(config.ConfigError, match="folder others than root may change"):
            config.system_config()
    finally:
        system.parent.chmod(0o755)


def test_a_config_not_owned_by_root_is_refused(system, monkeypatch):
    system.write_text('service_account = "amtui"\n')
    monkeypatch.setattr(config, "TRUSTED_OWNER", os.getuid() + 1)
    with pytest.raises(config.ConfigError, match="not root"):
        config.service_account()


def service_mode(monkeypatch, system, database="/srv/amtui/school.db"):
    system.write_text(f'service_account = "svc"\ndatabase = "{database}"\n')
    system.chmod(0o644)
    monkeypatch.setattr(config, "service_uid", lambda: os.getuid())


def test_as_the_service_account_only_the_system_config_names_the_database(system, monkeypatch, tmp_path):
    service_mode(monkeypatch, system)
    mine = tmp_path / "mine.toml"
    mine.write_text('database = "/tmp/mine.db"\n')
    monkeypatch.setenv("AMTUI_DB", "/tmp/env.db")
    monkeypatch.setenv("AMTUI_CONFIG", str(mine))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert config.in_service_mode()
    assert config.database_target().url == "/srv/amtui/school.db"


def test_as_the_service_account_db_is_refused_with_a_plain_message(system, monkeypatch, capsys):
    service_mode(monkeypatch, system)
    with pytest.raises(config.ConfigError, match="--db is not allowed here"):
        config.database_target("/tmp/other.db")
    assert cli.main(["--db", "/tmp/other.db", "export", "tracking"]) == 1
    err = capsys.readouterr().err
    assert "--db is not allowed here" in err and "Traceback" not in err


def test_as_the_service_account_out_is_refused(system, monkeypatch, capsys, tmp_path):
    from amtui.db.connection import Target
    from amtui.db.startup import open_database

    db = tmp_path / "data" / "school.db"
    db.parent.mkdir()
    open_database(Target(str(db)), create=True).db.close()
    service_mode(monkeypatch, system, str(db))
    assert cli.main(["export", "tracking", "--out", str(tmp_path / "x.csv")]) == 1
    assert "--out is not allowed here" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_without_a_service_account_people_choose_their_own_file(system, monkeypatch, tmp_path):
    system.write_text('database = "/srv/amtui/school.db"\n')
    monkeypatch.setenv("AMTUI_DB", "/tmp/env.db")
    assert not config.in_service_mode()
    assert config.database_target().url == "/tmp/env.db"
    assert config.database_target("/tmp/cli.db").url == "/tmp/cli.db"

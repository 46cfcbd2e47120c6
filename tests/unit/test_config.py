"""Which database amtui opens: --db, then AMTUI_DB, then a config file, then the default."""

from __future__ import annotations

import pytest

from amtui import config


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_default_is_a_file_in_the_users_data_folder(tmp_path):
    assert config.database_target().url == str(tmp_path / "data" / "amtui" / "school.db")


def test_config_file_beats_the_default(monkeypatch, tmp_path):
    conf = tmp_path / "amtui.toml"
    conf.write_text('database = "/mnt/staff/amtui/school.db"\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(conf))
    assert config.database_target().url == "/mnt/staff/amtui/school.db"


def test_environment_beats_the_config_file(monkeypatch, tmp_path):
    conf = tmp_path / "amtui.toml"
    conf.write_text('database = "/mnt/staff/amtui/school.db"\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(conf))
    monkeypatch.setenv("AMTUI_DB", "/srv/other.db")
    assert config.database_target().url == "/srv/other.db"


def test_command_line_beats_everything(monkeypatch):
    monkeypatch.setenv("AMTUI_DB", "/srv/other.db")
    assert config.database_target("~/mine.db").url.endswith("/mine.db")
    assert not config.database_target("~/mine.db").url.startswith("~")


def test_a_postgresql_url_is_accepted_as_a_server_target():
    target = config.database_target("postgresql://amtui@db.school.local/amtui")
    assert not target.is_sqlite and target.path is None


def test_a_broken_config_file_says_which_file(monkeypatch, tmp_path):
    conf = tmp_path / "broken.toml"
    conf.write_text("database = \n")
    monkeypatch.setenv("AMTUI_CONFIG", str(conf))
    with pytest.raises(config.ConfigError, match="broken.toml"):
        config.database_target()




def test_the_keymap_comes_from_the_persons_config_file(monkeypatch, tmp_path):
    conf = tmp_path / "amtui.toml"
    conf.write_text('[keymap]\n"grid.set_cross" = "c"\napp.find = "ctrl+f, f5"\ngrid.fill = 5\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(conf))
    keys, problems = config.keymap()
    assert keys == {"grid.set_cross": "c", "app.find": "ctrl+f,f5"}  # unquoted ids are joined back up
    assert problems == [f"[keymap] grid.fill in {conf} is not a key string (e.g. \"ctrl+s\")."]


def test_a_broken_config_file_leaves_the_keys_as_they_are(monkeypatch, tmp_path):
    conf = tmp_path / "amtui.toml"
    conf.write_text("[keymap\n")
    monkeypatch.setenv("AMTUI_CONFIG", str(conf))
    keys, problems = config.keymap()
    assert keys == {} and "amtui.toml" in problems[0]


def test_in_service_mode_the_keymap_is_the_system_configs(monkeypatch, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[keymap]\n"app.quit" = "z"\n')
    school = tmp_path / "system.toml"
    school.write_text('[keymap]\n"app.find" = "n"\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(mine))
    monkeypatch.setattr(config, "SYSTEM_CONFIG", school)
    monkeypatch.setattr(config, "system_config", lambda: config.read_config_file(school))
    monkeypatch.setattr(config, "in_service_mode", lambda: True)
    assert config.keymap() == ({"app.find": "n"}, [])
    monkeypatch.setattr(config, "in_service_mode", lambda: False)
    assert config.keymap() == ({"app.quit": "z"}, [])

"""The trust benchmark's parts on a tiny trust: two schools of three classes on a real
PostgreSQL server, beside the school's file.

The full run (20 schools, 10 million marks, 200 staff for a minute) is
``python -m benchmarks trust``.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import psycopg
import pytest

from benchmarks import bench_trust, bench_trust_memory, trust_build
from benchmarks.load import prepare

SCHOOLS, STAFF = 2, 3


@pytest.fixture
def tiny_trust(tmp_path):
    pg = trust_build.pg_server_module()
    if pg.why_not():
        pytest.skip(pg.why_not())
    source = prepare(tmp_path / "file", STAFF)  # a class, five pupils and a meeting a member of staff
    with sqlite3.connect(source) as conn:  # and the marks a teacher entered at the start of HT1
        conn.execute("INSERT INTO criterion_mark (pupil_id, criterion_id, half_term_id, code, recorded_at, source) "
                     "SELECT p.id, c.id, (SELECT MIN(id) FROM half_term), 'X', '2026-09-10 09:00:00', 'grid' "
                     "FROM pupil p CROSS JOIN criterion c WHERE c.number <= 10")
    folder = Path(tempfile.mkdtemp(prefix="amtui-trust-test-"))  # the server's user must reach it
    folder.chmod(0o755)
    trust = trust_build.build(folder / "trust", source, SCHOOLS, marks=400, keep=False)
    yield trust
    trust.stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_the_trust_holds_each_school_whole_and_apart(tiny_trust):
    assert tiny_trust.counts == {"school": 2, "pupil": 2 * 5 * STAFF, "criterion_mark": 2 * 400, "staff": 2 * STAFF}
    with psycopg.connect(tiny_trust.url()) as admin:  # the owner: held to the school it chose
        admin.execute("SELECT set_config('amtui.school', '2', false)")
        assert admin.execute("SELECT COUNT(*), MIN(school_id), MAX(school_id) FROM criterion_mark").fetchone() \
            == (400, 2, 2)
        assert admin.execute("SELECT COUNT(*) FROM criterion_mark m JOIN pupil p ON p.id = m.pupil_id "
                             "JOIN criterion c ON c.id = m.criterion_id").fetchone()[0] == 400


def test_every_measure_runs_and_no_save_is_lost(tiny_trust):
    results = {r.name: r for r in bench_trust.measure(tiny_trust, staff=2, seconds=2, sessions=1)}
    view = next(r for name, r in results.items() if name.startswith("trust: the trust view read live, school by school, 2 schools"))
    assert "(2 schools)" in view.name and view.value > 0  # every school, each read in its own
    lost = [r for name, r in results.items() if "lost saves" in name]
    assert len(lost) == 2 and all(r.value == 0 for r in lost), [r.name for r in lost]
    saves = [r for name, r in results.items() if r.unit == "saves"]
    assert len(saves) == 2 and all(r.value > 0 for r in saves)  # the staff the 2 cores carry: all of them
    server, on_file = [r.value for name, r in results.items() if "CPU a save, the database server's" in name]
    assert server > 0 and on_file == 0  # the server's backends worked for the saves; a file has no server
    staff_cpu = [r.value for name, r in results.items() if "CPU a save, the staff's processes" in name]
    assert len(staff_cpu) == 2 and all(0 < v < 1000 for v in staff_cpu)
    cpu = [r for name, r in results.items() if name.endswith(": CPU, amtui's and the server's")]
    assert len(cpu) == 9 and all(r.value > 0 for r in cpu), [r.name for r in cpu]  # 3 reads, on each; kept
    kept = [r for name, r in results.items() if "kept" in name or "refresh" in name]
    assert [r.name for r in kept if not r.name.endswith("server's")] == [
        "trust: the trust view with every school's figures kept, 2 schools on PostgreSQL",
        "trust: amtui trust refresh, every school, 2 schools on PostgreSQL",
        "trust: amtui trust refresh, one school changed, 2 schools on PostgreSQL"]
    memory = [r for name, r in results.items() if "memory" in name]
    assert len(memory) == 2 and all(20 < r.value < 500 for r in memory), [r.name for r in memory]


def test_a_save_of_each_kind_is_measured_as_a_teachers_own_role_statements_and_cpu(tiny_trust):
    from benchmarks import bench_trust_save

    costs = bench_trust_save.measure(tiny_trust, saves=20)
    assert list(costs) == ["mark", "weekly score", "meeting step"]
    for kind, cost in costs.items():  # every save checks who the teacher is now, writes and audits
        assert 5 <= cost.statements <= 25 and cost.client_ms > 0 and cost.wall_ms > 0, (kind, cost)
        assert cost.server_ms >= 0
    rows = bench_trust_save.results(costs, 20)
    assert len(rows) == 12 and rows[0].name == "trust save, a mark (20, one teacher, no load): statements"
    with psycopg.connect(tiny_trust.url()) as admin:  # as the teacher's role: the marks are theirs
        admin.execute("SELECT set_config('amtui.school', '1', false)")
        assert admin.execute("SELECT COUNT(DISTINCT db_role) FROM server_audit WHERE table_name = 'criterion_mark' "
                             "AND db_role <> 'trustadmin'").fetchone()[0] == 1


def test_a_sessions_memory_alone_on_each_side_holds_the_drivers_libraries_on_the_server_only(tiny_trust):
    results = {r.name: r for r in bench_trust_memory.compare(tiny_trust, sessions=1, rounds=1)}
    pss = [r for name, r in results.items() if name.startswith("trust: a session's memory")]
    assert [r.name.rsplit(", ", 1)[-1] for r in pss] == [
        "one school's SQLite file", "2 schools on PostgreSQL (SQLite's + 10%)"]
    assert all(20 < r.value < 500 for r in pss), [(r.name, r.value) for r in pss]
    assert pss[1].target == f"<= {round(pss[0].value * 1.1, 1):g} MB"
    driver = {name.split(": ")[0]: r.value for name, r in results.items() if name.endswith("libraries (PSS)")}
    assert driver["trust memory, one school's SQLite file"] == 0  # a file's session never loads it
    assert driver["trust memory, 2 schools on PostgreSQL"] > 0.1


def test_the_reads_the_staff_and_the_memory_alone_run_when_named_and_not_again_with_every_benchmark():
    from benchmarks.__main__ import modules

    assert modules(["trust_reads"]) == ["bench_trust_reads"]
    assert modules(["trust_staff"]) == ["bench_trust_staff"]
    assert modules(["trust_memory"]) == ["bench_trust_memory"]
    assert modules(["trust_save"]) == ["bench_trust_save"]
    assert "bench_trust" in modules([])
    assert not {"bench_trust_reads", "bench_trust_staff", "bench_trust_memory", "bench_trust_save"} & set(modules([]))


def test_a_second_run_waits_for_the_first_to_stop_the_cached_trust_instead_of_stopping_its_server(
        tmp_path, monkeypatch, capsys):
    import threading

    from benchmarks import big_school

    monkeypatch.setenv("AMTUI_BENCH_CACHE", str(tmp_path))
    monkeypatch.setattr(big_school, "cached_database", lambda: None)
    folder = trust_build.cache_folder(trust_build._source_path(), 20, 500_000)
    folder.mkdir(parents=True)
    (folder / "made.json").write_text('{"counts": {}, "built_in": {}}')
    events = []

    class Server:  # what _start gives: stop() stops it through pg_ctl
        def __init__(self, name: str) -> None:
            self.name, self.folder = name, folder / "server"

        def _as_runner(self, argv, **kwargs) -> None:
            events.append(f"{self.name} {argv[-1]}")

    names = iter(["first", "second", "third"])
    monkeypatch.setattr(trust_build, "_start", lambda where, fresh: events.append("start") or Server(next(names)))
    first = trust_build.cached_trust()
    second = []
    waiting = threading.Thread(target=lambda: second.append(trust_build.cached_trust()))
    waiting.start()
    waiting.join(1.0)
    assert waiting.is_alive() and events == ["start"]  # the second waits: the first's server runs on
    assert "another benchmark is using the cached trust" in capsys.readouterr().err
    first.stop()
    waiting.join(10)
    assert events == ["start", "first stop", "start"] and second[0].server.name == "second"
    second[0].stop()
    trust_build.cached_trust().stop()  # free again once the second has stopped: no wait
    assert events[-3:] == ["second stop", "start", "third stop"]


def test_a_kept_trust_is_found_without_making_the_big_schools_file(tmp_path, monkeypatch):
    from benchmarks import big_school

    monkeypatch.setenv("AMTUI_BENCH_CACHE", str(tmp_path))
    trust_build._source_path().write_text("")  # the name the big school's file is made under
    assert big_school.cached_database() == trust_build._source_path()
    trust_build._source_path().unlink()
    made = []
    monkeypatch.setattr(big_school, "cached_database", lambda: made.append(1))
    folder = trust_build.cache_folder(trust_build._source_path(), 20, 500_000)
    folder.mkdir()
    (folder / "made.json").write_text('{"counts": {}, "built_in": {}}')
    started = []
    monkeypatch.setattr(trust_build, "_start", lambda where, fresh: started.append((where, fresh)))
    trust = trust_build.cached_trust()
    assert made == [] and started == [(folder / "server", False)] and trust.school_file == folder / "school.db"


def test_a_trust_kept_under_an_older_schema_is_moved_for_the_upgrade_not_made_again(tmp_path):
    for name in ("trust-g1-20x500000-big-school-v9-abc123", "trust-g1-20x500000-big-school-v10-abc123",
                 "trust-g1-20x500000-big-school-v10-fff000", "trust-g1-20x400000-big-school-v10-abc123"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "made.json").write_text("{}")
    (tmp_path / "trust-g1-20x500000-big-school-v11-abc123").mkdir()  # half made: no made.json
    wanted = tmp_path / "trust-g1-20x500000-big-school-v12-abc123"
    assert trust_build.kept_before_upgrade(wanted) == tmp_path / "trust-g1-20x500000-big-school-v10-abc123"
    assert (wanted / "made.json").exists()
    assert trust_build.kept_before_upgrade(wanted) is None  # there already
    assert trust_build.kept_before_upgrade(tmp_path / "trust-g1-20x500000-big-school-v9-ddd111") is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "trust-g1-20x400000-big-school-v10-abc123", "trust-g1-20x500000-big-school-v10-fff000",
        "trust-g1-20x500000-big-school-v11-abc123", "trust-g1-20x500000-big-school-v12-abc123",
        "trust-g1-20x500000-big-school-v9-abc123"]

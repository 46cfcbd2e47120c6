"""Start-up holds the garbage collector back, and gives it back as usual."""

import gc

from amtui import cli, collector


def test_hold_then_release_puts_the_usual_thresholds_back():
    collector.hold()
    assert gc.get_threshold()[0] == collector.WHILE_STARTING
    collector.release()
    assert gc.get_threshold() == collector.USUAL


def test_release_without_hold_changes_nothing():
    collector.release()
    gc.set_threshold(500, 10, 10)
    try:
        collector.release(freeze=True)
        assert gc.get_threshold() == (500, 10, 10)
    finally:
        gc.set_threshold(*collector.USUAL)


def test_a_command_leaves_the_usual_collector(capsys):
    assert cli.main(["--db", "/nonexistent/school.db", "grid", "Elm", "Maths"]) == cli.EXIT_FAILED
    assert gc.get_threshold() == collector.USUAL
    assert "There is no database" in capsys.readouterr().err

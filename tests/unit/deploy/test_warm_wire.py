"""What amtui-session and the warm server say to each other (amtui.warm_wire)."""

from __future__ import annotations

import array
import json
import os
import socket
import struct

import pytest

from amtui import warm_wire as wire


def handshake(**changed) -> wire.Handshake:
    fields = dict(argv=["grid", "Elm", "Maths"], login="tteacher", uid=1002, via_service=True,
                  environment={"TERM": "xterm"}, umask=0o022)
    return wire.Handshake(**{**fields, **changed})


def send(conn: socket.socket, data: bytes, fds: list[int]) -> None:
    conn.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else [])


def open_fds(count: int) -> list[int]:
    return [os.open("/dev/null", os.O_RDONLY) for _ in range(count)]


def test_a_handshake_arrives_whole_with_its_four_descriptors():
    server, client = socket.socketpair()
    mine = open_fds(4)
    try:
        send(client, handshake().encode(), mine)
        got, fds = wire.receive_handshake(server)
        assert got == handshake() and len(fds) == 4
        assert all(os.path.samestat(os.fstat(a), os.fstat(b)) for a, b in zip(fds, mine))
        for fd in fds:
            os.close(fd)
    finally:
        for fd in mine:
            os.close(fd)
        server.close()
        client.close()


@pytest.mark.parametrize("body", [
    b"not json", json.dumps({"argv": "grid"}).encode(),
    json.dumps({**handshake().__dict__, "argv": ["grid", 3]}).encode(),
    json.dumps({**handshake().__dict__, "uid": "0"}).encode(),
    json.dumps({**handshake().__dict__, "environment": {"TERM": 1}}).encode(),
    json.dumps({**handshake().__dict__, "extra": 1}).encode(),
])
def test_anything_but_a_handshake_is_refused_and_its_descriptors_closed(body):
    server, client = socket.socketpair()
    mine = open_fds(4)
    before = set(os.listdir("/proc/self/fd"))
    try:
        send(client, struct.pack("!I", len(body)) + body, mine)
        with pytest.raises(ValueError, match="not a handshake"):
            wire.receive_handshake(server)
        assert set(os.listdir("/proc/self/fd")) <= before  # what it was sent, it closed
    finally:
        for fd in mine:
            os.close(fd)
        server.close()
        client.close()


def test_a_handshake_without_the_terminal_is_refused():
    server, client = socket.socketpair()
    mine = open_fds(2)
    try:
        send(client, handshake().encode(), mine)
        with pytest.raises(ValueError, match="2 descriptors instead of 4"):
            wire.receive_handshake(server)
    finally:
        for fd in mine:
            os.close(fd)
        server.close()
        client.close()


def test_only_the_terminals_and_languages_variables_pass():
    passed = wire.passed_environment({
        "TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1", "LANG": "en_GB.UTF-8",
        "LC_ALL": "en_GB.UTF-8", "COLUMNS": "80", "LINES": "24", "PYTHONPATH": "/tmp/evil",
        "AMTUI_DB": "/tmp/x.db", "SUDO_UID": "0", "XDG_STATE_HOME": "/tmp", "HOME": "/home/t",
        "LD_PRELOAD": "/tmp/evil.so", "TEXTUAL_DRIVER": "x"})
    assert sorted(passed) == ["COLORTERM", "COLUMNS", "LANG", "LC_ALL", "LINES", "NO_COLOR", "TERM"]

"""The warm server: a session opens in a process forked from one that has loaded amtui.

Loading Python, Textual and amtui takes most of a session's start (``import textual.app``
alone is over half a second on a small server), and it is the same work for every person.
On the school server the admin runs ``amtui-warm`` as the service account (a systemd unit,
see the README): it loads them once, freezes what it loaded out of the garbage
collector's way, and waits on a Unix socket in a folder only the service account can
reach (``0700``; ``warm_socket`` in ``/etc/amtui/config.toml``, by default
``/run/amtui/warm.sock``). ``amtui-session``, which sudo starts as the service account
for each SSH login, then hands its terminal to the server instead of loading everything
itself (:mod:`amtui.warm.client`); the server forks a process that becomes that person's
amtui (:mod:`amtui.warm.server`, :mod:`amtui.warm.child`).

**What the server trusts, and why.** The handshake says who the person is (the login
``amtui-session`` worked out by :mod:`amtui.identity`'s rule, from sudo's ``SUDO_UID``)
and which command they asked for (already checked by ``amtui-session``). The server
believes it only because nobody but the service account can send it: the socket's folder
is the service account's alone, and the server also asks the kernel who connected
(``SO_PEERCRED``) and refuses any uid but its own. Whoever runs as the service account
can already open the school's file, so believing them adds nothing they did not have.
Staff never reach the socket: sudo runs only ``amtui-session`` as the service account,
which computes the person itself.

**A session is a cold start's twin.** The server opens nothing before it forks (no
database, no config read kept, no thread): each session's process reads the config and
opens the database itself, as ``amtui`` would, and runs amtui's own command line with
the same rules, journal and hangup handling. It has its own process group; its terminal
is the one passed over (the size is read from it); its environment is the server's, less
``AMTUI_*`` and ``XDG_*``, plus only the terminal's and language's variables the
session passed (:data:`amtui.warm_wire.PASSED_ENVIRONMENT`).

When the socket is missing, stale, or the server refuses, ``amtui-session`` starts amtui
the usual way: the warm server only makes the start quicker.
"""

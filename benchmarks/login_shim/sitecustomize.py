"""For tests and benchmarks only: amtui in a child process acts as ``AMTUI_TEST_LOGIN``,
or runs as a school server's service account by ``AMTUI_TEST_SYSTEM_CONFIG``.

amtui takes the login from the operating system, never from the environment, so a test
that plays a teacher cannot set LOGNAME; it puts this folder on PYTHONPATH instead
(``login_env``). Likewise the school server's config is ``/etc/amtui/config.toml``, owned
by root: a test or benchmark that plays the server (``amtui-session`` and the warm server
without sudo or sshd) names a config file of its own, trusted when the running user owns
it (``server_env``). This file is not part of amtui and is never installed: whoever can
put it on PYTHONPATH already runs code as themselves, and the school server's sudo rule
clears PYTHONPATH.
"""

import os

if os.environ.get("AMTUI_TEST_LOGIN"):
    try:
        from amtui import identity

        _login = os.environ["AMTUI_TEST_LOGIN"]
        identity.current_person = lambda: identity.Person(_login, None)
    except ImportError:  # not an amtui process
        pass

if os.environ.get("AMTUI_TEST_SYSTEM_CONFIG"):
    try:
        from pathlib import Path

        from amtui import config

        config.SYSTEM_CONFIG = Path(os.environ["AMTUI_TEST_SYSTEM_CONFIG"])
        config.TRUSTED_OWNER = os.getuid()
    except ImportError:
        pass

"""For tests and benchmarks only: amtui in a child process acts as ``AMTUI_TEST_LOGIN``.

amtui takes the login from the operating system, never from the environment, so a test
that plays a teacher cannot set LOGNAME; it puts this folder on PYTHONPATH instead
(``login_env``). This file is not part of amtui and is never installed: whoever can
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

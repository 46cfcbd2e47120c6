"""``python -m amtui``: the same as the ``amtui`` command."""

import sys

from amtui.cli import main

sys.exit(main())

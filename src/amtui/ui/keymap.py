"""The person's keys: every binding's id, and what a keymap names that none has.

The keymap itself is applied by Textual (``App.set_keymap``); this module only finds the
ids amtui has, to say which names in a keymap match nothing (a typo, or a key renamed).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator, Mapping

from textual.binding import Binding
from textual.dom import DOMNode


def binding_classes() -> Iterator[type[DOMNode]]:
    """Every screen, dialog and widget class of amtui's UI that declares bindings.

    Imports every UI module, so it is not for start-up: the app asks it from a thread,
    and only when the person has a keymap.
    """
    import amtui.ui

    for info in pkgutil.walk_packages(amtui.ui.__path__, "amtui.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, DOMNode)
                    and value.__module__ == module.__name__ and "BINDINGS" in value.__dict__):
                yield value


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings ``cls`` itself declares (not those it inherits)."""
    return [binding for binding in cls.__dict__["BINDINGS"] if isinstance(binding, Binding)]


def binding_ids() -> set[str]:
    """The ids of every binding amtui has."""
    return {binding.id for cls in binding_classes() for binding in own_bindings(cls) if binding.id}


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids in ``keymap`` that no binding has, in the keymap's order."""
    known = binding_ids()
    return [binding_id for binding_id in keymap if binding_id not in known]

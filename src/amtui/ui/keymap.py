"""The person's keys: every binding's id, and what is wrong with a keymap.

The keymap itself is applied by Textual (``App.set_keymap``); this module finds the ids
amtui has, to say which names in a keymap match nothing (a typo, or a key renamed), and
which keys it gives to two things on one screen. (Textual's own clash report counts a
binding with two keys, ``u,ctrl+z``, against itself, and misses a key taken from a
binding the keymap leaves alone.)
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


def unknown_ids(keymap: Mapping[str, str], classes: list[type[DOMNode]] | None = None) -> list[str]:
    """The ids in ``keymap`` that no binding has, in the keymap's order."""
    classes = list(binding_classes()) if classes is None else classes
    known = {binding.id for cls in classes for binding in own_bindings(cls) if binding.id}
    return [binding_id for binding_id in keymap if binding_id not in known]


def clashes(keymap: Mapping[str, str], classes: list[type[DOMNode]]) -> list[str]:
    """"KEY: id, id" for each key the keymap gives to two things on one screen or widget.

    One action with different arguments on one key (``half_term(-1)``, ``half_term(1)``)
    is one thing."""
    found: dict[str, set[str]] = {}
    for cls in classes:
        bindings = [binding for base in reversed(cls.__mro__) if "BINDINGS" in vars(base)
                    for binding in vars(base)["BINDINGS"] if isinstance(binding, Binding)]
        on_key: dict[str, list[Binding]] = {}
        for binding in bindings:
            keys = keymap.get(binding.id or "", binding.key)
            for key in (part.strip() for part in keys.split(",")):
                on_key.setdefault(key, []).append(binding)
        for key, sharing in on_key.items():
            actions = {binding.action.split("(")[0] for binding in sharing}
            if len(actions) > 1 and any(binding.id in keymap for binding in sharing):
                found.setdefault(key, set()).update(binding.id or binding.action for binding in sharing)
    return [f"{key}: {', '.join(sorted(ids))}" for key, ids in sorted(found.items())]

"""Every key can be changed by the person: each binding has an id and says what it does."""

from __future__ import annotations

from amtui.ui.app import AmtuiApp
from amtui.ui.keymap import binding_classes, own_bindings


def test_every_binding_has_a_description_and_an_id_that_means_one_thing():
    classes = [*binding_classes(), AmtuiApp]
    meaning: dict[str, tuple[str, str]] = {}
    missing = []
    for cls in classes:
        ids = [binding.id for binding in own_bindings(cls)]
        assert len(ids) == len(set(ids)), f"{cls.__name__} uses an id twice"
        for binding in own_bindings(cls):
            if not binding.id or not binding.description:
                missing.append(f"{cls.__name__}: {binding.key} -> {binding.action}")
                continue
            # One id may be shared (every dialog's Cancel), but only for one and the same thing.
            same = meaning.setdefault(binding.id, (binding.action, binding.description))
            assert same == (binding.action, binding.description), f"{binding.id} means two things"
    assert not missing, missing
    assert len(classes) > 30 and len(meaning) > 150

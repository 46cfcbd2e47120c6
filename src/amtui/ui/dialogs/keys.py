"""The keys help (?): what each key does on the screen underneath, with the keys in force
(after the person's keymap) and each binding's id, the name a keymap changes it by."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from amtui.ui.widgets.tables import FittedTable

GENERAL = ("tab: next panel · up/down: move · ctrl+p: every command · "
           "to change a key, give its Id a new key under [keymap] in config.toml")


def key_rows(bindings: dict[str, ActiveBinding], display) -> list[tuple[str, str, str, str]]:
    """(key, what it does, id, more) for bindings meant for people: shown ones and our own ids.

    The id comes before the tooltip, which is the column the box's width may cut short.
    The keys the footer shows come first; hidden ones (the grid's arrows...) after them."""
    rows, hidden, seen = [], [], set()
    for active in bindings.values():
        binding = active.binding
        if binding.system or not binding.description or not (binding.show or binding.id):
            continue
        key = display(binding)
        if (key, binding.description) in seen:
            continue
        seen.add((key, binding.description))
        (rows if binding.show else hidden).append(
            (key, binding.description, binding.id or "", binding.tooltip or ""))
    return rows + hidden


class KeysScreen(ModalScreen[None]):
    """A list of the keys that work on the screen it was opened over; any of its keys closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q,f1", "dismiss", "Close", tooltip="Back to the screen", id="keys.close"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding], who: str = ""):
        super().__init__()
        self.bindings = bindings
        self.who = who  # the person and all their roles: the title line may count some ("+2")

    def compose(self) -> ComposeResult:
        with Vertical(id="keys-box"):
            yield FittedTable(id="keys-table", cursor_type="none", show_cursor=False)
            yield Static(f"You: {self.who}\n{GENERAL}" if self.who else GENERAL, id="keys-general", markup=False)

    def on_mount(self) -> None:
        self.query_one("#keys-box").border_title = "Keys (esc closes)"
        table = self.query_one("#keys-table", DataTable)
        table.add_columns("Key", "Does", "Id", "")
        table.add_rows(key_rows(self.bindings, self.app.get_key_display))

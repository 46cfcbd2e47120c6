"""Textual's parsed stylesheets, shared by every app in the process and made before a session.

Textual parses the app's stylesheet and each widget's ``DEFAULT_CSS`` again for every app
(a cache per ``Stylesheet``, emptied whenever the theme's variables are set): about a
sixth of what a session's process did before its first screen. The parse depends only on
the CSS text, where it was read from, its tie-breaker and scope, and the theme's
variables, never on the person or the school; so :func:`share_parses` gives each app's
stylesheet one cache for the whole process, keyed by the variables too, and
:func:`prewarm` fills it in the warm server before it forks (:mod:`amtui.warm.server`),
so a session finds every rule already parsed.

This leans on two private parts of Textual's ``Stylesheet`` (``_parse_cache`` and
``_parse_rules``). Where they are not as expected, nothing is shared and Textual parses
as it always did: only the speed differs, never what is drawn.
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

PARSED: LRUCache[tuple, Any] = LRUCache(4096)
"""(the theme's variables, Textual's own cache key) -> the parsed rule sets."""


class SharedParses:
    """Stands in for one stylesheet's ``_parse_cache``: the process's, under its variables."""

    def __init__(self, stylesheet: Stylesheet) -> None:
        self.stylesheet = stylesheet
        self.variables: tuple[dict, tuple] = ({}, ())  # the stylesheet's, and as a key

    def _key(self, key: tuple) -> tuple:
        variables = self.stylesheet._variables
        if variables != self.variables[0]:  # a copy: a dict changed in place is seen too
            self.variables = (dict(variables), tuple(sorted(variables.items())))
        return (self.variables[1], key)

    def __getitem__(self, key: tuple) -> Any:
        return PARSED[self._key(key)]

    def __setitem__(self, key: tuple, rules: Any) -> None:
        PARSED[self._key(key)] = rules

    def clear(self) -> None:
        """New variables select other entries: nothing parsed under the old ones is wrong."""


def share_parses(stylesheet: Stylesheet) -> bool:
    """Give ``stylesheet`` the process's cache of parsed CSS; False where Textual differs."""
    if not isinstance(getattr(stylesheet, "_parse_cache", None), LRUCache) \
            or not isinstance(getattr(stylesheet, "_variables", None), dict):
        return False
    stylesheet._parse_cache = SharedParses(stylesheet)  # type: ignore[assignment]
    return True


def prewarm(app_class: type) -> int:
    """Parse, under ``app_class``'s default theme, its stylesheet and every loaded widget's
    ``DEFAULT_CSS`` as each subclass inherits it; the number of sources parsed."""
    app = app_class(None, "")
    sheet = app.stylesheet
    if not isinstance(sheet._parse_cache, SharedParses) or not hasattr(sheet, "_parse_rules"):
        return 0
    sheet.read_all(app.css_path)
    sheet.parse()
    sources = {(css, read_from, tie_breaker, scope)
               for node in _subclasses(DOMNode) if "<locals>" not in node.__qualname__
               for read_from, css, tie_breaker, scope in DOMNode._get_default_css(_Bases(node))}
    parsed = len(app.css_path)
    for css, read_from, tie_breaker, scope in sources:
        try:
            sheet._parse_rules(css, read_from, is_default_rules=True, tie_breaker=tie_breaker, scope=scope)
        except Exception:  # noqa: BLE001  (a widget whose CSS does not parse: a session says so if used)
            continue
        parsed += 1
    return parsed


class _Bases:
    """What ``DOMNode._get_default_css`` reads of a node: its class's CSS bases."""

    def __init__(self, node: type[DOMNode]) -> None:
        self._node_bases = DOMNode._css_bases(node)


def _subclasses(base: type) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found

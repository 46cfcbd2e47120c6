"""Screens, one folder per feature; a screen module and the helpers it owns sit together.

A screen opens another only through :mod:`amtui.ui.navigation`, never by importing it.
"""

"""Assertive Mentoring's rules as pure Python: the stage scale, dot-line-cross codes,
sub-stage placement, targets, weekly tests, attitude, settings and the school calendar.

Nothing here touches the database or the screen (only the standard library and
python-dateutil), so every rule can be unit-tested on its own. Import the modules
you need directly, e.g. ``from amtui.domain.scale import default_scale``; this
package deliberately imports nothing so that importing it stays cheap.
"""

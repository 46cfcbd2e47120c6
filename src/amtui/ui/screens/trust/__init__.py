"""The trust view: many schools at a glance."""

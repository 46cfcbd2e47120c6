"""The demo primary school: ``build_demo()`` fills an empty database with a realistic school."""

from amtui.demo.builder import DemoSummary, build_demo

__all__ = ["DemoSummary", "build_demo"]

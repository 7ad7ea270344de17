"""Shared pytest set-up: fixture modules are plugins, one per area."""

pytest_plugins = ["tests.fixtures_site", "tests.fixtures_browser", "tests.lanes", "tests.ordering", "pytester"]

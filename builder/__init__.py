"""Helpwright: turn YAML usage scenarios into help pages, a help site and workshop handouts."""

__version__ = "0.1.0"

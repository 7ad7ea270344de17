"""Domain errors. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class HelpwrightError(Exception):
    """A problem the user can act on; printed as `Error: …` without a traceback."""


class ContentError(HelpwrightError):
    """The content has problems; each one is already printed with its location."""


class CaptureError(HelpwrightError):
    """A capture could not run at all (no browser, platform down…)."""


class BuildError(HelpwrightError):
    """The site or the handouts could not be built."""


class DataFileError(HelpwrightError):
    """A file Helpwright wrote (manifest, pending, approvals) was changed into something it cannot read."""

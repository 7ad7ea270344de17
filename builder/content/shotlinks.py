"""Links in ``screenshots/``: refused by ``check``.

Screenshots are committed and arrive by merge request like content. Capture writes
plain files only, so a link there was put by hand, and the site build would publish
whatever it points at (``/etc/passwd`` as a step image). Build and review skip links
on their own (:func:`builder.shots.store.plain_file_inside`); ``check`` names them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from builder.content.yamlsource import Problem

if TYPE_CHECKING:
    from builder.content.project import Project


def check_screenshot_links(project: Project) -> None:
    """One problem per link under ``screenshots/`` (a file or a folder), at the link itself."""
    shots = project.root / "screenshots"
    if shots.is_symlink():
        project.problems.append(_problem(shots, project.root))
        return
    if not shots.is_dir():
        return
    _links_under(str(shots), project)


def _links_under(folder: str, project: Project) -> None:
    """The folder listing tells links apart (no call per file: a library has thousands of screenshots)."""
    try:
        with os.scandir(folder) as listed:
            entries = sorted(listed, key=lambda entry: entry.name)
    except OSError:  # unreadable: as a walk of it, nothing to say (what reads it says so)
        return
    for entry in entries:
        if entry.is_symlink():
            project.problems.append(_problem(Path(entry.path), project.root))
        elif entry.is_dir():
            _links_under(entry.path, project)


def _problem(path: Path, root: Path) -> Problem:
    from builder.content.project import display_path

    try:
        where = f" to {os.readlink(path)}"
    except OSError:
        where = ""
    return Problem(display_path(path, root), 1, 1, f"the screenshot folder holds a link{where}, which the site would publish",
                   "delete the link and run `helpwright capture` to write the images")

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
    for folder, dirs, files in os.walk(shots):  # links to folders are listed, never followed
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if path.is_symlink():
                project.problems.append(_problem(path, project.root))


def _problem(path: Path, root: Path) -> Problem:
    from builder.content.project import display_path

    try:
        where = f" to {os.readlink(path)}"
    except OSError:
        where = ""
    return Problem(display_path(path, root), 1, 1, f"the screenshot folder holds a link{where}, which the site would publish",
                   "delete the link and run `helpwright capture` to write the images")

"""What in a project is code: the one notice `helpwright check` prints so a reviewer sees it.

Data (scenarios, glossary, workshops, catalogs, platform.yaml apart from its commands) never
becomes markup or code. Code runs with the rights of whoever builds: `conf.py` (Sphinx runs it),
`templates/` (rendered sandboxed, still code) and `reset.command`. A merge request touching any
of them is reviewed as code; this notice names them in every `check`.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from builder.content.loading import Project


def code_notice(project: Project) -> str | None:
    """One line naming the project's code files and commands, or None when it has none."""
    root = project.root
    items: list[str] = []
    if (root / "conf.py").is_file():
        items.append("conf.py (Python, run by Sphinx)")
    templates = root / "templates"
    if templates.is_dir():
        files = sorted(p.relative_to(root).as_posix() for p in templates.rglob("*")
                       if p.is_file() and p.name != "README.md")
        items += files
    platform = project.platform
    reset = platform.reset if platform else None
    if reset is not None and reset.command is not None:
        command = reset.command if isinstance(reset.command, str) else shlex.join(reset.command)
        where = ""
        if project.platform_source is not None:
            line, _ = project.platform_source.where(("reset", "command"))
            where = f" ({project.platform_source.display}:{line})"
        env = f", with {', '.join(reset.env)}" if reset.env else ""
        items.append(f"reset.command `{command}`{where}{env}")
    if not items:
        return None
    return ("notice: code in this project (it runs when you build or capture; review changes to it as code): "
            + "; ".join(items))

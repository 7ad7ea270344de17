"""A loaded project: what loading returns and every check and output reads.

Its own module so the checks (crossref, guards, richtext, shotlinks, workshop) and the
outputs can name the type without importing ``loading``, which runs those checks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.content.model import LANG_PATTERN, Glossary, Platform, Scenario
from builder.content.yamlsource import Located, Problem

#: a URL scheme (`https:`, `file:`): content names files of the project, never URLs
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass
class Source:
    """A loaded item and where it came from."""

    model: Any
    located: Located


@dataclass
class Project:
    root: Path
    platform: Platform | None = None
    platform_source: Located | None = None
    scenarios: dict[str, Source] = field(default_factory=dict)
    workshops: dict[str, Source] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)
    problems: list[Problem] = field(default_factory=list)
    #: things `check` prints but that do not fail it (e.g. a scenario that changes data, with no reset)
    warnings: list[Problem] = field(default_factory=list)
    #: every scenario file that holds a mapping, valid or not: references are
    #: checked on these too, so one mistake does not hide the others
    scenario_files: list[Located] = field(default_factory=list)
    #: every scenario file on disk, including those that could not be read
    scenario_paths: list[Path] = field(default_factory=list)
    #: content/glossary.yaml as read, when it holds a mapping
    glossary_source: Located | None = None
    #: every workshop file that holds a mapping, valid or not
    workshop_files: list[Located] = field(default_factory=list)
    #: YAML files that are not read because of their extension (`.yml`, `.YAML`)
    misnamed: list[Path] = field(default_factory=list)
    #: the files as loaded, to keep for the next load (:mod:`builder.content.loadcache`): saved by the load
    #: where ``_build`` exists, else by a command once it has made ``_build`` (:meth:`keep_loaded`)
    loaded: Any = field(default=None, repr=False, compare=False)

    def keep_loaded(self) -> None:
        """Keep the files as this load read them for the next load (once ``_build`` exists)."""
        if self.loaded is not None:
            self.loaded.save()

    def per_file(self, check: str, located: Located, reads: str, run: Callable[[], None]) -> None:
        """Run ``run``, a check of the file ``located`` alone appending to :attr:`problems` (``reads``: what else
        it depends on), or take what it found in the same file the last time (:mod:`builder.content.loadcache`)."""
        if self.loaded is None:
            run()
        else:
            self.loaded.checked(check, located, reads, self.problems, run)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def device_scale(self) -> float:
        """How many image pixels a CSS pixel takes on the screenshots (platform.yaml ``device_scale_factor``)."""
        return self.platform.device_scale_factor if self.platform else 1

    @property
    def languages(self) -> list[str]:
        return list(self.platform.languages) if self.platform else ["fr", "en"]

    @property
    def known_ids(self) -> set[str]:
        """Ids a reference may name: valid scenarios, plus files that failed to load.

        A file with a mistake is still a scenario the author meant; calling every
        reference to it "unknown" would bury the one real problem under echoes.
        """
        raw = {loc.data.get("id") for loc in self.scenario_files}
        stems = {path.stem for path in self.scenario_paths + self.misnamed}
        return set(self.scenarios) | {i for i in raw if isinstance(i, str)} | stems

    def scenario(self, scenario_id: str) -> Scenario:
        return self.scenarios[scenario_id].model

    @property
    def other_files(self) -> list[Located]:
        """Workshop files and the glossary, as read."""
        return self.workshop_files + ([self.glossary_source] if self.glossary_source is not None else [])


def display_path(path: Path, root: Path) -> str:
    # the folder is resolved, not the file: a link shows under its own name
    here = path.absolute().parent.resolve() / path.name
    try:
        return str(here.relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str(here.relative_to(root.resolve()))
        except ValueError:
            return str(path)


#: ``path:line`` or ``path:line:col``
_LOCATION = re.compile(r"(?P<path>.+?)(?P<at>(?::\d+){1,2})")


def project_source(location: str, root: Path, memo: dict[str, str | None] | None = None) -> str:
    """A ``path:line[:col]`` as shown (:func:`display_path`) made relative to the project: what a build
    writes (a staged page's ``:source:``, the ``--strict`` record) is then the same wherever it runs, and
    a build from another folder does not read every page again. Anything else is kept as it is.

    ``memo`` keeps each path's answer for a caller asking about many lines of the same few files
    (a site's every step): the path is looked up on the disk once."""
    match = _LOCATION.fullmatch(location)
    if match is None:
        return location
    path, at = match["path"], match["at"]
    if memo is not None and path in memo:
        relative = memo[path]
    else:
        relative = _project_relative(path, root)
        if memo is not None:
            memo[path] = relative
    return location if relative is None else f"{relative}{at}"


def _project_relative(path: str, root: Path) -> str | None:
    """``path`` relative to the project, or None to keep it as it is."""
    given = Path(path)
    if not given.is_absolute():
        here = Path.cwd() / given
        if not here.exists() and (root / given).exists():
            return None  # display_path's fallback for a file outside the current folder: the project's own
        given = here
    try:
        return (given.parent.resolve() / given.name).relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return None


def shown_source(location: str, root: Path) -> str:
    """A ``path:line[:col]`` relative to the project (:func:`project_source`) as the current folder sees it."""
    match = _LOCATION.fullmatch(location)
    if match is None or Path(match["path"]).is_absolute():
        return location
    return f"{display_path(root / match['path'], root)}{match['at']}"


def outside_project(path: Path, root: Path) -> Path | None:
    """Where ``path`` really is when links take it out of the project (None when inside or missing)."""
    if not path.exists():
        return None
    real = path.resolve()
    return None if real.is_relative_to(root.resolve()) else real


def is_language_map(value: Any, of: type = str) -> bool:
    """A non-empty mapping of language codes to values of type ``of`` (texts; lists for search words)."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(k, str) and re.match(LANG_PATTERN, k) and isinstance(v, of)
                    for k, v in value.items()))


def file_problem(project: Project, name: str, what: str) -> str | None:
    """Why ``name`` (relative to content/) may not be used as a file, or None when it may.

    The text is `problem: what to do`, the format of every located problem.
    """
    if not name.strip():
        return f"{what} is empty: write the path of a file under content/"
    if URL_SCHEME.match(name) or name.startswith("//"):
        return f"{what} `{name}` is a URL, not a file of the project: put the file under content/ and write its path from there"
    if name.startswith(("/", "\\", "~")) or Path(name).is_absolute():
        return f"{what} `{name}` is an absolute path: put the file under content/ and write its path from there"
    root = project.root.resolve()
    candidate = project.content / name
    if candidate.is_symlink() and not candidate.exists():
        return f"{what} `{name}` is a link to {os.readlink(candidate)}, which does not exist: fix the link or delete it"
    real = candidate.resolve()
    if not real.is_relative_to(root):
        lexical = Path(os.path.normpath(project.content.absolute() / name))
        if not lexical.is_relative_to(project.root.absolute()):
            return f"{what} `{name}` is outside the project: put the file under content/ and write its path from there"
        return f"{what} `{name}` is a link to {real}, outside the project: copy the file into the project instead"
    if real.is_dir():
        return f"{what} `{name}` is a folder, not a file: name a file in it"
    if not real.is_file():
        return f"{what} not found: content/{name}: put the file under content/ or fix the path"
    return None

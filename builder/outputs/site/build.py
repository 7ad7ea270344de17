"""Build the help site: render MyST, stage screenshots, run Sphinx once per language.

Incremental by construction: rendered pages and screenshots are written into
``_build/src/<lang>/`` only when their bytes changed, and Sphinx keeps its
environment in ``_build/doctrees/<lang>/``. Sphinx decides what to re-read from
file times, so editing one scenario re-reads that scenario's pages (and the index
pages whose text changed), and a no-op rebuild reads nothing.
"""

from __future__ import annotations

import errno
import html
import io
import multiprocessing
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Self

from builder.atomicwrite import write_bytes_atomic
from builder.content.catalog import missing_catalog_warning, missing_catalogs
from builder.content.loading import Project, load_project
from builder.content.project import project_source
from builder.errors import BuildError, ContentError
from builder.layout import PACKAGE_TEMPLATES, build_dir, demo_path, demos_dir, scenario_source
from builder.outputs.site.inputs import folder_fingerprint, forget_record, site_inputs, write_record
from builder.outputs.site.publish import publication_entries, publish, work_dir
from builder.outputs.site.rendering import ShotIndex, render_site, site_audiences
from builder.outputs.site.search import Indexing, die_with_parent, start_index
from builder.outputs.viewmodel import PageModel, ViewModel, build_view_model
from builder.shots.drift import MISSING, STRICT_STATES, PageCheck, check_pages, summary_lines
from builder.shots.store import plain_file_inside, scenario_folder

Progress = Callable[[str], None]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: Sphinx's configuration folder when a project has no conf.py: Helpwright's defaults.
DEFAULT_CONFDIR = PACKAGE_TEMPLATES / "sphinx"


def confdir_of(root: Path) -> Path:
    """The project's own conf.py folder when it has one (an override), else the package's default."""
    return root if (root / "conf.py").is_file() else DEFAULT_CONFDIR

REDIRECT = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={lang}/index.html">
<link rel="canonical" href="{lang}/index.html"><title>{title}</title></head>
<body><p><a href="{lang}/index.html">{title}</a></p></body></html>
"""


@dataclass
class LanguageBuild:
    """What one language's build did, for reporting and tests."""

    lang: str
    site: Path
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: pages of this language whose last capture failed, went stale or never ran
    checks: list[PageCheck] = field(default_factory=list)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` only if the file differs, so Sphinx sees an unchanged mtime otherwise."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True


def stage_screenshots(root: Path, lang: str, project: Project, src: Path, index: ShotIndex,
                      view: ViewModel | None = None, trusted: Collection[str] = ()) -> list[str]:
    """Publish ``screenshots/<lang>/<id>/*.png`` into the source folder as the site serves them.

    Each image becomes the smaller of lossless WebP and a visually identical palette PNG, with a
    phone crop around the step's target (:mod:`builder.outputs.site.images`); the committed PNGs
    are only read. The digests (of the PNGs) and what was published go into ``index``.

    The scenarios ``trusted`` have the same screenshots, manifests and steps as when the last build
    published them (:mod:`builder.outputs.site.pagekeys`): their images are taken from its record as
    long as their published files are there.
    """
    from builder.outputs.site.images import Box, PublishedImage, StagedImages

    view = view or build_view_model(project)
    cache = build_dir(root) / "images"
    staged = StagedImages(cache / f"staged-{lang}.json")
    written: list[Path] = []
    recorded = staged.by_scenario() if trusted else {}
    jobs: list[tuple[str, Path, Box | None]] = []  # scenario, screenshot, its target's box
    for scenario_id in project.scenarios:
        if scenario_id in trusted:
            kept = staged.trust(recorded.get(scenario_id, []), src / "_shots" / scenario_id, cache)
            if kept is not None:
                for name, (digest, published) in kept.items():
                    index.digests[(lang, scenario_id, name)] = digest
                    index.published[(lang, scenario_id, name)] = published
                continue
        jobs += _screenshot_jobs(root, lang, project, view, scenario_id)

    def publish_one(job: tuple[str, Path, Box | None]) -> tuple[str, PublishedImage]:
        scenario_id, png, box = job
        return staged.publish(f"{scenario_id}/{png.name}", png, box, src / "_shots" / scenario_id, cache, written)

    def done(job: tuple[str, Path, Box | None], digest: str, published: PublishedImage) -> None:
        index.digests[(lang, job[0], job[1].name)] = digest
        index.published[(lang, job[0], job[1].name)] = published

    # An image published as the record has it takes a few file times: checked here, where a thread
    # would cost more than the check. Hashing and encoding the others release the GIL: one thread per core.
    left = []
    for job in jobs:
        scenario_id, png, box = job
        known = staged.reuse(f"{scenario_id}/{png.name}", png, box, src / "_shots" / scenario_id, cache)
        if known is None:
            left.append(job)
        else:
            done(job, *known)
    if left:
        with ThreadPoolExecutor(max_workers=max(1, min(len(left), os.cpu_count() or 1, 8))) as pool:
            for job, (digest, published) in zip(left, pool.map(publish_one, left), strict=True):
                done(job, digest, published)
    staged.save()
    return sorted(path.relative_to(src).as_posix() for path in written)


def _screenshot_jobs(root: Path, lang: str, project: Project, view: ViewModel,
                     scenario_id: str) -> list[tuple[str, Path, tuple[float, float, float, float] | None]]:
    """(scenario, screenshot, its target's box) for each screenshot of a scenario in ``lang``."""
    folder = scenario_folder(root / "screenshots", project.platform, lang, scenario_id)
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if entry.name.endswith(".png"))
    except OSError:  # no folder (never captured), or not one
        return []
    boxes = image_boxes(view.page(scenario_id, lang), project.device_scale)
    plain = view.plain_files
    # a link (`check` refuses it) could publish any file
    return [(scenario_id, png, boxes.get(png.name)) for png in (folder / name for name in names) if plain(png)]


def image_boxes(page: PageModel, scale: float) -> dict[str, tuple[float, float, float, float]]:
    """Each step image's target box in the image's own pixels, for the phone crop (none on a cropped
    or full-page shot: see :meth:`StepModel.image_box`)."""
    boxes = {}
    for step in page.steps:
        box = step.image_box(scale)
        if step.image_name is not None and box is not None:
            boxes[step.image_name] = box
    return boxes


_MISSING = re.compile(r"^(?P<doc>.+?):\d+: WARNING: screenshot not found: _shots/[^/]+/(?P<name>\S+)")


def summarize_warnings(warnings: list[str], *, never_captured: frozenset[str] = frozenset()) -> list[str]:
    """One line per page for missing screenshots (a fresh project misses them all); others as they are.

    Drift warnings and the screenshots of pages never captured (files in
    ``never_captured``) are left out: the capture status summary already names them.
    """
    missing: dict[str, list[str]] = {}
    lines = []
    for warning in warnings:
        match = _MISSING.match(warning)
        if match:
            if match["doc"] not in never_captured:
                missing.setdefault(match["doc"], []).append(match["name"].removesuffix(".png"))
        elif not warning.endswith("[helpwright.drift]"):
            lines.append(f"warning: {warning}")
    for doc, names in missing.items():
        lines.append(f"warning: {doc}: {len(names)} screenshot(s) missing ({', '.join(names)}); "
                     "placeholders shown; run `helpwright capture` [helpwright.screenshot]")
    return lines


def _remove_stale(src: Path, keep: set[str]) -> list[str]:
    """Delete rendered pages and staged images that no longer belong to the site."""
    removed = []
    for top, _dirs, files in os.walk(src):  # strings: a site has thousands of files
        inside = os.path.relpath(top, src).replace(os.sep, "/")
        prefix = "" if inside == "." else inside + "/"
        for name in files:
            rel = prefix + name
            if rel not in keep and (name.endswith(".md") or rel.startswith("_shots/")):
                path = os.path.join(top, name)
                if os.path.isfile(path):
                    os.unlink(path)
                    removed.append(rel)
    return sorted(removed)


def _run_sphinx(root: Path, lang: str, src: Path, out: Path, doctrees: Path, result: LanguageBuild) -> None:
    import sphinx.locale
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from builder.outputs.site.sphinxext import refused_references

    warnings = io.StringIO()
    overrides = {"language": lang, "helpwright_project": str(root)}
    confdir = confdir_of(root)
    # Sphinx caches its translators per process: without this, the en site would keep
    # the French of the fr build ("Recherche" in the search box).
    sphinx.locale.translators.clear()
    _import_untranslated()
    try:
        with patch_docutils(confdir), docutils_namespace():
            app = Sphinx(str(src), str(confdir), str(out), str(doctrees), "html",
                         confoverrides=overrides, status=None, warning=warnings, freshenv=False)
            app.connect("env-before-read-docs", lambda _app, _env, docnames: result.read.extend(docnames))
            app.build()
    except SphinxError as exc:
        raise BuildError(sphinx_failure(exc, confdir, lang)) from exc
    result.warnings = [_ANSI.sub("", line) for line in warnings.getvalue().splitlines() if line.strip()]
    refused = refused_references(app.env)
    if refused:
        # Sphinx left these files out of the site; the pages naming them must be fixed.
        count = f"{len(refused)} file reference{'s' if len(refused) > 1 else ''}"
        raise BuildError("\n".join(refused) + f"\n{count} outside the project, left out of the {lang} site: "
                         "fix them and build again")


def _import_untranslated() -> None:
    """Import Sphinx's own extensions while no translator is registered (just after clearing them).

    A Sphinx module translates its class-level strings as it is imported: into the language of the
    build running then, if any (``_()`` returns a lazy string only while no translator is registered),
    and Sphinx imports its extensions after registering the build's translator. Imported in a fr build,
    the Python domain's "Python Module Index" stays French for every later build in the process: the en
    site of a one-core build (languages in turn), or of a second build in one process (``serve``).
    """
    import importlib

    from sphinx.application import builtin_extensions

    for name in builtin_extensions:
        importlib.import_module(name)


def _free(folder: Path) -> str:
    """Free space on the disk holding ``folder``, as a person reads it (``12 MB``)."""
    try:
        free = float(shutil.disk_usage(folder).free)
    except OSError:
        return "unknown space"
    for unit in ("bytes", "KB", "MB", "GB"):
        if free < 1024 or unit == "GB":
            return f"{free:.0f} {unit}" if unit == "bytes" else f"{free:.1f} {unit}"
        free /= 1024
    return f"{free:.1f} TB"


def _shown(path: Path) -> str:
    """A path as the user typed it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_CONF_HINT = "fix it, or delete conf.py to build with Helpwright's default settings"


def sphinx_failure(exc: Exception, confdir: Path, lang: str) -> str:
    """One message for a failed Sphinx run: the project's conf.py at its line, or what Sphinx said, and what to do.

    Sphinx reports an error inside conf.py as a traceback in its message; the user needs the line.
    """
    from sphinx.errors import ConfigError

    conf = confdir / "conf.py"
    own = confdir != DEFAULT_CONFDIR
    cause = exc.__cause__
    if own and isinstance(exc, ConfigError) and isinstance(cause, BaseException):
        where = _shown(conf)
        if isinstance(cause, SyntaxError):
            return (f"{where}:{cause.lineno or 1}:{cause.offset or 1}: syntax error in the project's Sphinx "
                    f"settings ({cause.msg}): {_CONF_HINT}")
        if isinstance(cause, SystemExit):
            return f"{where}:1:1: the project's Sphinx settings call sys.exit(): {_CONF_HINT}"
        import traceback

        frames = [f for f in traceback.extract_tb(cause.__traceback__)
                  if Path(f.filename).resolve() == conf.resolve()]
        line = frames[-1].lineno if frames else 1
        col = (frames[-1].colno or 0) + 1 if frames else 1
        said = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        return f"{where}:{line}:{col}: the project's Sphinx settings raised {said}: {_CONF_HINT}"
    text = str(exc).split("Traceback (most recent call last):")[0].strip().rstrip(":")
    text = " ".join(text.split()) or type(exc).__name__
    hint = (f"check the project's conf.py ({_shown(conf)}), its settings and extensions, or delete it to "
            "build with Helpwright's default settings" if own else
            "run `helpwright build --clean` to start from scratch; if it fails again, report it with this message")
    return f"Sphinx failed for the {lang} site: {text}: {hint}"


def stage_language(root: Path, project: Project, lang: str, out: Path,
                   checks: dict[tuple[str, str], PageCheck] | None = None,
                   view: ViewModel | None = None, inputs: dict[str, str] | None = None) -> LanguageBuild:
    """Render the pages and copy the screenshots of one language into ``_build/src/<lang>``.

    With the build's ``inputs`` (``inputs.py``), a scenario whose own inputs and the shared ones are as
    the last build staged its page is not looked at again: its page stays, its check and published images
    are those recorded (:mod:`builder.outputs.site.pagekeys`)."""
    from builder.outputs.site.pagekeys import PageRecord, forget, page_keys

    src = root / "_build" / "src" / lang
    src.mkdir(parents=True, exist_ok=True)
    result = LanguageBuild(lang=lang, site=out / lang)
    record_path = src.parent / f".pages-{lang}.json"
    record = None
    if inputs is not None:
        files = {_relative(source.located.path, root): sid for sid, source in project.scenarios.items()}
        record = PageRecord(record_path, src, page_keys(files, inputs, lang, site_audiences(project)))
    forget(record_path)  # until the pages below are staged
    skip = {rel for rel in record.keys if record.unchanged(rel)} if record is not None else set()
    trusted = {sid for sid in project.scenarios if scenario_source(sid) in skip}
    if checks is None and view is not None:
        # in this language's process: each reads its own pages' states, those of the pages unchanged kept
        kept = {(sid, lang): check for sid in trusted
                if record is not None and (check := record.check(scenario_source(sid))) is not None}
        fresh = check_pages(project, [lang], read=view.read_manifest, only=set(project.scenarios) - trusted) \
            if trusted else view.checks_of(lang)
        view.use_checks(lang, checks := {**kept, **fresh})
    result.checks = [c for (_, lg), c in sorted((checks or {}).items()) if lg == lang]
    index = ShotIndex()
    result.written += stage_screenshots(root, lang, project, src, index, view, trusted)
    pages = render_site(project, lang, index, checks, view=view, compiled=root / "_build" / ".jinja" / "site",
                        skip=skip)
    for rel, text in pages.items():
        if write_if_changed(src / rel, text.encode("utf-8")):
            result.written.append(rel)
    keep = set(pages) | skip | {f"_shots/{sid}/{name}" for (lg, sid, _), published in index.published.items()
                                if lg == lang for name in (published.name, published.phone) if name}
    result.removed = _remove_stale(src, keep)
    for rel in result.removed:
        # Sphinx forgets a deleted source but leaves its old HTML page behind.
        if rel.endswith(".md"):
            (work_dir(out) / lang / rel).with_suffix(".html").unlink(missing_ok=True)
    if record is not None:
        record.save({scenario_source(c.scenario): c for c in result.checks})
    return result


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to the project, as the build's inputs name it (as it is, outside the project)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return str(path)


def build_site(root: Path, *, languages: list[str] | None = None, out: Path | None = None,
               progress: Progress | None = None) -> dict[str, Path]:
    """Build the help site of the project in ``root``: ``{lang: site folder}``.

    Refuses content with problems (``ContentError`` carrying them, one per line).
    Sphinx warnings (a missing screenshot, say) are reported through ``progress``.
    """
    return {lang: b.site for lang, b in build_site_report(root, languages=languages, out=out,
                                                          progress=progress).items()}


def build_site_report(root: Path, *, languages: list[str] | None = None, out: Path | None = None,
                      progress: Progress | None = None) -> dict[str, LanguageBuild]:
    """Like :func:`build_site`, returning what each language's build did."""
    root = Path(root).resolve()
    project = load_project(root)
    if project.problems:
        lines = "\n".join(str(p) for p in project.problems)
        raise ContentError(f"{lines}\n{len(project.problems)} problem(s) found: fix them and build again")
    return build_loaded_site(project, languages=languages, out=out, progress=progress)


def build_loaded_site(project: Project, *, languages: list[str] | None = None, out: Path | None = None,
                      progress: Progress | None = None, view: ViewModel | None = None,
                      inputs: dict[str, str] | None = None) -> dict[str, LanguageBuild]:
    """Build a project already loaded (and checked: :func:`build_site_report` refuses content with problems).

    ``view`` is the project's view model when the caller has one (a build of several outputs);
    ``inputs`` the project's inputs when the caller hashed them before loading it (``inputs.py``).

    Tests call it on content `check` refuses, to prove the escaping holds on its own.
    """
    root = project.root.resolve()
    wanted = languages or project.languages
    unknown = [lang for lang in wanted if lang not in project.languages]
    if unknown:
        raise BuildError(f"language {', '.join(unknown)} is not configured: "
                         f"use {', '.join(project.languages)} or add it to content/platform.yaml")
    # Not resolved: `_build/site` is a link to the published folder, switched by publish().
    out = Path(out).absolute() if out else root / "_build" / "site"
    if progress:
        for lang in missing_catalogs(wanted, root):
            progress(missing_catalog_warning(lang))
    # Hashed before anything is read: a file changed during the build differs from the
    # record, so the next build does not take it for done. Only checked content is recorded
    # (a no-op skips the check, trusting the build that recorded these bytes).
    if project.problems:
        inputs = None
    elif inputs is None:
        inputs = site_inputs(root, languages, out)
    forget_record(root)
    recorded = inputs

    def record(results: dict[str, LanguageBuild], folder: Path) -> None:
        if recorded is not None:
            write_record(root, recorded, folder_fingerprint(folder, folder.name), list(results),
                         # relative to the project, as the staged pages: shown as the current folder sees it
                         [replace(check, source=project_source(check.source, root)).located()
                          for check in strict_failures(results)])

    try:
        built = _build_languages(project, wanted, out, progress, view, record, inputs)
        project.keep_loaded()  # a first build: `_build` exists now
        return built
    except OSError as exc:
        where = _shown(Path(exc.filename)) if exc.filename else str(out)
        if exc.errno == errno.ENOSPC:
            raise BuildError(f"no space left on the disk while writing {where} ({_free(root)} free): free some "
                             "space, then build again; the published site is unchanged") from None
        raise BuildError(f"cannot write the help site: {where}: {exc.strerror or exc}: make sure _build/ and "
                         f"the output folder ({_shown(out)}) are folders you can write to, then build again") from None


def _build_languages(project: Project, wanted: list[str], out: Path, progress: Progress | None,
                     view: ViewModel | None = None,
                     record: Callable[[dict[str, LanguageBuild], Path], None] | None = None,
                     inputs: dict[str, str] | None = None) -> dict[str, LanguageBuild]:
    root = project.root.resolve()
    view = view or build_view_model(project)  # read once: the pages' states, the manifests, the images
    from builder.outputs.site.images import prune_cache

    def work(lang: str, result: LanguageBuild | None) -> LanguageBuild:
        if result is None:
            return stage_language(root, project, lang, out, None, view, inputs)
        _run_sphinx(root, lang, build_dir(root) / "src" / lang, work_dir(out) / lang,
                    build_dir(root) / "doctrees" / lang, result)
        return result

    indexing: list[Indexing] = []
    with _Languages(work) as languages:
        # Every language is staged before Sphinx runs, so each site's language switch can see
        # which pages the other languages have.
        staged = time.time() - 2  # a coarse file system clock may round a touched entry down
        results = dict(languages.each(project.languages, {}))
        prune_cache(build_dir(root) / "images", staged)  # every language's images were published just now
        results = {lang: results[lang] for lang in wanted}
        if progress:
            for line in summary_lines({(c.scenario, c.lang): c for result in results.values() for c in result.checks}):
                progress(line)
            for lang, result in results.items():
                progress(f"{lang}: {len(result.written)} source files changed, running Sphinx…")
        try:
            for lang, result in languages.each(wanted, results):
                results[lang] = result
                copy_demos(project, lang, work_dir(out) / lang)
                # Pagefind indexes this language while Sphinx builds the others.
                indexing.append(start_index(work_dir(out) / lang))
                if progress:
                    never = frozenset(c.source.rsplit(":", 1)[0] for c in result.checks if c.state == MISSING)
                    for line in summarize_warnings(result.warnings, never_captured=never):
                        progress(line)
                    pages = ", ".join(result.read[:6]) + (" …" if len(result.read) > 6 else "")
                    progress(f"{lang}: read {len(result.read)} page(s){': ' + pages if result.read else ''}"
                             f" → {result.site}")
            while indexing:
                indexing.pop(0).wait()
        finally:
            for running in indexing:
                running.stop()
    primary = project.languages[0]
    title = html.escape(project.platform.name if project.platform else "Help")
    redirect = REDIRECT.format(lang=html.escape(primary), title=title)
    # Every language and its search index built: now, and only now, readers get the new site.
    publish(out, {lang: work_dir(out) / lang for lang in results}, {"index.html": redirect.encode("utf-8")},
            before_switch=(lambda folder: record(results, folder)) if record else None)
    return results


#: a step of a build for one language: staging (given None) or Sphinx (given what staging returned)
LanguageWork = Callable[[str, "LanguageBuild | None"], LanguageBuild]

#: the work of the builds running in this process, for their forked processes (by build)
_FORKED: dict[int, LanguageWork] = {}


def _forked_start(build: int) -> None:
    """First thing in a forked language process: die with the build, and write through files of its own.

    The build's process may have a thread running when it forks (the progress display's), which can
    hold the lock of ``sys.stdout`` or ``sys.stderr`` (or of what they were redirected to): the fork
    copies the lock held, with no thread left to release it. Fresh file objects on the same
    descriptors take no inherited lock, so a ``print`` in ``conf.py`` or a warning cannot hang it.
    """
    stop = die_with_parent(build)
    if stop is not None:
        stop()
    sys.stdout = open(os.dup(1), "w", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115
    sys.stderr = open(os.dup(2), "w", buffering=1, encoding="utf-8", errors="replace")  # noqa: SIM115


def _forked(build: int, lang: str, result: LanguageBuild | None) -> LanguageBuild:
    return _FORKED[build](lang, result)


class _Languages:
    """Runs one step of a build for several languages at once: the first language in this process,
    the others in forked processes, when the machine has more than one core.

    A step is ``work(lang, None)`` (staging, which returns the language's build) or
    ``work(lang, result)`` (Sphinx, given what staging returned). The languages share nothing
    but what they read: each has its own sources, Sphinx environment and output folder. A fork starts
    with everything imported and loaded (a new interpreter would pay for Sphinx's import and the
    project's loading again); see :func:`_forked_start` for what a fork must not inherit.
    A one-page edit of a two-language site spends over half its time rendering pages and in Sphinx,
    which this halves on two cores. A failure in any language is raised as it would be here.
    """

    def __init__(self, work: LanguageWork) -> None:
        self.work = work
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        _FORKED.pop(id(self), None)
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _start(self, count: int) -> ProcessPoolExecutor | None:
        cores = os.cpu_count() or 1
        # Linux only: elsewhere (macOS) a fork of a process that may hold system frameworks is unsafe.
        if self.pool is None and count > 0 and cores > 1 and sys.platform.startswith("linux"):
            _FORKED[id(self)] = self.work
            self.pool = ProcessPoolExecutor(max_workers=min(count, cores - 1), initializer=_forked_start,
                                            initargs=(os.getpid(),), mp_context=multiprocessing.get_context("fork"))
        return self.pool

    def each(self, langs: list[str], results: dict[str, LanguageBuild]) -> Iterator[tuple[str, LanguageBuild]]:
        """(language, its build) for each of ``langs``, in order, each step given ``results[lang]`` if any."""
        if not langs:
            return
        first, others = langs[0], langs[1:]
        pool = self._start(len(others))
        if pool is None:
            for lang in langs:
                yield lang, self.work(lang, results.get(lang))
            return
        # Left early (a failure), the futures still waiting are cancelled by :meth:`__exit__`.
        running = {lang: pool.submit(_forked, id(self), lang, results.get(lang)) for lang in others}
        yield first, self.work(first, results.get(first))
        for lang, future in running.items():
            try:
                done = future.result()
            except BrokenProcessPool:
                raise BuildError(f"the process building the {lang} site ended unexpectedly (out of memory, or "
                                 "killed): build again; the published site is unchanged") from None
            yield lang, done


def copy_demos(project: Project, lang: str, site: Path) -> None:
    """Put the click-through demos found in ``_build/demos/<lang>/`` into the site, next to the
    pages that link them (the renderer links those it finds); old ones go."""
    from builder.outputs.site.sphinxext import DEMOS_FOLDER

    folder = site / DEMOS_FOLDER
    wanted = {}
    for scenario_id in project.scenarios:
        demo = demo_path(demos_dir(project.root), lang, scenario_id)
        if plain_file_inside(demo, build_dir(project.root)):
            wanted[f"{scenario_id}.html"] = demo
    for old in folder.glob("*.html") if folder.is_dir() else []:
        if old.name not in wanted:
            old.unlink()
    for name, demo in wanted.items():
        write_if_changed(folder / name, demo.read_bytes())


def strict_failures(results: dict[str, LanguageBuild]) -> list[PageCheck]:
    """The pages `build --strict` fails on: any notice (failed, stale, stale text, pending) or no screenshots."""
    return [c for result in results.values() for c in result.checks if c.state in STRICT_STATES]


#: what the site's build keeps in ``_build`` between builds (the Markdown it writes, Sphinx's state, the
#: published images' cache, compiled templates, the record of its inputs, Sphinx's and Pagefind's output)
SITE_STATE = ("src", "doctrees", "images", ".jinja", "site-work", "site-inputs.json", "input-hashes.json")


def clean_build(root: Path) -> None:
    """Forget the site build's incremental state: the next build starts from scratch.

    Only the site's own state goes. The published site stays (a killed `build --clean` leaves
    the last good site, and the next build replaces it whole), and so does what other commands
    made: the capture history and report, the demos, handouts, tours, help maps and SCORM packages.
    """
    build = Path(root) / "_build"
    if not build.is_dir():
        return
    site = build / "site"
    published = os.readlink(site) if site.is_symlink() else ""
    # The published site stays until a new one replaces it (publish() switches the link); the
    # folders of earlier or killed publications go.
    stale = [entry for entry in publication_entries(site) if entry.name != published]
    for entry in [build / name for name in SITE_STATE] + stale:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)

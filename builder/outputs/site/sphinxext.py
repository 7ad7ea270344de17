"""Sphinx glue for the help site: the screenshot directive, the language switch, site settings.

The rendering stage writes plain MyST; everything that needs Sphinx itself lives
here. A step's screenshot is a ``{helpwright-shot}`` directive rather than a plain
image so that a missing file becomes a visible placeholder and a located warning of
type ``helpwright.screenshot`` (silence it with ``suppress_warnings``), never a
broken image or a crash.

Each language is its own Sphinx project in ``_build/src/<lang>/``; built sites are
siblings under ``_build/site/``, so the switch to another language is the same
page name one folder over.

The project folder comes from the ``helpwright_project`` setting (``helpwright build``
passes it), else from the configuration folder when it holds ``content/platform.yaml``.
From it, at ``config-inited``, come the platform's name, languages and logo, and the
project's own ``templates/site/`` overrides; so a project needs no ``conf.py`` at all.
Every word the site adds comes from the message catalogs (:mod:`builder.content.catalog`).
"""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from builder.content.catalog import language_name, messages
from builder.content.project import shown_source
from builder.outputs.site.shotpicture import shot_picture, staged

logger = logging.getLogger(__name__)


def project_root(config: Config) -> Path | None:
    """The help project this site is built from (holds content/), if known."""
    if config.helpwright_project:
        return Path(config.helpwright_project)
    confdir = Path(config.confdir) if getattr(config, "confdir", None) else None
    if confdir is not None and (confdir / "content" / "platform.yaml").is_file():
        return confdir
    return None


class ShotDirective(SphinxDirective):
    """A step screenshot: the image when it exists, a placeholder box and a warning if not.

    The argument is a path relative to the source folder. ``:digest:`` is not shown;
    it changes with the image so the page is re-read when a new capture lands.

    An image the build published under ``_shots/`` becomes a ``<picture>``
    (:mod:`builder.outputs.site.shotpicture`): ``:width:`` and ``:height:`` are its size, and
    ``:phone:`` (with ``:phone-width:``, ``:phone-height:``) the crop narrow screens get.
    Any other image (a hand-written page's) stays a plain image, checked and copied by Sphinx.
    """

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "alt": directives.unchanged,
        "width": directives.nonnegative_int,
        "height": directives.nonnegative_int,
        "digest": directives.unchanged,
        "class": directives.class_option,
        "caption": directives.unchanged,
        "source": directives.unchanged,
        "phone": directives.unchanged,
        "phone-width": directives.nonnegative_int,
        "phone-height": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        rel = self.arguments[0]
        source = Path(self.env.srcdir) / rel
        alt = self.options.get("alt", "")
        classes = ["hw-shot", *self.options.get("class", [])]
        if not source.is_file():
            logger.warning("screenshot not found: %s (run `helpwright capture`)", rel,
                           location=yaml_location(self), type="helpwright", subtype="screenshot")
            lang = self.config.language or "en"
            missing = messages(lang, project_root(self.config))["site"]["screenshot_missing"]
            box = nodes.container(classes=["hw-shot-missing", *classes[1:]])
            box += nodes.paragraph(text=missing, classes=["hw-shot-missing-title"])
            if alt:
                box += nodes.paragraph(text=alt, classes=["hw-shot-missing-alt"])
            return [box]
        if staged(self.env.srcdir, rel):
            shown: nodes.Element = self._picture(rel, source, alt)
        else:
            # '/…' is relative to the source folder, whatever folder the page is in.
            shown = nodes.image(uri="/" + rel, alt=alt)
            width = self.options.get("width") or _pixel_size(source)[0]
            if width:
                # A set width keeps the layout stable while loading, and makes Sphinx wrap
                # the image in a link to the full-size file (html_scaled_image_link): click to enlarge.
                shown["width"] = f"{width}px"
        figure = nodes.figure("", shown, classes=classes)
        if self.options.get("caption"):
            figure += nodes.caption(text=self.options["caption"])
        self.set_source_info(figure)
        return [figure]


    def _picture(self, rel: str, source: Path, alt: str) -> shot_picture:
        width, height = self.options.get("width"), self.options.get("height")
        if not (width and height):
            width, height = _pixel_size(source)
        # The first screenshot of a page loads at once, the others as the reader scrolls to them.
        picture = shot_picture(uri=rel, alt=alt, width=width, height=height,
                               lazy=self.env.new_serialno("helpwright-shot") > 0)
        phone = self.options.get("phone", "")
        phone_width, phone_height = self.options.get("phone-width"), self.options.get("phone-height")
        if phone and staged(self.env.srcdir, phone):
            if not (phone_width and phone_height):
                phone_width, phone_height = _pixel_size(Path(self.env.srcdir) / phone)
            picture["phone"], picture["phone_width"], picture["phone_height"] = phone, phone_width, phone_height
        return picture


def yaml_location(directive: SphinxDirective) -> str:
    """Where a trainer fixes it: ``:source:`` (``content/scenarios/x.yaml:LINE``), else the page.

    Sphinx prints a location holding a colon as it is, so the YAML file is named
    instead of the generated ``_build/src/<lang>/….md``. The staged page names it relative to
    the project (the same page wherever the build runs); the warning, as the current folder sees it.
    """
    source = directive.options.get("source", "")
    if ":" not in source:
        return directive.get_location()
    root = project_root(directive.env.config)
    return shown_source(source, root) if root is not None else source


class DriftDirective(SphinxDirective):
    """A notice that the page may be out of date, and a ``helpwright.drift`` warning.

    The argument is the state (``failed``, ``stale``, ``stale_text``, ``pending``); the content is the text for
    readers; ``:detail:`` is the line for the trainer, located at ``:source:``.
    """

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "title": directives.unchanged,
        "source": directives.unchanged,
        "detail": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from builder.shots.drift import FAILED, PENDING, STALE, STALE_TEXT

        state = directives.choice(self.arguments[0], (FAILED, STALE, STALE_TEXT, PENDING))
        logger.warning("%s", self.options.get("detail") or f"capture {state}", location=yaml_location(self),
                       type="helpwright", subtype="drift")
        # "warning" borrows the theme's colours for warnings; hw-drift is ours to style.
        box = nodes.admonition(classes=["hw-drift", f"hw-drift-{state}", "warning"])
        box += nodes.title(text=self.options.get("title") or state)
        box += self.parse_content_to_nodes()
        self.set_source_info(box)
        return [box]


#: where the site keeps the click-through demos, next to each language's pages
DEMOS_FOLDER = "_demos"
_DEMO_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class TryItDirective(SphinxDirective):
    """A link to the scenario's click-through demo (argument: the scenario id; ``:label:`` its words).

    The build copies the demos into ``_demos/`` of each language's site after Sphinx, and the
    renderer writes this directive only for a demo it found.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"label": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        scenario_id = self.arguments[0]
        if not _DEMO_ID.match(scenario_id):
            raise self.error(f"bad scenario id {scenario_id!r} for a demo")
        href = f"../{DEMOS_FOLDER}/{scenario_id}.html"
        paragraph = nodes.paragraph(classes=["hw-tryit"])
        paragraph += nodes.reference("", self.options.get("label", scenario_id), refuri=href,
                                     internal=False, classes=["hw-tryit-link"])
        self.set_source_info(paragraph)
        return [paragraph]


class weighted(nodes.container):
    """A block that search weighs more than body text (Pagefind's ``data-pagefind-weight``)."""


def _visit_weighted(self: Any, node: weighted) -> None:
    hidden = {"hidden": "hidden"} if node.get("hidden") else {}
    self.body.append(self.starttag(node, "div", **{"data-pagefind-weight": str(node["weight"])}, **hidden))


def _depart_weighted(self: Any, node: weighted) -> None:
    self.body.append("</div>\n")


class KeywordsDirective(SphinxDirective):
    """Words people search for that the page does not use: shown small, weighed high by search.

    The content is MyST (already escaped by the renderer); ``:weight:`` is Pagefind's weight
    for it (default 5; body text is 1, a page's title 7). With ``:hidden:``, the block is
    for search only (Pagefind reads it, browsers and screen readers do not show it): the
    glossary synonyms of the terms a page uses.
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"weight": directives.positive_int, "hidden": directives.flag}

    def run(self) -> list[nodes.Node]:
        hidden = "hidden" in self.options
        box = weighted(classes=["hw-synonyms" if hidden else "hw-keywords"],
                       weight=min(self.options.get("weight", 5), 10), hidden=hidden)
        box += self.parse_content_to_nodes()
        self.set_source_info(box)
        return [box]


def _search_weight(value: str | None) -> float:
    weight = float(directives.unchanged_required(value))
    if not 0 <= weight <= 10:
        raise ValueError("a search weight is between 0 and 10")
    return weight


class SearchWeightDirective(SphinxDirective):
    """Content that search weighs differently from body text (argument: Pagefind's weight, 0–10).

    Pages that repeat other pages' words (the questions page, topic and audience lists) weigh
    them below 1, so a search finds the page the words come from first.
    """

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        try:
            weight = _search_weight(self.arguments[0])
        except ValueError as exc:
            raise self.error(f"bad search weight {self.arguments[0]!r}: {exc}") from None
        box = weighted(classes=["hw-weight"], weight=f"{weight:g}")
        box += self.parse_content_to_nodes()
        self.set_source_info(box)
        return [box]


def _pixel_size(path: Path) -> tuple[int | None, int | None]:
    from sphinx.util.images import get_image_size

    size = get_image_size(path)
    return (int(size[0]), int(size[1])) if size else (None, None)


def _language_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: Any) -> None:
    """Give every page links to the same page in the other languages' sibling sites."""
    current = app.config.language or "en"
    root = project_root(app.config)
    depth = pagename.count("/")
    up = "../" * (depth + 1)
    sources = Path(app.srcdir).parent  # _build/src/, which holds every language's sources
    links = []
    for lang in app.config.helpwright_languages:
        # A page only one language has (a hand-written page, say) switches to the other home.
        exists = pagename in ("search", "genindex") or (sources / lang / f"{pagename}.md").is_file()
        links.append({
            "lang": lang,
            "name": language_name(lang, root),
            "url": f"{up}{lang}/{pagename if exists else 'index'}.html",
            "current": lang == current,
        })
    context["helpwright_languages"] = links if len(links) > 1 else []
    site_words = messages(current, root)["site"]
    context["helpwright_switch_label"] = site_words["language_switch"]
    context["helpwright_search_words"] = {key: value for key, value in site_words.items()
                                          if key.startswith("search_")}
    if context["helpwright_languages"]:
        # furo only draws its announcement bar, where the switch lives, when this is set.
        context["theme_announcement"] = context.get("theme_announcement") or " "


#: the other languages' pages each page's language switch was last written with, in the doctrees
SWITCHED = "language-pages.json"


def _other_pages(app: Sphinx) -> dict[str, list[str]]:
    """Each other language's pages, as staged (every language is staged before any Sphinx build runs)."""
    import os

    sources = Path(app.srcdir).parent
    found: dict[str, list[str]] = {}
    for lang in app.config.helpwright_languages:
        if lang == (app.config.language or "en"):
            continue
        folder = str(sources / lang)
        names = []
        for top, _dirs, files in os.walk(folder):
            inside = os.path.relpath(top, folder).replace(os.sep, "/")
            names += [f"{'' if inside == '.' else inside + '/'}{name[:-3]}" for name in files if name.endswith(".md")]
        found[lang] = sorted(names)
    return found


def _switches_changed(app: Sphinx, env: Any) -> list[str]:
    """The pages whose language switch changes: a page another language gained or lost. Sphinx writes a page
    again when its own source changed; its switch links to the other languages' page of the same name when
    there is one, else to their home page (:func:`_language_links`)."""
    import json

    if getattr(app.builder, "format", "") != "html":
        return []
    now = _other_pages(app)
    app.builder.__dict__[SWITCHED] = now
    try:
        before = json.loads((Path(app.doctreedir) / SWITCHED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return sorted(env.found_docs)
    if not isinstance(before, dict) or set(before) != set(now):
        return sorted(env.found_docs)
    changed = {name for lang, names in now.items() for name in set(names) ^ set(before.get(lang) or [])}
    return sorted(changed & env.found_docs)


def _switches_written(app: Sphinx, exception: BaseException | None) -> None:
    import json

    from builder.atomicwrite import write_text_atomic

    now = app.builder.__dict__.get(SWITCHED) if app.builder is not None and exception is None else None
    if now is not None:
        write_text_atomic(Path(app.doctreedir) / SWITCHED, json.dumps(now, sort_keys=True))


class _ThemeWords(gettext.NullTranslations):
    """A gettext fallback: the words Sphinx's own catalog lacks for the build's language."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def gettext(self, message: str) -> str:
        if message in self.words:
            # Sphinx's templates print gettext words as they are: a catalog's word is text.
            return html.escape(str(self.words[message]), quote=True)
        return super().gettext(message)


def _has_theme_words(translator: gettext.NullTranslations) -> bool:
    link: gettext.NullTranslations | None = translator
    while link is not None:
        if isinstance(link, _ThemeWords):
            return True
        link = getattr(link, "_fallback", None)
    return False


def _translate_theme(app: Sphinx) -> None:
    """Put furo's remaining English into the site's language (footer, toggles, icons)."""
    lang = app.config.language or "en"
    templates = getattr(app.builder, "templates", None)
    catalog = messages(lang, project_root(app.config))
    words, fragments = catalog.get("theme_gettext") or {}, catalog.get("theme_text") or {}
    if templates is None or not (words or fragments):
        return
    translator = getattr(app.builder, "_translator", None)
    if words and translator is not None and not _has_theme_words(translator):
        # The templates' gettext is Sphinx's translator; what it lacks falls through to ours.
        translator.add_fallback(_ThemeWords(words))
    if fragments:
        render = templates.render

        def render_translated(template: str, context: dict[str, Any]) -> str:
            return translate_theme_text(render(template, context), fragments)

        templates.render = render_translated


def translate_theme_text(page: str, fragments: dict[str, str]) -> str:
    """Furo's English words the gettext catalog cannot reach, put into the site's language.

    A catalog is data: each entry is text for text, never markup. A word is replaced only where
    the theme writes it on its own, as an element's whole text (`>Skip to content<`, `<title>…`)
    or at the start of an `aria-label`, and the replacement is escaped for HTML.
    """
    for english, local in fragments.items():
        if not isinstance(english, str) or not isinstance(local, str) or not english.strip():
            continue
        old, new = html.escape(english, quote=True), html.escape(local, quote=True)
        page = page.replace(f">{old}<", f">{new}<").replace(f'aria-label="{old}', f'aria-label="{new}')
    return page


def _apply_platform(app: Sphinx, config: Config) -> None:
    """Settings that come from the project: platform name, languages, logo, title, overrides.

    A value a project's conf.py sets itself is kept; the defaults (empty) are filled in.
    """
    root = project_root(config)
    if root is not None:
        platform = platform_settings(root)
        if not config.helpwright_platform_name:
            config.helpwright_platform_name = platform["name"]
        if not config.helpwright_languages:
            config.helpwright_languages = platform["languages"]
        if not config.html_logo and platform["logo"]:
            config.html_logo = platform["logo"]
        if not config.html_favicon and platform["logo"]:
            config.html_favicon = platform["logo"]
        _add_project_templates(config, root)
    if not config.helpwright_languages:
        config.helpwright_languages = [config.language or "en"]
    name = config.helpwright_platform_name or "Helpwright"
    lang = config.language or "en"
    title = str(messages(lang, root)["site"]["help"]).format(name=name)
    # Sphinx's default title ("<project> documentation") would read "Documentation Aide <name>".
    # Themes print html_title as HTML (furo's brand, the search page's title): the platform's
    # name is text, so it is escaped here; html_short_title and project are escaped by the themes.
    if "html_title" not in config._raw_config:
        config.html_title = html.escape(title)
        if "html_short_title" not in config._raw_config:
            config.html_short_title = title
    config.project = title


def _add_project_templates(config: Config, root: Path) -> None:
    """The project's templates/site/ overrides Helpwright's, file by file, as Sphinx's templates_path does.

    ``_templates/`` goes first in ``templates_path`` (first match wins); ``_static/`` goes
    last in ``html_static_path`` (files copied later replace earlier ones).
    """
    site = root / "templates" / "site"
    templates, static = site / "_templates", site / "_static"
    if templates.is_dir() and str(templates) not in map(str, config.templates_path):
        config.templates_path = [str(templates), *config.templates_path]
    if static.is_dir() and str(static) not in map(str, config.html_static_path):
        config.html_static_path = [*config.html_static_path, str(static)]


def platform_settings(root: Path) -> dict[str, Any]:
    """Name, languages and logo of the platform, read from content/platform.yaml.

    Tolerant on purpose: `helpwright build` validates the content before Sphinx runs,
    and a plain `sphinx-build` on a broken config should still produce a site.
    """
    import yaml

    settings: dict[str, Any] = {"name": "Helpwright", "languages": ["fr", "en"], "logo": None}
    try:
        # LibYAML when present: the pure-Python loader took a tenth of a second per language
        data = yaml.load((root / "content" / "platform.yaml").read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return settings
    if not isinstance(data, dict):
        return settings
    settings["name"] = str(data.get("name") or settings["name"])
    if isinstance(data.get("languages"), list):
        settings["languages"] = [str(lang) for lang in data["languages"]]
    logo = root / "content" / str(data["logo"]) if data.get("logo") else None
    settings["logo"] = str(logo) if logo and logo.is_file() else None
    return settings


def _no_raw(app: Sphinx) -> None:
    """No page puts raw HTML (or any raw output) into the site, nor the text of another file.

    The ``raw`` directive is off: generated pages never use it and trainers' texts are
    escaped before they reach a page; this also holds for hand-written pages and
    ``{eval-rst}`` blocks (docutils reports "raw" directive disabled, and the content is
    dropped). File insertion is off too: ``include`` and ``literalinclude`` (MyST's and
    reStructuredText's, whatever the case of their name), ``csv-table``'s ``file`` and
    ``url``, and image sizes read by docutils (``figwidth: image``) read nothing.
    """
    app.env.settings["raw_enabled"] = False
    app.env.settings["file_insertion_enabled"] = False


# -- files a page names -------------------------------------------------------------------------

#: Where the references refused in each document are kept (in the environment, so a rebuild
#: that does not re-read the page still fails).
_REFUSED = "helpwright_refused"
_WEB = ("http://", "https://")
_TODO = "put the file in the project and name it relative to this page"


def _allowed_roots(app: Sphinx) -> list[Path]:
    """The folders a page may take files from: the staged sources and the project (links followed)."""
    roots = [Path(app.srcdir).resolve()]
    root = project_root(app.config)
    if root is not None:
        roots += [root.resolve(), (root / "_build").resolve()]
    return roots


def _page_source(app: Sphinx, docname: str) -> str:
    """The file a trainer edits for ``docname``: a hand-written page under content/pages/, else the staged source."""
    root = project_root(app.config)
    staged = Path(app.env.doc2path(docname))
    if root is None:
        return str(staged)
    lang = app.config.language or "en"
    written = root / "content" / "pages" / lang / Path(docname).relative_to("pages").with_suffix(".md") \
        if docname.startswith("pages/") else None
    shown = written if written is not None and written.is_file() else staged
    try:
        return shown.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return str(shown)


def _outside(path: str | Path, roots: list[Path]) -> bool:
    real = Path(path).resolve()
    return not any(real.is_relative_to(root) for root in roots)


def _image_problem(app: Sphinx, docname: str, uri: str, roots: list[Path]) -> str | None:
    from sphinx.util.i18n import search_image_for_language

    if uri.startswith(_WEB) or uri.startswith("data:"):
        return None  # the reader's browser shows it; nothing is read or copied at build time
    if "://" in uri or uri.startswith("//"):
        return f"image `{uri}` is a URL that is not a web address: {_TODO}"
    names = {uri, search_image_for_language(uri, app.env)}
    files: list[str] = []
    for name in names:
        _, full = app.env.relfn2path(name, docname)
        files.append(full)
        if "*" in name:  # Sphinx picks one of the files the pattern matches: all must be inside
            import glob

            files += glob.glob(full)
    if any(_outside(f, roots) for f in files):
        return f"image `{uri}` is outside the project: {_TODO}"
    return None


def _download_problem(app: Sphinx, docname: str, target: str, roots: list[Path]) -> str | None:
    if target.startswith(_WEB):
        return None
    if "://" in target:
        return f"download `{target}` is a URL that is not a web address: {_TODO}"
    _, full = app.env.relfn2path(target, docname)
    return f"download `{target}` is outside the project: {_TODO}" if _outside(full, roots) else None


def _refuse_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    """Take out of the page every image and download outside the project, and say where.

    Runs on ``doctree-read`` before Sphinx's own collectors, so a refused file is never
    noted, copied into ``_images/`` or ``_downloads/``, nor fetched. Each path is resolved
    as Sphinx does (``/…`` from the source folder, else from the page's folder), links
    followed, and must stay inside the staged sources or the project. Files a directive
    read are checked too (the page's dependencies), though file insertion is off.
    """
    from docutils.utils import get_source_line
    from sphinx import addnodes

    env = app.env
    docname = env.docname
    roots = _allowed_roots(app)
    shown = _page_source(app, docname)
    refused: list[str] = []

    def refuse(node: nodes.Node | None, problem: str) -> None:
        line = (get_source_line(node)[1] if node is not None else None) or 1
        head, todo = problem.split(": ", 1)
        refused.append(f"{shown}:{line}:1: {head}: {todo}")
        logger.error("%s: %s (the site does not publish it)", head, todo, location=f"{shown}:{line}",
                     type="helpwright", subtype="path")

    for image in list(doctree.findall(nodes.image)):
        problem = _image_problem(app, docname, str(image.get("uri", "")), roots)
        if problem is not None:
            refuse(image, problem)
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        problem = _download_problem(app, docname, str(download.get("reftarget", "")), roots)
        if problem is not None:
            refuse(download, problem)
            download.replace_self(nodes.inline("", download.astext()))
    for dependency in sorted(map(str, env.dependencies.get(docname, ()))):
        if _outside(dependency, roots):
            refuse(None, f"file `{dependency}` is outside the project: {_TODO}")
    store: dict[str, list[str]] = env.__dict__.setdefault(_REFUSED, {})
    store.pop(docname, None)
    if refused:
        store[docname] = refused


def _purge_refused(app: Sphinx, env: Any, docname: str) -> None:
    env.__dict__.setdefault(_REFUSED, {}).pop(docname, None)


def _merge_refused(app: Sphinx, env: Any, docnames: Any, other: Any) -> None:
    mine = env.__dict__.setdefault(_REFUSED, {})
    theirs = other.__dict__.get(_REFUSED, {})
    mine.update({doc: theirs[doc] for doc in docnames if doc in theirs})


def refused_references(env: Any) -> list[str]:
    """Every file reference the build refused, one ``path:line:col: problem: what to do`` each."""
    return sorted({line for lines in env.__dict__.get(_REFUSED, {}).values() for line in lines})


def _cache_compiled_templates(app: Sphinx) -> None:
    """The theme's templates compiled once, not on every build (``_build/.jinja/sphinx``).

    Only in a build `helpwright build` runs (it names the project): a plain `sphinx-build`
    writes nothing beside the project's own build folders.
    """
    from builder.templating import compiled_templates

    root = Path(app.config.helpwright_project) if app.config.helpwright_project else None
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if root is not None and environment is not None and getattr(environment, "bytecode_cache", 0) is None:
        environment.bytecode_cache = compiled_templates(root / "_build" / ".jinja" / "sphinx")


def _no_sphinx_index(app: Sphinx) -> None:
    """Sphinx's own search index left unbuilt: the site's search page queries Pagefind's index, and no
    page loads ``searchindex.js``. Sphinx still writes the search page, which only its indexer's
    absence would not stop; building the index fed every page's words to a stemmer (a tenth of a
    language's Sphinx time on the demo library)."""
    builder = app.builder
    if getattr(builder, "search", False) and hasattr(builder, "prepare_writing"):
        prepare = builder.prepare_writing

        def prepare_writing(docnames: Any) -> None:
            # no indexer made (nor the last build's index looked for): Sphinx makes one only for a builder that
            # searches; the search page is still written, since the builder searches again at once
            builder.search = False  # type: ignore[attr-defined]
            try:
                prepare(docnames)
            finally:
                builder.search = True  # type: ignore[attr-defined]

        builder.prepare_writing = prepare_writing  # type: ignore[method-assign]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("helpwright_languages", [], "html", types=(list,))
    app.add_config_value("helpwright_platform_name", "", "env", types=(str,))
    app.add_config_value("helpwright_project", "", "", types=(str,))
    app.setup_extension("builder.outputs.site.shotpicture")
    app.setup_extension("builder.outputs.site.navtree")
    app.add_directive("helpwright-shot", ShotDirective)
    app.add_directive("helpwright-drift", DriftDirective)
    app.add_directive("helpwright-tryit", TryItDirective)
    app.add_node(weighted, html=(_visit_weighted, _depart_weighted))
    app.add_directive("helpwright-keywords", KeywordsDirective)
    app.add_directive("helpwright-search-weight", SearchWeightDirective)
    app.connect("config-inited", _apply_platform)
    app.connect("builder-inited", _translate_theme)
    app.connect("builder-inited", _no_raw)
    app.connect("builder-inited", _cache_compiled_templates)
    app.connect("builder-inited", _no_sphinx_index)
    # before Sphinx's image and download collectors (priority 500), which note and copy the files
    app.connect("doctree-read", _refuse_outside_files, priority=400)
    app.connect("env-purge-doc", _purge_refused)
    app.connect("env-merge-info", _merge_refused)
    app.connect("html-page-context", _language_links)
    app.connect("env-get-updated", _switches_changed)
    app.connect("build-finished", _switches_written)
    # env_version: an environment read before file insertion was off, before screenshots were
    # pictures, with another language's Sphinx labels (see build._import_untranslated), or saved with
    # the root page of an earlier build (see navtree.root_tables), is read again from scratch
    return {"version": "1", "env_version": 5, "parallel_read_safe": True, "parallel_write_safe": True}

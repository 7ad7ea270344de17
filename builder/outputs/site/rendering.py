"""Render a loaded project into MyST pages, one set per language, through Jinja templates.

Rendering is pure: it takes the project, a language and an index of the screenshots
on disk, and returns ``{docname path: MyST text}``. Writing files, copying images and
running Sphinx belong to :mod:`builder.outputs.site.build`. Templates live in the package's
``templates/site/``; a project's own ``templates/site/`` overrides any of them, file by file.
The words around the content (headings, labels) come from the message catalogs
(:mod:`builder.content.catalog`), so a new language needs one catalog file and nothing
in the templates.

Content never reaches a page as it was written: every value is escaped for where it
lands (:mod:`builder.content.richtext`). The templates' filters say where:
``md`` (a reader's Markdown text, as MyST blocks), ``inline`` (the same on one line:
headings, list summaries), ``text`` (a plain value, literal), ``option`` (a directive
option's value), ``yaml_str`` (a front matter value) and ``plain`` (the words only).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.content import richtext
from builder.content.catalog import audience_title, messages
from builder.content.model import (
    Glossary,
    Scenario,
    StepBase,
    localize,
)
from builder.content.project import Project, project_source
from builder.layout import PACKAGE_TEMPLATES, demo_path, demos_dir, scenario_source
from builder.outputs.alttext import highlighted_name, plain_text, step_alt
from builder.outputs.site.images import PublishedImage
from builder.outputs.site.labels import myst_labels
from builder.outputs.viewmodel import ViewModel, build_view_model
from builder.shots.drift import FAILED, PENDING, STALE, STALE_TEXT, PageCheck
from builder.templating import compiled_templates, render_template, sandboxed_environment

__all__ = ["ShotIndex", "SiteRenderer", "highlighted_name", "plain_text", "render_site", "step_alt"]

TEMPLATES = PACKAGE_TEMPLATES / "site"


def template_folders(root: Path | None, kind: str = "site") -> list[Path]:
    """Where templates are looked up, first match wins: the project's, then Helpwright's."""
    own = [Path(root) / "templates" / kind] if root is not None else []
    return [p for p in own if p.is_dir()] + [PACKAGE_TEMPLATES / kind]


@dataclass
class ShotIndex:
    """Which screenshots exist, per language and scenario: file name → short content digest."""

    digests: dict[tuple[str, str, str], str] = field(default_factory=dict)
    #: what capture recorded with each image (its manifest entry: the target's role and name…)
    records: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    #: the files the site serves for each image (:func:`builder.outputs.site.images.publish_image`)
    published: dict[tuple[str, str, str], PublishedImage] = field(default_factory=dict)

    def digest(self, lang: str, scenario_id: str, name: str) -> str | None:
        return self.digests.get((lang, scenario_id, name))

    def record(self, lang: str, scenario_id: str, name: str) -> dict[str, Any] | None:
        return self.records.get((lang, scenario_id, name))

    def add_manifest(self, lang: str, scenario_id: str, manifest: dict[str, Any] | None) -> None:
        """Keep the image entries of a scenario's ``manifest.json``, by file name."""
        for image in (manifest or {}).get("images") or []:
            if isinstance(image, dict) and isinstance(image.get("file"), str):
                self.records[(lang, scenario_id, image["file"])] = image


def _one_line(text: str) -> str:
    return richtext.one_line(text)


def fold(text: str) -> str:
    """Text as search compares it: lower case, accents off, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _mentions(folded: str, word: str) -> bool:
    """Whether folded text holds ``word`` as whole words, the last one maybe plural (-s, -x)."""
    found = _word_pattern(word)
    # A substring test first: most words are not on a page, and `in` costs a tenth of a search.
    return found is not None and found[0] in folded and found[1].search(folded) is not None


@functools.lru_cache(maxsize=4096)
def _word_pattern(word: str) -> tuple[str, re.Pattern[str]] | None:
    """A glossary word as a pattern, with its first word (which any match holds), made once per build
    (every page is matched against every word)."""
    words = fold(word).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    return words[0], re.compile(rf"(?<!\w){pattern}(?:s|x|es)?(?!\w)")


def synonym_groups(glossary: Glossary, lang: str) -> list[list[str]]:
    """Per glossary term with synonyms in ``lang``: the term, then its synonyms."""
    groups = []
    for entry in glossary.terms:
        synonyms = entry.synonyms.get(lang, [])
        if synonyms:
            groups.append([localize(entry.term, lang), *synonyms])
    return groups


def expand_synonyms(text: str, groups: list[list[str]]) -> list[str]:
    """The words a page should also be found by: for every glossary term (or synonym) the
    text uses, the term and its synonyms the text does not use, each once, in glossary order."""
    folded = fold(text)
    out: list[str] = []
    for group in groups:
        if any(_mentions(folded, word) for word in group):
            out += [w for w in group if not _mentions(folded, w) and fold(w) not in map(fold, out)]
    return out


class SiteRenderer:
    """Renders every page of one language's site."""

    def __init__(self, project: Project, lang: str, shots: ShotIndex, templates: Path | None = None,
                 checks: dict[tuple[str, str], PageCheck] | None = None, view: ViewModel | None = None,
                 compiled: Path | None = None):
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

        self.project = project
        # Without a view model (tests render pages alone), one made of what the caller passed.
        self.view = view or build_view_model(project, checks=checks or {}, records=shots.records)
        self.lang = lang
        self.shots = shots
        self._sources: dict[str, str | None] = {}  # each scenario file, relative to the project
        self.messages = messages(lang, project.root)
        self.labels = self.messages.section("site")
        # The project's templates/site/ first: a file there replaces the package's of the same name.
        folders = [templates] if templates is not None else template_folders(project.root)
        loader = ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders])
        self.folders = folders
        # MyST, not HTML: no autoescape; every value is escaped for where it lands by the filters below.
        self.env = sandboxed_environment(loader, autoescape=False, keep_trailing_newline=True,
                                         trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined,
                                         bytecode_cache=compiled_templates(compiled) if compiled else None)
        self.env.filters["t"] = lambda text: localize(text, lang, fallback=project.languages[0])
        self.env.filters["one_line"] = _one_line
        self.env.filters["plain"] = plain_text
        # Escaping for where a value lands (see the module's docstring).
        self.env.filters["md"] = richtext.to_myst
        self.env.filters["inline"] = lambda text: richtext.to_myst(text, single_line=True)
        self.env.filters["text"] = richtext.myst_text
        self.env.filters["option"] = richtext.myst_option
        self.env.filters["yaml_str"] = richtext.yaml_string

    # -- data shaped for the templates ------------------------------------------------------

    @functools.cached_property
    def scenarios(self) -> list[Scenario]:
        """Every scenario, by title (sorted once: each page's lists and the index pages ask)."""
        return sorted((s.model for s in self.project.scenarios.values()),
                      key=lambda s: localize(s.title, self.lang).casefold())

    def topic_title(self, topic: str) -> str:
        platform = self.project.platform
        if platform and topic in platform.topics:
            return localize(platform.topics[topic].title, self.lang)
        return topic.replace("-", " ").capitalize()

    def topic_description(self, topic: str) -> str:
        platform = self.project.platform
        if platform and topic in platform.topics:
            return localize(platform.topics[topic].description, self.lang)
        return ""

    def audiences(self) -> list[str]:
        return site_audiences(self.project)

    def audience_title(self, audience: str) -> str:
        return audience_title(self.project.platform, audience, self.lang)

    def audience_description(self, audience: str) -> str:
        platform = self.project.platform
        if platform and audience in platform.audiences:
            return localize(platform.audiences[audience].description, self.lang)
        return ""

    def topics(self) -> list[str]:
        """Topics that have scenarios, in the order platform.yaml declares them."""
        used = {s.topic for s in self.scenarios}
        declared = list(self.project.platform.topics) if self.project.platform else []
        return [t for t in declared if t in used] + sorted(used - set(declared))

    def persona_role(self, scenario: Scenario) -> str:
        platform = self.project.platform
        if scenario.persona is None:
            return self.labels["anonymous"]
        persona = platform.personas.get(scenario.persona) if platform else None
        return localize(persona.description, self.lang) if persona and persona.description else scenario.persona

    def source_of(self, scenario_id: str, data_path: tuple[str | int, ...]) -> str:
        """``content/scenarios/x.yaml:LINE`` of a part of a scenario: warnings point a trainer there."""
        source = self.project.scenarios.get(scenario_id)
        if source is None:
            return ""
        return f"{source.located.display}:{source.located.where(data_path)[0]}"

    def step_view(self, scenario: Scenario, number: int, step: StepBase) -> dict[str, Any]:
        model = self.view.page(scenario.id, self.lang).steps[number - 1]
        shot = None
        if model.image_name is not None:
            shot = self._shot(scenario.id, model.image_name, model.alt, model.source)
        return {
            "number": number,
            "say": richtext.to_myst(model.say),
            "note": richtext.to_myst(model.note) if model.note else "",
            "shot": shot,
        }

    def _shot(self, scenario_id: str, name: str, alt: str, source: str) -> dict[str, Any]:
        """A screenshot as the page names it: the published file when there is one (its size, its
        phone crop), else the committed name, which the directive shows as missing."""
        published = self.shots.published.get((self.lang, scenario_id, name))
        folder = f"_shots/{scenario_id}/"
        shot: dict[str, Any] = {"path": folder + (published.name if published else name), "alt": _one_line(alt),
                                "source": project_source(source, self.project.root, self._sources),
                "digest": self.shots.digest(self.lang, scenario_id, name), "width": 0, "height": 0, "phone": None}
        if published is not None:
            # In CSS pixels: an image shot at a device scale of 2 shows at its page's size, not twice it.
            scale = self.project.device_scale
            shot.update(width=round(published.width / scale), height=round(published.height / scale))
            if published.phone:
                shot["phone"] = {"path": folder + published.phone, "width": round(published.phone_width / scale),
                                 "height": round(published.phone_height / scale)}
        return shot

    def drift_view(self, scenario: Scenario) -> dict[str, str] | None:
        """The notice shown to readers when the last capture failed or the images are stale."""
        check = self.view.page(scenario.id, self.lang).check
        if check is None or check.state not in (FAILED, STALE, PENDING, STALE_TEXT):
            return None
        L = myst_labels(self.labels)  # the notice's text is MyST: catalog words escaped, and the date
        when = L["drift_on"].format(date=richtext.escape_myst(self.messages.long_date(check.date), line_start=False)) \
            if check.date else ""
        if check.state == FAILED:
            where = L["drift_step"].format(step=check.step) if check.step else L["drift_start"]
            text = L["drift_failed"].format(where=where, when=when)
        elif check.state == PENDING:
            text = L["drift_pending"].format(when=when)
        elif check.state == STALE_TEXT:
            text = L["drift_stale_text"].format(where=L["drift_step"].format(step=check.step), when=when)
        else:
            text = L["drift_stale"].format(when=when)
        return {"state": check.state, "title": self.labels["drift_title"], "text": text,
                "source": project_source(check.source, self.project.root, self._sources),
                "detail": _one_line(check.describe())}

    def _base(self, **extra: Any) -> dict[str, Any]:
        name = self.project.platform.name if self.project.platform else "Helpwright"
        # Catalog words are data: `L` escaped as MyST text, `P` as written (for `yaml_str`, `option`).
        return {"L": myst_labels(self.labels), "P": self.labels, "levels": myst_labels(self.messages.section("levels")),
                "lang": self.lang,
                "platform_name": name, "audiences": self.audiences(), "audience_title": self.audience_title,
                "audience_description": self.audience_description, "topic_title": self.topic_title,
                "topic_description": self.topic_description, **extra}

    # -- pages ---------------------------------------------------------------------------

    def _render(self, name: str, context: dict[str, Any]) -> str:
        return render_template(self.env, name, context, folders=self.folders, shown=self.project.root)

    def scenario_page(self, scenario: Scenario) -> str:
        steps = [self.step_view(scenario, n, step) for n, step in enumerate(scenario.steps, start=1)]
        result_digest = self.shots.digest(self.lang, scenario.id, "result.png")
        result = (self._shot(scenario.id, "result.png", self.labels["result_alt"],
                             self.source_of(scenario.id, ("steps",)))
                  if result_digest else None)
        known = self.project.scenarios
        keywords = scenario.keywords.get(self.lang, [])
        return self._render("scenario.md.j2", self._base(
            s=scenario, steps=steps, result=result, persona_role=self.persona_role(scenario),
            demo=demo_path(demos_dir(self.project.root), self.lang, scenario.id).is_file(),
            drift=self.drift_view(scenario),
            keywords=keywords,
            synonyms=expand_synonyms(self.page_words(scenario, keywords),
                                     synonym_groups(self.project.glossary, self.lang)),
            prerequisites=[p for p in scenario.prerequisites if p in known],
            related=[r for r in scenario.related if r in known]))

    def page_words(self, scenario: Scenario, keywords: list[str]) -> str:
        """Every word a scenario's page shows, as plain text: what glossary synonyms are matched against."""
        steps: list[StepBase] = list(scenario.steps)
        texts = [scenario.title, scenario.summary, *(t for step in steps for t in (step.say, step.note)),
                 *(t for item in scenario.troubleshooting for t in (item.problem, item.answer))]
        return " ".join([*(plain_text(localize(t, self.lang)) for t in texts if t), *keywords])

    def home_page(self, extra_docs: list[tuple[str, str]]) -> str:
        counts = {t: sum(1 for s in self.scenarios if s.topic == t) for t in self.topics()}
        return self._render("home.md.j2", self._base(
            topics=self.topics(), counts=counts, extra_docs=extra_docs,
            has_glossary=bool(self.project.glossary.terms)))

    def audience_page(self, audience: str) -> str:
        chosen = [s for s in self.scenarios if audience in s.audience]
        by_topic = [(t, [s for s in chosen if s.topic == t]) for t in self.topics()]
        return self._render("audience.md.j2", self._base(
            audience=audience, by_topic=[(t, ss) for t, ss in by_topic if ss]))

    def topic_page(self, topic: str) -> str:
        return self._render("topic.md.j2", self._base(
            topic=topic, scenarios=[s for s in self.scenarios if s.topic == topic]))

    def faq_page(self) -> str:
        """Frequently asked questions: every scenario's troubleshooting entries, by topic.

        Published as ``troubleshooting`` (the page's name before it was grouped by topic),
        so links to it keep working.
        """
        by_topic = [(t, [s for s in self.scenarios if s.topic == t and s.troubleshooting]) for t in self.topics()]
        return self._render("troubleshooting.md.j2", self._base(
            by_topic=[(t, ss) for t, ss in by_topic if ss]))

    def glossary_page(self) -> str:
        terms = sorted(self.project.glossary.terms, key=lambda e: localize(e.term, self.lang).casefold())
        return self._render("glossary.md.j2", self._base(terms=terms))

    def trainers_page(self) -> str:
        """The trainers' entry page: what is there for them (the format reference)."""
        L = self.messages.section("site")
        return (f"{TRAINERS_FRONT_MATTER}# {richtext.myst_text(L['trainers'])}\n\n"
                f"{richtext.myst_text(L['trainers_intro'])}\n\n- {{doc}}`/trainers/reference`\n")

    def pages(self, skip: Collection[str] = ()) -> dict[str, str]:
        """Every page of the site: ``{"scenarios/x.md": text, …}``, but the scenario pages in ``skip``
        (staged already as they would be: :mod:`builder.outputs.site.pagekeys`)."""
        from builder.outputs.site.reference import render_reference

        out: dict[str, str] = {}
        for scenario in self.scenarios:
            if scenario_source(scenario.id) not in skip:
                out[scenario_source(scenario.id)] = self.scenario_page(scenario)
        for topic in self.topics():
            out[f"topics/{topic}.md"] = self.topic_page(topic)
        for audience in self.audiences():
            out[f"audiences/{audience}.md"] = self.audience_page(audience)
        out["troubleshooting.md"] = self.faq_page()
        if self.project.glossary.terms:
            out["glossary.md"] = self.glossary_page()
        # Trainers' pages: built and linked from each other, out of the readers' menus and search.
        out["trainers/index.md"] = self.trainers_page()
        out["trainers/reference.md"] = TRAINERS_FRONT_MATTER + render_reference(self.lang, self.messages)
        extra: list[tuple[str, str]] = []
        for docpath, text in {**self._hand_written_pages(), **self._workshop_pages()}.items():
            out[docpath] = text
            # Workshop sub-pages hang off the workshops' own index page, not the home page.
            if docpath.startswith("pages/") or docpath.endswith("index.md"):
                extra.append((docpath.removesuffix(".md"), _first_heading(text)))
        out["index.md"] = self.home_page(extra)
        return out

    def _hand_written_pages(self) -> dict[str, str]:
        """content/pages/<lang>/**/*.md, published under pages/."""
        folder = self.project.content / "pages" / self.lang
        return {f"pages/{p.relative_to(folder).as_posix()}": p.read_text(encoding="utf-8")
                for p in sorted(folder.rglob("*.md"))} if folder.is_dir() else {}

    def _workshop_pages(self) -> dict[str, str]:
        from builder.outputs.site import workshop_pages

        pages: dict[str, str] = workshop_pages.render_workshop_pages(self.project, self.lang)
        return pages


def site_audiences(project: Project) -> list[str]:
    """Audiences in the order platform.yaml declares them, then any other a page names."""
    declared = list(project.platform.audiences) if project.platform else []
    used = {a for source in project.scenarios.values() for a in source.model.audience}
    return declared + sorted(used - set(declared))


#: A page for trainers: in no toctree (``orphan``) and, through the page template (``nosearch``), out of
#: Pagefind's search index (Sphinx builds none: see ``sphinxext._no_sphinx_index``).
TRAINERS_FRONT_MATTER = "---\norphan: true\nnosearch: true\n---\n\n"


def _first_heading(text: str) -> str:
    match = re.search(r"^#\s+(.+)$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else ""


def render_site(project: Project, lang: str, shots: ShotIndex,
                checks: dict[tuple[str, str], PageCheck] | None = None,
                view: ViewModel | None = None, compiled: Path | None = None,
                skip: Collection[str] = ()) -> dict[str, str]:
    """All MyST pages of the ``lang`` site, keyed by path under the source folder, but the scenario
    pages in ``skip``.

    ``checks`` (from :func:`builder.shots.drift.check_pages`) adds a notice to pages whose
    last capture failed or whose screenshots are stale; ``compiled`` is where compiled
    templates are kept between builds (under ``_build/``; none when rendering alone).
    """
    return SiteRenderer(project, lang, shots, checks=checks, view=view, compiled=compiled).pages(skip)

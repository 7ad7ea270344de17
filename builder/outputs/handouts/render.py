"""Turn a workshop into print HTML: one view model, two Jinja templates.

Everything language-dependent is resolved here (texts localised, Markdown turned
into HTML, clock times computed, screenshot paths found) so the templates only
lay things out. Trainers' Markdown becomes HTML through :mod:`builder.content.richtext`
(bold, italics, code, links, line breaks, paragraphs and lists; everything else escaped),
the only values the templates mark ``| safe``; every other value is autoescaped. The participant template never receives facilitator-only fields
(answers, script, notes): the separation is enforced by what goes into its
context, not by template discipline.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.content import richtext
from builder.content.catalog import Messages, audience_title, messages
from builder.content.dialogtext import PLACEHOLDER, dialog_text
from builder.content.model import StepBase, Text, localize
from builder.content.workshop import Block, Workshop, minutes
from builder.layout import PACKAGE_TEMPLATES
from builder.outputs.handouts.helplinks import HelpLink, help_link
from builder.outputs.handouts.printshot import NONE, Region, printed_region
from builder.outputs.viewmodel import ViewModel, build_view_model
from builder.templating import render_template, sandboxed_environment

if TYPE_CHECKING:
    from jinja2 import Environment

    from builder.content.project import Project


Kind = str  # "participant" or "facilitator"


@dataclass
class StepView:
    number: int
    say: str
    note: str
    image: str | None  # file:// URI, None when the screenshot is missing
    alt: str
    has_shot: bool
    #: the part of the image a page prints (see ``printshot``); a narrow one prints beside the words
    shot_region: Region = NONE


@dataclass
class ScenarioView:
    id: str
    title: str
    summary: str
    duration: str
    persona: str
    steps: list[StepView]
    result: str | None
    troubleshooting: list[tuple[str, str]]
    result_region: Region = NONE
    #: the QR code and short address of its page on the published site, None without ``help_url``
    help: HelpLink | None = None


@dataclass
class BlockView:
    number: int
    title: str
    kind: str
    kind_label: str
    duration: str
    start: str
    end: str
    summary: str
    exercise: str
    writing_lines: int
    script: str
    notes: str
    expected: str
    scenarios: list[str]  # ids, in order
    new_scenarios: list[str] = field(default_factory=list)  # first shown in this block


@dataclass
class HandoutDocument:
    """What one PDF needs: the HTML and the images it expects."""

    html: str
    missing_images: list[Path]


class Renderer:
    """Renders both handouts of the workshops of one project, in any language."""

    def __init__(self, project: Project, view: ViewModel | None = None, *, help_url: str | None = None,
                 qr: bool = True) -> None:
        """``help_url`` overrides platform.yaml's; ``qr=False`` prints no help links at all."""
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

        self.project = project
        self.view = view or build_view_model(project)
        platform_url = project.platform.help_url if project.platform else None
        self.help_url = (help_url or platform_url) if qr else None
        # A project may override any handout template by putting its own copy first.
        search = [project.root / "templates" / "handouts", PACKAGE_TEMPLATES / "handouts"]
        self.folders = [p for p in search if p.is_dir()]
        self.env: Environment = sandboxed_environment(
            ChoiceLoader([FileSystemLoader(str(p)) for p in self.folders]),
            autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        )
        self.env.filters["css_string"] = css_string
        self._messages: dict[str, Messages] = {}
        #: the how-tos a link may jump to in the document being rendered (``#sc-ID`` anchors)
        self._anchors: set[str] = set()

    # -- text helpers -------------------------------------------------------------------
    def messages(self, lang: str) -> Messages:
        """The catalog of ``lang``: Helpwright's words, reworded by the project's own catalog."""
        if lang not in self._messages:
            self._messages[lang] = messages(lang, self.project.root)
        return self._messages[lang]

    def labels(self, lang: str) -> dict[str, Any]:
        return self.messages(lang).section("handouts")

    def _href(self, scenario_id: str) -> str | None:
        return f"#sc-{scenario_id}" if scenario_id in self._anchors else None

    def inline(self, text: Text | None, lang: str) -> str:
        return richtext.to_html(localize(text, lang, "en"), inline=True, scenario_href=self._href)

    def block(self, text: Text | None, lang: str) -> str:
        return richtext.to_html(localize(text, lang, "en"), scenario_href=self._href)

    def plain(self, text: Text | None, lang: str) -> str:
        """The words of a text, markup gone: titles, running heads, alt texts (autoescaped)."""
        return richtext.to_plain(localize(text, lang, "en"))

    # -- views --------------------------------------------------------------------------
    def screenshot(self, lang: str, scenario_id: str, name: str, missing: list[Path]) -> str | None:
        page = self.view.page(scenario_id, lang)
        path = page.image(name)
        if path is not None:
            return path.resolve().as_uri()
        missing.append(page.folder / name)
        return None

    def _printed(self, scenario_id: str, lang: str, number: int) -> Region:
        step = next((s for s in self.view.page(scenario_id, lang).steps if s.number == number), None)
        if step is None or step.image is None:
            return NONE
        # The box on the image itself: none on a crop or a whole-page shot, which print whole.
        box = step.image_box(self.project.device_scale)
        shot = step.step.shot
        callout = shot is not False and shot.callout is not None
        return printed_region(step.image, None if box is None else (int(box[0]), int(box[1]), int(box[2]), int(box[3])),
                              callout=callout)

    def scenario_view(self, scenario_id: str, lang: str, missing: list[Path]) -> ScenarioView:
        scenario = self.project.scenario(scenario_id)
        platform = self.project.platform
        persona = ""
        if scenario.persona and platform and scenario.persona in platform.personas:
            # The account the reader logs in with, in this language (one account per language: its own name).
            account = platform.personas[scenario.persona].username_for(lang)
            desc = self.plain(platform.personas[scenario.persona].description, lang)
            persona = f"{account} ({desc})" if desc else account
        steps = []
        all_steps: list[StepBase] = list(scenario.steps)
        for i, step in enumerate(all_steps, 1):
            has_shot = step.shot is not False
            image = self.screenshot(lang, scenario_id, f"{i:02d}.png", missing) if has_shot else None
            target = step.target
            alt = (f"{self.labels(lang)['step']} {i}: "
                   + (self.messages(lang).target(target) if target else self.plain(step.say, lang)))
            # `{dialog}`: the dialog's text, quoted as it is (never read as Markdown)
            say = richtext.fill_placeholder(localize(step.say, lang, "en"), PLACEHOLDER,
                                            dialog_text(all_steps, i, lang))
            steps.append(StepView(i, self.inline(say, lang), self.inline(step.note, lang), image, alt, has_shot,
                                  self._printed(scenario_id, lang, i)))
        result_path = self.view.page(scenario_id, lang).result
        result = result_path.resolve().as_uri() if result_path is not None else None
        return ScenarioView(
            result_region=printed_region(result_path, None, result=True) if result_path else NONE,
            id=scenario_id, title=self.plain(scenario.title, lang), summary=self.inline(scenario.summary, lang),
            duration=scenario.duration or "", persona=persona, steps=steps, result=result,
            troubleshooting=[(self.inline(t.problem, lang), self.block(t.answer, lang))
                             for t in scenario.troubleshooting],
            help=help_link(self.help_url, lang, scenario_id) if self.help_url else None,
        )

    def block_views(self, workshop: Workshop, lang: str) -> list[BlockView]:
        clock = datetime.strptime(workshop.start_time, "%H:%M")
        seen: set[str] = set()
        views = []
        for n, block in enumerate(workshop.agenda, 1):
            end = clock + timedelta(minutes=minutes(block.duration))
            new = [sid for sid in block.scenarios if sid not in seen]
            seen.update(block.scenarios)
            views.append(self._block_view(n, block, lang, clock, end, new))
            clock = end
        return views

    def _block_view(self, n: int, block: Block, lang: str, start: datetime, end: datetime,
                    new: list[str]) -> BlockView:
        return BlockView(
            number=n, title=self.plain(block.title, lang), kind=block.kind.value,
            kind_label=self.labels(lang)["kinds"][block.kind.value], duration=block.duration,
            start=start.strftime("%H:%M"), end=end.strftime("%H:%M"),
            summary=self.block(block.summary, lang), exercise=self.block(block.exercise, lang),
            writing_lines=block.writing_lines, script=self.block(block.script, lang),
            notes=self.block(block.notes, lang), expected=self.block(block.expected, lang),
            scenarios=list(block.scenarios), new_scenarios=new,
        )

    def context(self, workshop: Workshop, lang: str, kind: Kind, pages: dict[str, int],
                missing: list[Path]) -> dict[str, Any]:
        """The template context; facilitator-only fields are left out of the participant's."""
        lab = self.labels(lang)
        facilitator = kind == "facilitator"
        platform = self.project.platform
        # The workbook has a section per how-to (`sc-ID`); the guide has none to jump to.
        self._anchors = set() if facilitator else set(workshop.scenario_ids())
        scenarios = {sid: self.scenario_view(sid, lang, missing if not facilitator else [])
                     for sid in workshop.scenario_ids()}
        blocks = self.block_views(workshop, lang)
        if not facilitator:
            for b in blocks:
                b.script = b.notes = ""
        checks = [{
            "question": self.inline(c.question, lang),
            "choices": [self.inline(ch, lang) for ch in c.choices],
            "answer": self.block(c.answer, lang) if facilitator else "",
            "lines": c.lines,
        } for c in workshop.knowledge_checks]
        ctx: dict[str, Any] = {
            "lang": lang, "kind": kind, "L": lab,
            "doc_label": lab["facilitator_guide"] if facilitator else lab["participant_workbook"],
            "platform": platform.name if platform else "",
            "title": self.plain(workshop.title, lang), "subtitle": self.plain(workshop.subtitle, lang),
            "audience": [audience_title(platform, a, lang) for a in workshop.audience],
            "level": self.messages(lang)["levels"][workshop.level.value], "duration": workshop.duration,
            "participants": workshop.participants, "start_time": workshop.start_time,
            "end_time": blocks[-1].end if blocks else workshop.start_time,
            "objectives": [self.inline(o, lang) for o in workshop.objectives],
            "prerequisites": [self.inline(p, lang) for p in workshop.prerequisites],
            "blocks": blocks, "scenarios": scenarios, "checks": checks,
            "memo": {
                "title": self.plain(workshop.memo.title, lang) or lab["memo"],
                "sections": [{"title": self.plain(s.title, lang), "points": [self.inline(p, lang) for p in s.points]}
                             for s in workshop.memo.sections],
                "help": self.inline(workshop.memo.help, lang),
            },
            "pages": pages,
        }
        if facilitator:
            ctx["checklist"] = self._checklist(workshop, lang)
            ctx["troubles"] = [{"problem": self.inline(t.problem, lang), "fix": self.block(t.fix, lang),
                                "scenario": scenarios[t.scenario].title if t.scenario in scenarios
                                else (self.plain(self.project.scenario(t.scenario).title, lang)
                                      if t.scenario else "")}
                               for t in workshop.troubles]
        return ctx

    def _checklist(self, workshop: Workshop, lang: str) -> list[dict[str, Any]]:
        lab = self.labels(lang)
        platform = self.project.platform
        personas: dict[str, None] = {}
        for sid in workshop.scenario_ids():
            persona = self.project.scenario(sid).persona
            if persona:
                personas.setdefault(persona, None)
        accounts = []
        for persona in personas:
            desc, user = "", persona
            if platform and persona in platform.personas:
                desc = self.plain(platform.personas[persona].description, lang)
                user = platform.personas[persona].username_for(lang)
            # the checklist's items are HTML (materials and room are Markdown): plain words are escaped
            accounts.append(html.escape(lab["check_account"].format(user=user, role=desc or persona)))
        return [
            {"title": lab["materials"], "items": [self.inline(m, lang) for m in workshop.materials]
             + [html.escape(lab["print_workbooks"].format(n=workshop.participants))]},
            {"title": lab["room"], "items": [self.inline(r, lang) for r in workshop.room]},
            {"title": lab["accounts"], "items": accounts},
        ]

    def render(self, workshop: Workshop, lang: str, kind: Kind, pages: dict[str, int]) -> HandoutDocument:
        missing: list[Path] = []
        ctx = self.context(workshop, lang, kind, pages, missing)
        html = render_template(self.env, f"{kind}.html.j2", ctx, folders=self.folders, shown=self.project.root)
        return HandoutDocument(html=html, missing_images=missing)


def css_string(value: str) -> Any:
    """Quote a value for a CSS `content:` string inside a <style> element.

    Style is raw text in HTML (entities are not decoded), so the result is marked
    safe for Jinja after escaping what could end the string or the element.
    """
    from markupsafe import Markup

    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return Markup(f'"{escaped}"')

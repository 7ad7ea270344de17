"""The pages of a SCORM package, rendered from the view model and the catalogs.

A lesson is one scenario in one language: its steps one at a time, each with its text,
approved screenshot and alt text. The quiz is the workshop's knowledge checks: a question
with ``correct`` is scored, one without is asked and never scored, and answers stay out
(they belong to the facilitator guide). Trainers' Markdown becomes HTML through
:mod:`builder.content.richtext`, the only values the templates mark ``| safe``; every other
value is autoescaped. Pages load only files of the package (``hw-scorm.js``, ``hw-scorm.css``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.content import richtext
from builder.content.model import Text, localize
from builder.content.workshop import KnowledgeCheck
from builder.layout import PACKAGE_TEMPLATES
from builder.outputs.viewmodel import RESULT, PageModel

if TYPE_CHECKING:
    from jinja2 import Environment

#: page states whose screenshots the last capture did not confirm: the lesson says so
DOUBTFUL = ("failed", "stale", "stale_text", "pending")


@dataclass(frozen=True)
class LessonStep:
    number: int
    say: str
    note: str
    #: the image's file name next to the page, None when the step is not shot or not captured
    image: str | None
    alt: str
    shot: bool


def _inline(text: Text | None, lang: str) -> str:
    # No how-to links inside a package: a lesson cannot open another SCO, so their words stay.
    return richtext.to_html(localize(text, lang, "en"), inline=True) if text else ""


def environment(root: Path) -> Environment:
    """Jinja for the package's pages; a project may override one with ``templates/scorm/<name>``."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    search = [root / "templates" / "scorm", PACKAGE_TEMPLATES / "scorm"]
    return Environment(loader=ChoiceLoader([FileSystemLoader(str(p)) for p in search if p.is_dir()]),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def lesson_steps(page: PageModel) -> list[LessonStep]:
    return [LessonStep(number=s.number, say=richtext.to_html(s.say, inline=True),
                       note=richtext.to_html(s.note, inline=True) if s.note else "",
                       image=s.image_name if s.image is not None else None, alt=s.alt,
                       shot=s.image_name is not None)
            for s in page.steps]


def render_lesson(env: Environment, page: PageModel, labels: dict[str, Any], *, root: str,
                  extras: list[str]) -> str:
    """One scenario's lesson page; ``extras``: pages next to it to link (click-through demos)."""
    scenario = page.scenario
    return env.get_template("lesson.html.j2").render(
        lang=page.lang, L=labels, root=root, title=richtext.to_plain(localize(scenario.title, page.lang, "en")),
        summary=_inline(scenario.summary, page.lang), steps=lesson_steps(page),
        result=RESULT if page.result is not None else None, doubtful=page.state in DOUBTFUL, extras=extras)


def render_quiz(env: Environment, checks: list[KnowledgeCheck], lang: str, labels: dict[str, Any], *,
                root: str, title: str, mastery: int) -> str:
    questions = [{"question": _inline(c.question, lang), "choices": [_inline(ch, lang) for ch in c.choices],
                  "correct": c.correct} for c in checks]
    return env.get_template("quiz.html.j2").render(lang=lang, L=labels, root=root, title=title,
                                                   questions=questions, mastery=mastery)

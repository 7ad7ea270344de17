"""The workshop format: a training session built from scenarios.

A workshop file (``content/workshops/<id>.yaml``) describes one session: who it is
for, what participants will be able to do, the room and the material, and an
agenda of timed blocks. Blocks point at scenarios by id, so the handouts show the
same steps and screenshots as the help site. Knowledge-check answers and
facilitator notes are kept apart from participant-facing text because only the
facilitator guide may print them.

:func:`check_workshops` holds the checks that span files (scenario ids, timings),
called by the loader once scenarios are known.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator

from builder.content.model import ID_PATTERN, Level, Strict, Text, content_error

if TYPE_CHECKING:
    from builder.content.project import Project

DURATION_PATTERN = r"^\d+ ?min$"
CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


def minutes(duration: str) -> int:
    """`25 min` → 25."""
    return int(re.sub(r"\D", "", duration))


class BlockKind(str, Enum):
    presentation = "presentation"
    demonstration = "demonstration"
    exercise = "exercise"
    discussion = "discussion"
    quiz = "quiz"


class Block(Strict):
    """One timed part of the agenda."""

    title: Text = Field(description="Name of the block, shown in the agenda.")
    kind: BlockKind = Field(
        description="presentation, demonstration, exercise (hands-on), discussion or quiz."
    )
    duration: str = Field(pattern=DURATION_PATTERN, description="Length of the block, e.g. `15 min`.")
    scenarios: list[str] = Field(
        default_factory=list, description="Ids of the scenarios this block uses, in order."
    )
    summary: Text | None = Field(
        None, description="What happens in this block, as participants read it in their workbook."
    )
    exercise: Text | None = Field(
        None, description="Instructions for participants (hands-on blocks); printed with space to write."
    )
    writing_lines: int = Field(
        4, ge=0, le=30, description="Ruled lines left under the exercise for participants to write on."
    )
    script: Text | None = Field(
        None, description="What the facilitator says and does; only in the facilitator guide."
    )
    notes: Text | None = Field(
        None, description="Tips for the facilitator (pitfalls, timing); only in the facilitator guide."
    )
    expected: Text | None = Field(
        None, description="What participants should have achieved at the end of the block."
    )


class KnowledgeCheck(Strict):
    """A question asked at the end; its answer is printed only in the facilitator guide."""

    question: Text = Field(description="The question, as participants read it.")
    choices: list[Text] = Field(
        default_factory=list, description="Options of a multiple-choice question (optional)."
    )
    answer: Text = Field(description="The expected answer; facilitator guide only.")
    correct: int | None = Field(
        None, ge=1, description="Which of the `choices` is right, counted from 1. Lets an LMS package "
                                "(`helpwright scorm`) score the question; a question without it is asked, "
                                "never scored.")
    lines: int = Field(3, ge=0, le=20, description="Ruled lines left for the answer in the workbook.")

    @model_validator(mode="after")
    def _correct_names_a_choice(self) -> KnowledgeCheck:
        # A scored question whose right answer is not among its choices would score every learner wrong.
        if self.correct is not None and self.correct > len(self.choices):
            raise content_error(
                f"`correct: {self.correct}` but the question has {len(self.choices)} choice(s)",
                "give the number of the right choice, counted from 1, or remove `correct`", at="correct")
        return self


class MemoSection(Strict):
    title: Text = Field(description="Heading of the memo section, e.g. `Publish a post`.")
    points: list[Text] = Field(min_length=1, description="Short reminders, one per line, in Markdown.")


class Memo(Strict):
    """The one-page job aid participants keep after the session."""

    title: Text | None = Field(None, description="Title of the memo page; a default is used if empty.")
    sections: list[MemoSection] = Field(min_length=1, description="Memo sections, 3 to 6 fit one page.")
    help: Text | None = Field(None, description="Where to get help afterwards (site, contact).")


class Trouble(Strict):
    """Something that commonly goes wrong during a session, and how to fix it on the spot."""

    problem: Text = Field(description="What the facilitator sees or hears.")
    fix: Text = Field(description="How to fix it, in Markdown.")
    scenario: str | None = Field(None, description="Id of a scenario that shows the fix (optional).")


class Workshop(Strict):
    """A training session: content/workshops/<id>.yaml."""

    id: str = Field(pattern=ID_PATTERN, description="Unique id, lowercase with dashes; names the PDFs.")
    title: Text = Field(description="Title of the workshop.")
    subtitle: Text | None = Field(None, description="One line under the title on the cover.")
    audience: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        min_length=1, description="Who the workshop is for: ids of `audiences` in platform.yaml.")
    level: Level = Level.beginner
    duration: str = Field(pattern=DURATION_PATTERN, description="Total length, e.g. `90 min`.")
    start_time: str = Field(
        "09:30", pattern=CLOCK_PATTERN, description="Clock time the session starts, for the running order."
    )
    participants: int = Field(8, ge=1, le=100, description="Planned number of participants.")
    objectives: list[Text] = Field(min_length=1, description="What participants can do afterwards.")
    prerequisites: list[Text] = Field(default_factory=list, description="What participants need first.")
    materials: list[Text] = Field(default_factory=list, description="Material to prepare (set-up checklist).")
    room: list[Text] = Field(default_factory=list, description="Room set-up tasks (set-up checklist).")
    agenda: list[Block] = Field(min_length=1, description="The timed blocks, in order.")
    knowledge_checks: list[KnowledgeCheck] = Field(
        default_factory=list, description="Questions to check understanding; answers stay in the guide."
    )
    memo: Memo = Field(description="The one-page take-away memo.")
    troubles: list[Trouble] = Field(
        default_factory=list, description="Common trouble during a session and how to fix it."
    )

    def scenario_ids(self) -> list[str]:
        """Every scenario the agenda uses, in first-use order, without repeats."""
        seen: dict[str, None] = {}
        for block in self.agenda:
            for sid in block.scenarios:
                seen.setdefault(sid, None)
        return list(seen)


def check_workshops(project: Project) -> None:
    """Cross-file checks: scenario ids exist, file name matches id, timings add up."""
    known = project.known_ids
    hint = ", ".join(sorted(known)[:6]) + ("…" if len(known) > 6 else "")
    for source in project.workshops.values():
        workshop: Workshop = source.model
        loc = source.located
        if loc.path.stem != workshop.id:
            project.problems.append(loc.problem(
                ("id",), f"id `{workshop.id}` differs from the file name `{loc.path.stem}.yaml`",
                f"rename the file to `{workshop.id}.yaml` or change the id", key=False))
        for b, block in enumerate(workshop.agenda):
            for s, sid in enumerate(block.scenarios):
                if sid not in known:
                    project.problems.append(loc.problem(
                        ("agenda", b, "scenarios", s), f"unknown scenario `{sid}` in agenda[{b}]",
                        f"use the id of an existing scenario ({hint or 'none yet'})", key=False))
        for t, trouble in enumerate(workshop.troubles):
            if trouble.scenario is not None and trouble.scenario not in known:
                project.problems.append(loc.problem(
                    ("troubles", t, "scenario"), f"unknown scenario `{trouble.scenario}` in troubles[{t}]",
                    "use the id of an existing scenario", key=False))
        total = sum(minutes(block.duration) for block in workshop.agenda)
        if total != minutes(workshop.duration):
            project.problems.append(loc.problem(
                ("duration",), f"the agenda blocks add up to {total} min, not {workshop.duration}",
                "fix a block's duration or the workshop's duration", key=False))

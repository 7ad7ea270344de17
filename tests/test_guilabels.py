"""Which labels a step's text quotes with Sphinx's roles, and which image must show each."""

from __future__ import annotations

from builder.capture.guilabels import RESULT, Quoted, label_plan, roles
from builder.shots.stale import quotes


def test_roles_are_read_as_sphinx_writes_them() -> None:
    say = "Click {guilabel}`&Cancel`, then {menuselection}`Start --> &Programs --> R&&D`; **bold** is not one."
    assert roles(say) == [("guilabel", ["Cancel"]), ("menuselection", ["Start", "Programs", "R&D"])]
    assert roles("Click `Publish` or {guilabel} `Publish`.") == []  # code, and a role with a space, are not


def test_each_menu_level_is_due_in_the_image_of_the_step_that_opens_it() -> None:
    plan = label_plan(["Open {menuselection}`Settings --> Language --> French`.", "Then {guilabel}`Save`.",
                       "Done."])
    assert plan == {
        1: [Quoted("Settings", 1, "Settings --> Language --> French", 1)],
        2: [Quoted("Language", 1, "Settings --> Language --> French", 2), Quoted("Save", 2, "Save")],
        3: [Quoted("French", 1, "Settings --> Language --> French", 3)],
    }


def test_a_level_past_the_last_step_is_due_in_the_result_image() -> None:
    plan = label_plan(["Open {menuselection}`File --> Export`."])
    assert plan[1] == [Quoted("File", 1, "File --> Export", 1)]
    assert plan[RESULT] == [Quoted("Export", 1, "File --> Export", 2)]
    assert plan[RESULT][0].describe() == "{menuselection} “File --> Export”, level 2 “Export”"


def test_the_stale_text_detector_reads_both_roles_and_bold_as_before() -> None:
    # in the text's order, so a manifest's quotes stay the same when **Label** becomes {guilabel}`Label`
    assert quotes("Click {guilabel}`Publish now`, then **Save** in {menuselection}`File --> Export`.") == [
        "Publish now", "Save", "File", "Export"]
    assert quotes("Click **Publier**.") == ["Publier"]

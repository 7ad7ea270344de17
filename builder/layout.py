"""Where a project's outputs live: the conventions every stage shares.

Outputs never import each other; when one links to another's files (the site
offers the handout PDFs as downloads), both read the path from here.
"""

from __future__ import annotations

from pathlib import Path

#: The two handouts printed per workshop and language.
HANDOUT_KINDS = ("participant", "facilitator")

#: Helpwright's own templates and default Sphinx configuration, carried by the package.
PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"


def build_dir(root: Path) -> Path:
    return root / "_build"


def handouts_dir(root: Path) -> Path:
    return build_dir(root) / "handouts"


def handout_path(out_dir: Path, lang: str, workshop_id: str, kind: str) -> Path:
    return out_dir / lang / f"{workshop_id}-{kind}.pdf"


def demos_dir(root: Path) -> Path:
    """The click-through demos: ``<lang>/<scenario id>.html``; the site links those it finds."""
    return build_dir(root) / "demos"


def demo_path(out_dir: Path, lang: str, scenario_id: str) -> Path:
    return out_dir / lang / f"{scenario_id}.html"


def scorm_dir(root: Path) -> Path:
    return build_dir(root) / "scorm"


def scenario_source(scenario_id: str) -> str:
    """A how-to's page source in a language's staged sources (``_build/src/<lang>``)."""
    return f"scenarios/{scenario_id}.md"


def help_page_path(lang: str, scenario_id: str) -> str:
    """A how-to's page in the built site, from the site's root (``_build/site``, or where it is published)."""
    return f"{lang}/scenarios/{scenario_id}.html"

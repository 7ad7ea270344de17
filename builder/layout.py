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


def scorm_dir(root: Path) -> Path:
    return build_dir(root) / "scorm"

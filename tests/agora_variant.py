"""Agora with a UI change, for the review tests: ``python -m tests.agora_variant CHANGES -- AGORA ARGS``.

CHANGES is a comma-separated list of the changes below. They are applied to a COPY of
Agora's templates and static files, which this process serves instead of its own; Agora's normal UI,
and every other test, is untouched.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

#: change → (template, text to find, replacement); each text must be found exactly once
CHANGES: dict[str, list[tuple[str, str, str]]] = {
    # The blog form's button: "Publier" becomes "Publier le billet" (French only).
    "rename": [("blog/form.html", "{{ _('blog.publish') }}</button>",
                "{{ _('blog.publish') }}{% if lang == 'fr' %} le billet{% endif %}</button>")],
    # The wiki page's "Annoter" link moves after "Historique".
    "move": [("pages/view.html",
              ("  {% if may_annotate %}<a class=\"btn btn-secondary\" href=\"{{ url_for('pages.view', "
              "page_id=page['id'], annotate=1) }}#annotation-form\">{{ _('pages.annotate') }}</a>{% endif %}\n"
              "  <a class=\"btn btn-secondary\" href=\"{{ url_for('pages.history', page_id=page['id']) }}\">"
              "{{ _('pages.history') }}</a>\n"),
              ("  <a class=\"btn btn-secondary\" href=\"{{ url_for('pages.history', page_id=page['id']) }}\">"
              "{{ _('pages.history') }}</a>\n"
              "  {% if may_annotate %}<a class=\"btn btn-secondary\" href=\"{{ url_for('pages.view', "
              "page_id=page['id'], annotate=1) }}#annotation-form\">{{ _('pages.annotate') }}</a>{% endif %}\n"))],
    # The header bar turns dark red (Agora's style sheet, served from a copy too).
    "header": [("../static/agora.css", "--topbar: #142035;", "--topbar: #7c2d12;")],
}


def patched_templates(changes: list[str]) -> Path:
    import agora

    folder = Path(tempfile.mkdtemp(prefix="agora-variant-")) / "templates"
    shutil.copytree(Path(agora.__file__).parent / "templates", folder)
    shutil.copytree(Path(agora.__file__).parent / "static", folder.parent / "static")
    for change in changes:
        for name, old, new in CHANGES[change]:
            path = folder / name
            text = path.read_text(encoding="utf-8")
            if text.count(old) != 1:
                raise SystemExit(f"agora_variant: `{change}` no longer applies to {name}")
            path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def main(argv: list[str]) -> int:
    import jinja2

    import agora.server
    from agora.__main__ import main as agora_main

    changes = [c for c in argv[0].split(",") if c]
    folder = patched_templates(changes)
    original = agora.server.create_app

    def create_app(*args, **kwargs):  # type: ignore[no-untyped-def]
        app = original(*args, **kwargs)
        app.jinja_loader = jinja2.FileSystemLoader(str(folder))  # type: ignore[method-assign]
        app.static_folder = str(folder.parent / "static")
        return app

    agora.server.create_app = create_app  # type: ignore[assignment]
    try:
        return agora_main(argv[2:] if argv[1:2] == ["--"] else argv[1:])
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

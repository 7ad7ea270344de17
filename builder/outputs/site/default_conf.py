"""Helpwright's default Sphinx configuration of the help site, shared by every language.

`helpwright build` renders each language into ``_build/src/<lang>/`` and runs Sphinx
once per language, with ``language`` and ``helpwright_project`` (the project folder)
set for that build. With no ``conf.py`` in the project, Sphinx reads this module
(through ``builder/templates/sphinx/conf.py``). A project that wants to change
something writes its own ``conf.py``::

    from builder.outputs.site.default_conf import *  # noqa: F403

    html_theme_options = {**html_theme_options, "light_css_variables": {"color-brand-primary": "#1f5fa8"}}

What comes from the project is filled in by the extension when the configuration is
read (``config-inited``), unless ``conf.py`` sets it: the platform's name, languages
and logo from ``content/platform.yaml``, the title from the message catalogs, and the
project's ``templates/site/_templates`` and ``_static`` folders, which override
Helpwright's own files of the same name.
"""

from builder.layout import PACKAGE_TEMPLATES as _PACKAGE_TEMPLATES

_SITE = _PACKAGE_TEMPLATES / "site"

extensions = ["myst_parser", "builder.outputs.site.sphinxext"]
# Only what the generated pages use: `:::` fences and `[text]{.class}` spans. Trainers' texts
# are escaped before they reach a page (builder/content/richtext.py), so no MyST syntax in
# them means anything; these settings are the second guard, for hand-written pages too.
myst_enable_extensions = ["colon_fence", "attrs_inline"]
myst_heading_anchors = 3
# Markdown, not HTML: raw HTML is shown as text, never run. The `raw` directive is
# switched off by the extension (docutils' raw_enabled), in MyST and in {eval-rst} alike.
myst_disable_syntax = ["html_block", "html_inline"]
# Links that leave the site: web addresses only (javascript:, data:, file: are not links).
myst_url_schemes = ["http", "https", "mailto"]
suppress_warnings = ["myst.header"]

language = "en"  # set per build
#: The project folder (holds content/); `helpwright build` sets it. Empty: the conf.py's folder.
helpwright_project = ""
#: Filled from content/platform.yaml when left empty.
helpwright_platform_name = ""
helpwright_languages: list[str] = []
html_logo = None
html_favicon = None

html_theme = "furo"
# A project's templates/site/_static/ is added after these (its files win), and its
# templates/site/_templates/ before these (first match wins).
html_static_path = [str(_SITE / "_static")]
#: custom.css is empty in Helpwright: a project restyles the site with its own copy.
html_css_files = ["helpwright.css", "custom.css"]
templates_path = [str(_SITE / "_templates")]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_show_copyright = False
html_last_updated_fmt = None
html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": True,
}
exclude_patterns = ["_shots"]

"""Sphinx configuration of the help site, shared by every language.

`helpwright build` renders each language into `_build/src/<lang>/` and runs Sphinx
with this folder as the configuration folder and `language` set per build. The
platform's name and logo come from content/platform.yaml, never from here.
"""

from pathlib import Path

from builder.outputs.site.rendering import TEMPLATES
from builder.outputs.site.sphinxext import platform_settings

ROOT = Path(__file__).resolve().parent
# A project may carry its own templates/site/; otherwise Helpwright's own are used.
SITE_TEMPLATES = ROOT / "templates" / "site" if (ROOT / "templates" / "site").is_dir() else TEMPLATES

_platform = platform_settings(ROOT)

extensions = ["myst_parser", "builder.outputs.site.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
# Scenario texts are Markdown, not HTML: raw HTML is shown as text, never run.
myst_disable_syntax = ["html_block", "html_inline"]
suppress_warnings = ["myst.header"]

language = "fr"  # overridden per build
helpwright_platform_name = _platform["name"]
helpwright_languages = _platform["languages"]

html_theme = "furo"
html_logo = _platform["logo"]
html_favicon = _platform["logo"]
html_static_path = [str(SITE_TEMPLATES / "_static")]
html_css_files = ["helpwright.css"]
templates_path = [str(SITE_TEMPLATES / "_templates")]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_show_copyright = False
html_last_updated_fmt = None
html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": True,
    "light_css_variables": {"color-brand-primary": "#1f5fa8", "color-brand-content": "#1f5fa8"},
    "dark_css_variables": {"color-brand-primary": "#7fb2ee", "color-brand-content": "#7fb2ee"},
}
exclude_patterns = ["_shots"]

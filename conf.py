"""The demo project's Sphinx override: Helpwright's defaults, in Agora's colours.

A help project needs no conf.py: `helpwright build` uses Helpwright's own configuration
(builder/outputs/site/default_conf.py), and fills in the platform's name, languages and
logo from content/platform.yaml. A conf.py next to content/ overrides it: start from the
defaults, then change what you need. This one only sets the brand colour (the logo's
blue) for links and headings; the demo's templates/ folder overrides a few files too.
"""

from builder.outputs.site.default_conf import *  # noqa: F403
from builder.outputs.site.default_conf import html_theme_options as _defaults

html_theme_options = {
    **_defaults,
    "light_css_variables": {"color-brand-primary": "#1f5fa8", "color-brand-content": "#1f5fa8"},
    "dark_css_variables": {"color-brand-primary": "#7fb2ee", "color-brand-content": "#7fb2ee"},
}

"""The help site's Sphinx configuration for a project without a conf.py: Helpwright's defaults.

`helpwright build` points Sphinx at this folder when the project has no conf.py of its
own. See builder/outputs/site/default_conf.py for what it sets and how to override it.
"""

from builder.outputs.site.default_conf import *

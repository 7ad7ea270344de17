"""The help site: MyST rendering, the Sphinx extension and the build."""

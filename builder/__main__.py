"""`python -m builder` runs the `helpwright` command."""

from builder.cli import run

run()

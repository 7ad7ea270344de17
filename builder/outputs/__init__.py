"""Outputs: each one reads a loaded project and the approved captures, and never another output."""

"""Fixtures for site builds from sample projects under tests/roots/."""

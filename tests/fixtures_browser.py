"""Fixtures for real Chromium and a live demo platform on loopback."""

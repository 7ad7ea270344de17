"""Tests of the Agora demo platform."""

"""Real third-party web applications the tests capture, as a user's own platform would be."""

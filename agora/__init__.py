"""Agora: the demo collaborative platform (an Elgg-style enterprise social network) Helpwright captures.

Entry points: :func:`agora.app.create_app`, :func:`agora.seed.reset`,
:func:`agora.server.serve_in_thread` and ``python -m agora``.
"""

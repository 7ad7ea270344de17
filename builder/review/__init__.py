"""Reviewing changed screenshots: decisions (approve, reject), the offline gallery and its server.

``decide`` applies a decision to the image store (:mod:`builder.shots.pending`) and
records it in ``screenshots/approvals.json``; ``gallery`` writes the one-page review
gallery; ``serve`` serves it on 127.0.0.1 and writes the decisions made in it.
"""

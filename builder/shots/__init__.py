"""The shots: what capture leaves behind, read by review, the outputs and content's checks.

Capture writes this package's files; nothing here drives a browser. ``store`` (staging,
atomic swap, manifests), ``pending`` (candidates awaiting review, approvals), ``diff`` and
``reasons`` (what changed, in pixels and in words), ``report`` and ``runlog`` (each run's
results), ``stale`` (quoted labels the page no longer shows) and ``drift`` (which pages
failed, went stale or wait for review).
"""

"""Live capture: run scenarios in Chromium and publish annotated, reproducible screenshots.

Modules, one job each: ``steps`` (targets → locators, steps → actions), ``annotate``
(the highlight drawn into the page), ``session`` (one browser worker, logins),
``progress`` (terminal display) and ``runner`` (the run as a whole). What a run leaves
behind (images, manifests, pending candidates, reports) lives in :mod:`builder.shots`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from builder.capture.runner import capture_project
    from builder.capture.session import Endpoint
    from builder.shots.report import CaptureResult, CaptureSummary

__all__ = ["CaptureResult", "CaptureSummary", "Endpoint", "capture_project"]


def __getattr__(name: str) -> Any:
    # Lazy, so importing the package stays cheap for `helpwright --help`.
    if name == "capture_project":
        from builder.capture.runner import capture_project

        return capture_project
    if name in ("CaptureResult", "CaptureSummary"):
        from builder.shots import report

        return getattr(report, name)
    if name == "Endpoint":
        from builder.capture.session import Endpoint

        return Endpoint
    raise AttributeError(name)

"""An injectable clock, so dates on screen and lockout timing can be frozen and advanced in tests."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta


class Clock:
    """Returns the wall-clock time, or a frozen time that only moves when told to."""

    def __init__(self, frozen: datetime | None = None) -> None:
        self._frozen = frozen.replace(microsecond=0) if frozen else None
        self._lock = threading.Lock()

    @property
    def frozen(self) -> bool:
        return self._frozen is not None

    def now(self) -> datetime:
        with self._lock:
            if self._frozen is not None:
                return self._frozen
        return datetime.now().replace(microsecond=0)

    def set(self, when: datetime) -> None:
        with self._lock:
            self._frozen = when.replace(microsecond=0)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move a frozen clock forward (freezing it at the current time first if it was live)."""
        step = delta or timedelta(**kwargs)
        current = self.now()
        self.set(current + step)
        return current + step

    def __call__(self) -> datetime:
        return self.now()


def parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def iso(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()

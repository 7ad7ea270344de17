"""Account lockout: 5 failed logins within 5 minutes lock the account for 15 minutes.

All timing goes through the app clock (``app.config["AGORA_CLOCK"]``) so tests can advance it.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from sqlite3 import Row

from .clock import iso, parse_iso
from .db import execute, one
from .helpers import now

MAX_FAILURES = 5
WINDOW = timedelta(minutes=5)
LOCK_DURATION = timedelta(minutes=15)


def locked_until(user: Row) -> datetime | None:
    """When the account unlocks, or None if it is not locked now."""
    until = parse_iso(user["locked_until"])
    return until if until and until > now() else None


def record_failure(user: Row) -> tuple[datetime | None, int]:
    """Note a failed login; returns (locked until, attempts left before the lock)."""
    current = now()
    execute("INSERT INTO login_failures (user_id, at) VALUES (?, ?)", (user["id"], iso(current)))
    row = one("SELECT COUNT(*) AS n FROM login_failures WHERE user_id = ? AND at > ?",
              (user["id"], iso(current - WINDOW)))
    recent = row["n"] if row else 0
    if recent >= MAX_FAILURES:
        until = current + LOCK_DURATION
        execute("UPDATE users SET locked_until = ? WHERE id = ?", (iso(until), user["id"]))
        # Start from a clean slate once the lock ends, rather than re-locking on the next miss.
        execute("DELETE FROM login_failures WHERE user_id = ?", (user["id"],))
        return until, 0
    return None, MAX_FAILURES - recent


def clear(user_id: int) -> None:
    """Forget failures and lift any lock (successful login, admin unlock, password reset)."""
    execute("DELETE FROM login_failures WHERE user_id = ?", (user_id,))
    execute("UPDATE users SET locked_until = NULL WHERE id = ?", (user_id,))

"""Account lockout: 5 failed logins within 5 minutes lock the account for 15 minutes.

A name that matches no account gets exactly the same treatment (counted, then "locked"), kept
apart under a digest of the name, so the login form never tells which accounts exist.
All timing goes through the app clock (``app.config["AGORA_CLOCK"]``) so tests can advance it.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from sqlite3 import Row

from .clock import iso, parse_iso
from .db import execute, one
from .helpers import now

MAX_FAILURES = 5
WINDOW = timedelta(minutes=5)
LOCK_DURATION = timedelta(minutes=15)


def name_key(name: str) -> str:
    """What is stored for a name that matches no account: a fixed-size digest, not the text."""
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()


def locked_until(user: Row | None, name: str = "") -> datetime | None:
    """When the account (or the unknown name) unlocks, or None if it is not locked now."""
    if user is not None:
        stamp = user["locked_until"]
    else:
        row = one("SELECT locked_until FROM name_locks WHERE name = ?", (name_key(name),))
        stamp = row["locked_until"] if row else None
    until = parse_iso(stamp)
    return until if until and until > now() else None


def record_failure(user: Row | None, name: str = "") -> tuple[datetime | None, int]:
    """Note a failed login; returns (locked until, attempts left before the lock)."""
    current = now()
    since = iso(current - WINDOW)
    if user is not None:
        execute("INSERT INTO login_failures (user_id, at) VALUES (?, ?)",
                (user["id"], iso(current)))
        row = one("SELECT COUNT(*) AS n FROM login_failures WHERE user_id = ? AND at > ?",
                  (user["id"], since))
    else:
        key = name_key(name)
        # Unknown names are not worth keeping once they no longer count: the tables stay small.
        execute("DELETE FROM name_failures WHERE at <= ?", (since,))
        execute("DELETE FROM name_locks WHERE locked_until <= ?", (iso(current),))
        execute("INSERT INTO name_failures (name, at) VALUES (?, ?)", (key, iso(current)))
        row = one("SELECT COUNT(*) AS n FROM name_failures WHERE name = ? AND at > ?",
                  (key, since))
    recent = row["n"] if row else 0
    if recent < MAX_FAILURES:
        return None, MAX_FAILURES - recent
    until = current + LOCK_DURATION
    # Start from a clean slate once the lock ends, rather than re-locking on the next miss.
    if user is not None:
        execute("UPDATE users SET locked_until = ? WHERE id = ?", (iso(until), user["id"]))
        execute("DELETE FROM login_failures WHERE user_id = ?", (user["id"],))
    else:
        execute("INSERT OR REPLACE INTO name_locks (name, locked_until) VALUES (?, ?)",
                (key, iso(until)))
        execute("DELETE FROM name_failures WHERE name = ?", (key,))
    return until, 0


def clear(user_id: int) -> None:
    """Forget failures and lift any lock (successful login, admin unlock, password reset)."""
    execute("DELETE FROM login_failures WHERE user_id = ?", (user_id,))
    execute("UPDATE users SET locked_until = NULL WHERE id = ?", (user_id,))

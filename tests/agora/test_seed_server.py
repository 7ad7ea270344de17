"""Deterministic reset, the command line and the in-thread server."""
from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from agora import seed
from agora.app import create_app
from agora.server import serve_in_thread

from .conftest import FROZEN, PASSWORD, login

ROOT = Path(__file__).resolve().parents[2]


def dump(data_dir: Path) -> list[str]:
    """Every row of every table (password hashes aside: they are salted), plus upload bytes."""
    conn = sqlite3.connect(data_dir / "agora.sqlite3")
    lines = list(conn.iterdump())
    conn.close()
    lines = [re.sub(r"'(scrypt|pbkdf2)[^']*'", "'<hash>'", line) for line in lines]
    for path in sorted((data_dir / "uploads").iterdir()):
        lines.append(f"{path.name} {path.read_bytes().hex()}")
    return lines


SCREENS = ("/dashboard", "/pages/view/1", "/pages/history/1", "/blog", "/blog/2", "/files",
           "/members", "/groups/1", "/trash")


def rendered(data_dir: Path) -> dict[str, str]:
    """The pages as Alice sees them, minus the per-session CSRF token."""
    client = create_app(data_dir, frozen_time=FROZEN, testing=True).test_client()
    login(client, "alice")
    return {url: re.sub(r'name="csrf_token" value="[^"]+"', "", client.get(url).get_data(
        as_text=True)) for url in SCREENS}


@pytest.fixture
def fast_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seed, "_password_hash",
                        lambda password, _u: generate_password_hash(password, "pbkdf2:sha256:1000"))


def test_reset_twice_gives_identical_data(tmp_path: Path, fast_hash: None) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    seed.reset(first, PASSWORD)
    seed.reset(second, PASSWORD)
    assert dump(first) == dump(second)
    assert rendered(first) == rendered(second)


def test_reset_restores_after_changes(tmp_path: Path, fast_hash: None) -> None:
    seed.reset(tmp_path, PASSWORD)
    pristine = dump(tmp_path)
    conn = sqlite3.connect(tmp_path / "agora.sqlite3")
    conn.execute("DELETE FROM annotations")
    conn.commit()
    conn.close()
    (tmp_path / "uploads" / "stray.txt").write_text("x")
    seed.reset(tmp_path, PASSWORD)
    assert dump(tmp_path) == pristine


def test_seeded_users_and_content(data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / "agora.sqlite3")
    users = conn.execute("SELECT username, role, display_name FROM users ORDER BY id").fetchall()
    assert users[:3] == [("claire", "admin", "Claire Dubois"), ("bruno", "member", "Bruno Martin"),
                         ("alice", "member", "Alice Leroy")]
    assert [u[0] for u in users[3:]] == ["david", "emma", "farid"]
    assert conn.execute("SELECT title FROM pages WHERE id = 1").fetchone()[0] == \
        "Charte d'utilisation"
    assert conn.execute("SELECT owner_id FROM groups_ WHERE name = 'Communication interne'"
                        ).fetchone()[0] == 2
    assert conn.execute("SELECT COUNT(*) FROM posts WHERE status = 'draft'").fetchone()[0] == 1
    conn.close()


def test_demo_password_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AGORA_DEMO_PASSWORD", raising=False)
    assert seed.demo_password() == "agora-demo-2026"
    monkeypatch.setenv("AGORA_DEMO_PASSWORD", "autre-secret")
    assert seed.demo_password() == "autre-secret"


def test_serve_in_thread(data_dir: Path) -> None:
    url, stop = serve_in_thread(data_dir, frozen_time=datetime(2026, 3, 2, 9, 30))
    try:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:
            assert response.read() == b"ok"
        with urllib.request.urlopen(url + "/login", timeout=5) as response:
            assert "Connexion à Agora" in response.read().decode()
    finally:
        stop()


@pytest.mark.slow
def test_command_line_prints_url_and_stops_on_sigterm(data_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "agora", "--port", "0", "--data-dir", str(data_dir),
         "--frozen-clock", "2026-03-02T09:30:00"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        match = re.fullmatch(r"Agora listening on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        with urllib.request.urlopen(match.group(1) + "/healthz", timeout=5) as response:
            assert response.status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        assert proc.stdout.read() == ""  # exactly one line on stdout
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert PASSWORD not in (proc.stderr.read() if proc.stderr else "")


@pytest.mark.slow
@pytest.mark.parametrize("stop", ["sigterm", "stdin closed"])
def test_watching_stdin_it_stops_cleanly(data_dir: Path, stop: str) -> None:
    """How Helpwright runs it (`--stop-on-stdin-eof`). The watching thread once held stdin's buffer, so
    Python's exit waited a second for it and aborted: exit status -6, "Fatal Python error" in the log."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "agora", "--port", "0", "--data-dir", str(data_dir), "--stop-on-stdin-eof"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().startswith("Agora listening on http://127.0.0.1:")
        if stop == "sigterm":
            proc.send_signal(signal.SIGTERM)
        else:
            proc.stdin.close()
        status = proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    errors = proc.stderr.read() if proc.stderr else ""
    assert status == 0, errors
    assert "Fatal Python error" not in errors


@pytest.mark.slow
def test_command_line_help() -> None:
    out = subprocess.run([sys.executable, "-m", "agora", "--help"], cwd=ROOT, text=True,
                         capture_output=True, check=True).stdout
    for option in ("--host", "--port", "--data-dir", "--reset", "--frozen-clock", "--base-url"):
        assert option in out


@pytest.mark.slow
def test_command_line_refuses_bad_base_url() -> None:
    done = subprocess.run([sys.executable, "-m", "agora", "--base-url", "agora.example.org"],
                          cwd=ROOT, text=True, capture_output=True, timeout=30, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "--base-url: invalid base URL 'agora.example.org'" in done.stderr
    assert "Traceback" not in done.stderr


def test_copy_is_independent(data_dir: Path, seeded_template: Path) -> None:
    (data_dir / "uploads" / "file-1.pdf").unlink()
    assert (seeded_template / "uploads" / "file-1.pdf").exists()
    shutil.rmtree(data_dir / "uploads")


def test_database_from_an_older_agora_is_upgraded(data_dir: Path) -> None:
    conn = sqlite3.connect(data_dir / "agora.sqlite3")
    conn.execute("ALTER TABLE users DROP COLUMN session_gen")
    conn.commit()
    conn.close()
    client = create_app(data_dir, frozen_time=FROZEN, testing=True).test_client()
    assert login(client, "alice").status_code == 302
    assert client.get("/dashboard").status_code == 200

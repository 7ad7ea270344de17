"""`helpwright serve`: the built site on 127.0.0.1, at the root or under a sub-path."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.errors import HelpwrightError
from builder.outputs.site.serve import serve_in_thread


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "_build" / "site"
    (site / "fr").mkdir(parents=True)
    (site / "index.html").write_text("<meta http-equiv=refresh content='0; url=fr/index.html'>")
    (site / "fr" / "index.html").write_text("<h1>Aide</h1>", encoding="utf-8")
    return site


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_serve_answers_on_loopback_under_a_sub_path_and_nowhere_else(tmp_path: Path) -> None:
    server, url = serve_in_thread(_site(tmp_path), 0, "/help/")
    try:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/help/")
        assert _get(url + "fr/index.html") == (200, "<h1>Aide</h1>")
        assert _get(url)[0] == 200
        root = url.removesuffix("help/")
        assert _get(root + "fr/index.html")[0] == 404
        assert _get(url + "fr/")[0] in (200, 404)  # no directory listing leaks
        assert _get(url + "../../../../etc/hostname")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_serve_refuses_a_folder_without_a_built_site(tmp_path: Path) -> None:
    with pytest.raises(HelpwrightError, match="run `helpwright build` first"):
        serve_in_thread(tmp_path, 0)


@pytest.mark.slow
def test_serve_command_prints_the_url_and_serves(tmp_path: Path) -> None:
    _site(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "builder", "-C", str(tmp_path), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "Serving" in line and "http://127.0.0.1:" in line
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        assert _get(url + "fr/index.html") == (200, "<h1>Aide</h1>")
    finally:
        proc.terminate()
        proc.wait(timeout=10)

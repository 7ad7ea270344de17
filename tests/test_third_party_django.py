"""A platform Helpwright did not write: Django's own admin, captured in fr and en.

The meeting-room site (tests/platforms/django_admin) runs in a subprocess on a free
127.0.0.1 port from a data folder inside a copy of the help project
tests/roots/test-django, so the platform file's reset command (run in the project
folder) puts back the pristine database. Passwords are new random ones every run.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.platforms.django_admin.server import RoomSite, running_room_site

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests" / "roots" / "test-django"
LANGS = ("fr", "en")


@pytest.fixture(scope="module")
def room_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, RoomSite]]:
    """A copy of the Django help project, and the room site serving from its roomsite-data/."""
    project = tmp_path_factory.mktemp("django") / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("roomsite-data*", "screenshots", "_build"))
    with running_room_site(project / "roomsite-data") as site:
        yield project, site


class Browserless:
    """A cookie-keeping HTTP client, enough to use the admin without a browser."""

    def __init__(self, site: RoomSite, lang: str | None = None) -> None:
        self.site = site
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        if lang:
            self.jar.set_cookie(http.cookiejar.Cookie(
                0, "django_language", lang, None, False, "127.0.0.1", False, False, "/", True,
                False, None, False, None, None, {}))

    def get(self, path: str) -> str:
        with self.opener.open(self.site.url + path, timeout=10) as resp:
            return resp.read().decode("utf-8")

    def post(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        req = urllib.request.Request(self.site.url + path, urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, **data}).encode(), headers={"Referer": self.site.url + path})
        with self.opener.open(req, timeout=10) as resp:
            return resp.geturl(), resp.read().decode("utf-8")

    def login(self, user: str) -> str:
        self.get("/admin/login/")
        url, _ = self.post("/admin/login/?next=/admin/", {
            "username": user, "password": self.site.passwords[user], "next": "/admin/"})
        return url


def _lang(page: str) -> str:
    found = re.search(r'<html lang="([a-z-]+)"', page)
    assert found, page[:300]
    return found.group(1)


@pytest.mark.slow
def test_room_site_serves_django_admin_in_french_and_english(room_project: tuple[Path, RoomSite]) -> None:
    _, site = room_project
    fr = Browserless(site, "fr").get("/admin/login/")
    en = Browserless(site, "en").get("/admin/login/")
    assert _lang(fr) == "fr" and "Connexion" in fr and "Nom d’utilisateur" in fr
    assert _lang(en) == "en" and 'value="Log in"' in en and "Username" in en
    # Django's own admin, not a page of ours: its own stylesheet is served.
    with urllib.request.urlopen(site.url + "/static/admin/css/base.css", timeout=10) as resp:
        assert resp.status == 200 and b"django" in resp.read().lower()


@pytest.mark.slow
def test_seeded_users_log_in_with_their_random_passwords(room_project: tuple[Path, RoomSite]) -> None:
    _, site = room_project
    alice = Browserless(site, "fr")
    assert alice.login("alice").endswith("/admin/")
    home = alice.get("/admin/")
    assert 'id="logout-form"' in home and "Réservations" in home
    assert "Utilisateurs" not in home, "alice is staff with limited rights: no user admin"
    claire = Browserless(site, "en")
    claire.login("claire")
    assert "Users" in claire.get("/admin/")
    wrong = Browserless(site, "en")
    wrong.get("/admin/login/")
    _, page = wrong.post("/admin/login/", {"username": "alice", "password": "not-" + site.passwords["alice"]})
    assert 'class="errornote"' in page and 'id="logout-form"' not in page


def _reset_command(project: Path) -> list[str]:
    platform = yaml.safe_load((project / "content" / "platform.yaml").read_text(encoding="utf-8"))
    command = platform["reset"]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


@pytest.mark.slow
def test_reset_command_of_the_platform_file_puts_the_seed_back(room_project: tuple[Path, RoomSite]) -> None:
    project, site = room_project
    alice = Browserless(site, "en")
    alice.login("alice")
    url, page = alice.post("/admin/rooms/booking/add/", {
        "title": "Leaks into the next run", "room": "1", "day": "2026-06-20", "start": "09:00",
        "end": "10:00", "organiser": "Alice Martin", "_save": "Save"})
    assert url.endswith("/admin/rooms/booking/"), page[:500]
    assert "Leaks into the next run" in alice.get("/admin/rooms/booking/")

    subprocess.run(_reset_command(project), cwd=project, check=True)

    listing = alice.get("/admin/rooms/booking/")
    assert "Leaks into the next run" not in listing and "Point budget" in listing
    assert 'id="logout-form"' in listing, "sessions live in a signed cookie: a reset keeps people logged in"


#: the end of every admin page's <title>, in each language (Django's own strings)
ADMIN_TITLE = {"fr": "Site d’administration de Django", "en": "Django site admin"}
SCENARIOS = sorted(p.stem for p in (ROOT / "content" / "scenarios").rglob("*.yaml"))


def _helpwright(project: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (the passwords are in the environment the fixture set)."""
    return subprocess.run([sys.executable, "-m", "builder", "-C", str(project), *args], capture_output=True,
                          text=True, timeout=timeout, check=False)


def _pixels(path: Path) -> bytes:
    from PIL import Image

    with Image.open(path) as img:
        return img.convert("RGB").tobytes()


def _shots(project: Path) -> dict[str, Path]:
    return {str(p.relative_to(project / "screenshots")): p
            for p in sorted((project / "screenshots").rglob("*.png"))}


@pytest.mark.browser
@pytest.mark.slow
def test_capture_every_scenario_in_french_and_english_then_build(room_project: tuple[Path, RoomSite]) -> None:
    project, site = room_project
    assert len(SCENARIOS) >= 6

    first = _helpwright(project, "capture", "--base-url", site.url)
    assert first.returncode == 0, first.stdout[-4000:] + first.stderr[-4000:]
    report = json.loads((project / "_build" / "capture-report.json").read_text(encoding="utf-8"))
    results = {(r["scenario"], r["lang"]): r for r in report["results"]}
    assert set(results) == {(s, lang) for s in SCENARIOS for lang in LANGS}
    assert all(r["status"] == "passed" for r in results.values()), results

    for scenario in SCENARIOS:
        manifests = {lang: json.loads((project / "screenshots" / lang / scenario / "manifest.json")
                                      .read_text(encoding="utf-8")) for lang in LANGS}
        for lang, manifest in manifests.items():
            assert manifest["status"] == "passed" and manifest["lang"] == lang
            assert manifest["base_url"].rstrip("/") == site.url
            # Every shot shows the admin in its language: the page title recorded with each image.
            titles = {image["page"]["title"] for image in manifest["images"]}
            assert titles and all(t.endswith(ADMIN_TITLE[lang]) for t in titles), (scenario, lang, titles)
        # The two languages show two different UIs: no step image is the same in fr and en.
        fr_images = {i["file"]: i for i in manifests["fr"]["images"]}
        for image in manifests["en"]["images"]:
            if image["file"] in fr_images:
                assert _pixels(project / "screenshots" / "fr" / scenario / image["file"]) != \
                    _pixels(project / "screenshots" / "en" / scenario / image["file"]), (scenario, image["file"])
    password_values = set(site.passwords.values())
    for path in (project / "screenshots").rglob("*.json"):
        assert not any(p in path.read_text(encoding="utf-8") for p in password_values), path

    # A second run over the same platform, reset before each scenario, changes no pixel: the two scenarios that
    # write to the database (a booking, an account), one for each persona, in both languages.
    again_ids = ("book-a-room", "add-a-colleague")
    assert set(again_ids) <= set(SCENARIOS)
    before = {name: _pixels(path) for name, path in _shots(project).items() if name.split("/")[1] in again_ids}
    second = _helpwright(project, "capture", "--base-url", site.url, "--only", ",".join(again_ids))
    assert second.returncode == 0, second.stdout[-4000:] + second.stderr[-4000:]
    again = json.loads((project / "_build" / "capture-report.json").read_text(encoding="utf-8"))["results"]
    assert {(r["scenario"], r["lang"]) for r in again} == {(s, lang) for s in again_ids for lang in LANGS}
    assert all(r["status"] in ("passed", "unchanged") and not r.get("pending") for r in again), again
    after = {name: _pixels(path) for name, path in _shots(project).items() if name.split("/")[1] in again_ids}
    assert after.keys() == before.keys() and len(before) > 10
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"a recapture changed {changed}"

    built = _helpwright(project, "build")
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-4000:]
    for lang in LANGS:
        site_dir = project / "_build" / "site" / lang
        pages = {p.stem: p for p in site_dir.rglob("*.html")}
        for scenario in SCENARIOS:
            assert scenario in pages, (lang, scenario, sorted(pages))
            html = pages[scenario].read_text(encoding="utf-8")
            assert f'lang="{lang}"' in html
            assert re.search(r'<img [^>]*src="[^"]*\.(?:webp|png)"', html), (lang, scenario)
    booking = next((project / "_build" / "site" / "fr").rglob("book-a-room.html")).read_text(encoding="utf-8")
    assert "Cliquez sur <strong>Enregistrer</strong>" in booking


@pytest.mark.browser
def test_a_wrong_password_fails_with_what_django_said(room_project: tuple[Path, RoomSite],
                                                       tmp_path: Path) -> None:
    """The capture quotes the platform's own login error, read from `login.error` (`.errornote`)."""
    _, site = room_project
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    (project / "roomsite-data").symlink_to(site.data)   # the reset command's path, in this project too
    env = dict(os.environ, ROOMSITE_ALICE_PASSWORD="not-" + site.passwords["alice"])
    done = subprocess.run([sys.executable, "-m", "builder", "-C", str(project), "capture", "--base-url", site.url,
                           "--only", "find-bookings", "--lang", "en"], capture_output=True, text=True,
                          timeout=300, env=env, check=False)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Please enter the correct username and password for a staff account" in out, out
    assert "Traceback" not in out and site.passwords["alice"] not in out
    assert not (project / "screenshots" / "en" / "find-bookings").exists()


@pytest.mark.browser
@pytest.mark.slow
def test_init_leads_to_a_bilingual_site_for_the_django_admin(room_project: tuple[Path, RoomSite],
                                                              tmp_path: Path) -> None:
    """A new user's path on a platform that is not Agora: init, describe it, capture, build."""
    _, site = room_project
    project = tmp_path / "rooms-help"
    made = _helpwright(project, "init", str(project), "--base-url", site.url, "--languages", "fr,en",
                       "--login-path", "/admin/login/")
    assert made.returncode == 0, made.stdout + made.stderr
    (project / "roomsite-data").symlink_to(site.data)

    # What the worked example of the README changes in the platform file init wrote.
    ours = yaml.safe_load((ROOT / "content" / "platform.yaml").read_text(encoding="utf-8"))
    path = project / "content" / "platform.yaml"
    platform = yaml.safe_load(path.read_text(encoding="utf-8"))
    platform.update(name=ours["name"], personas=ours["personas"], language_switch=ours["language_switch"],
                    reset=ours["reset"], text_masks=ours["text_masks"])
    platform["login"].update(steps=ours["login"]["steps"], check=ours["login"]["check"],
                             error=ours["login"]["error"])
    platform["topics"]["bookings"] = ours["topics"]["bookings"]
    path.write_text(yaml.safe_dump(platform, allow_unicode=True, sort_keys=False), encoding="utf-8")
    scenario = yaml.safe_load((ROOT / "content" / "scenarios" / "bookings" / "book-a-room.yaml")
                              .read_text(encoding="utf-8"))
    scenario.update(audience=["member"], prerequisites=[], related=[])
    made = _helpwright(project, "new", "scenario", "book-a-room", "--topic", "bookings")
    assert made.returncode == 0, made.stdout + made.stderr
    (project / "content" / "scenarios" / "bookings" / "book-a-room.yaml").write_text(
        yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")

    for command in (["check"], ["capture"], ["build"]):
        done = _helpwright(project, *command)
        assert done.returncode == 0, (command, done.stdout[-4000:] + done.stderr[-4000:])
    for lang in LANGS:
        for scenario_id in ("book-a-room", "open-login-page"):
            assert (project / "screenshots" / lang / scenario_id / "result.png").is_file()
            page = project / "_build" / "site" / lang / "scenarios" / f"{scenario_id}.html"
            assert re.search(r'<img [^>]*src="[^"]*\.(?:webp|png)"', page.read_text(encoding="utf-8")), page
    home = (project / "_build" / "site" / "fr" / "index.html").read_text(encoding="utf-8")
    assert "Salles de réunion" in home and "Réservations" in home

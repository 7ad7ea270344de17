"""Hardening: redirects, reset links, session revocation, account probing, CSV export, headers."""
from __future__ import annotations

import csv
import http.client
import io
import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from agora.app import create_app
from agora.server import serve_in_thread

from .conftest import FROZEN, PASSWORD, login, plain, post, text

SESSION_COOKIE = "agora_session"


# -- open redirect after login ---------------------------------------------------------------

HOSTILE_NEXT = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
    "/\t/evil.example", "/\n/evil.example", "/\r/evil.example", " //evil.example",
    "\x00//evil.example", "/\x7f/evil.example", "https://evil.example", "http:/evil.example",
    "HTTPS://evil.example/x", "javascript:alert(1)", "data:text/html,x", "evil.example",
    "\u3000//evil.example", "/\u200b/evil.example", "//evil.example/%2F..", "",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(anon: FlaskClient, target: str) -> None:
    url = "/login?" + urllib.parse.urlencode({"next": target})
    response = post(anon, url, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_login_refuses_encoded_tab_in_raw_query(anon: FlaskClient) -> None:
    # The report's exact request: the tab survives the check, then browsers drop it.
    response = post(anon, "/login?next=/%09/evil.example", {"username": "alice",
                                                              "password": PASSWORD})
    assert response.headers["Location"] == "/dashboard"


# -- reset links come from the configured base URL, never from the Host header ---------------

def outbox_links(admin: FlaskClient) -> list[str]:
    return re.findall(r"https?://[^\s<\"]+/password/reset/[\w-]+", text(admin.get("/admin/outbox")))


def post_as_evil_host(client: FlaskClient, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """POST with a forged Host header (the session cookie follows, as a proxy would pass it)."""
    post(client, "/nowhere")  # make sure the session cookie exists
    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie is not None
    client.set_cookie(SESSION_COOKIE, cookie.value, domain="evil.example")
    response = post(client, url, data, headers={"Host": "evil.example",
                                                "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 302
    return response


def test_reset_link_ignores_host_header(app: Flask, anon: FlaskClient,
                                        claire: FlaskClient) -> None:
    post_as_evil_host(anon, "/password/forgot", {"identifier": "alice"})
    links = outbox_links(claire)
    assert links and all(link.startswith("http://localhost/password/reset/") for link in links)


def test_reset_link_uses_configured_base_url(data_dir: Path) -> None:
    app = create_app(data_dir, frozen_time=FROZEN, testing=True,
                     base_url="https://agora.example.org/intranet/")
    anon, admin = app.test_client(), app.test_client()
    login(admin, "claire")
    post_as_evil_host(anon, "/password/forgot", {"identifier": "alice"})
    post_as_evil_host(admin, "/admin/users/4/password", {"mode": "link"})
    links = outbox_links(admin)
    assert len(links) == 2
    assert all(link.startswith("https://agora.example.org/intranet/password/reset/")
               for link in links)


def test_base_url_must_be_http(data_dir: Path) -> None:
    for bad in ("agora.example.org", "ftp://agora.example.org", "https://", "https://a.b/?x=1"):
        with pytest.raises(ValueError, match="base URL"):
            create_app(data_dir, base_url=bad)


def test_server_links_to_its_own_url_whatever_the_host(data_dir: Path) -> None:
    url, stop = serve_in_thread(data_dir, frozen_time=FROZEN)
    try:
        port = int(url.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

        def request(method: str, path: str, body: str = "", cookie: str = "") -> tuple[int, str, str]:
            headers = {"Host": "evil.example", "Cookie": cookie,
                       "Content-Type": "application/x-www-form-urlencoded"}
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            got = resp.read().decode()
            new = resp.getheader("Set-Cookie") or ""
            return resp.status, got, new.split(";", 1)[0] or cookie

        _, page, cookie = request("GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        status, _, _ = request("POST", "/password/forgot", urllib.parse.urlencode(
            {"identifier": "alice", "csrf_token": token.group(1)}), cookie)
        assert status == 302
    finally:
        stop()
    admin = create_app(data_dir, frozen_time=FROZEN, testing=True).test_client()
    login(admin, "claire")
    links = outbox_links(admin)
    assert links and links[0].startswith(url + "/password/reset/")


# -- sessions end at logout and when the password changes ------------------------------------

def replay(app: Flask, cookie: str) -> FlaskClient:
    """A new browser that presents a copied session cookie."""
    client = app.test_client()
    client.set_cookie(SESSION_COOKIE, cookie)
    return client


def session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie is not None
    return cookie.value


def test_session_cookie_dies_at_logout(app: Flask, alice: FlaskClient) -> None:
    stolen = session_cookie(alice)
    assert replay(app, stolen).get("/dashboard").status_code == 200
    assert post(alice, "/logout").status_code == 302
    assert replay(app, stolen).get("/dashboard").status_code == 302


def test_session_dies_when_admin_resets_password(app: Flask, alice: FlaskClient,
                                                 claire: FlaskClient) -> None:
    stolen = session_cookie(alice)
    response = post(claire, "/admin/users/3/password", {"password": "nouveau-2026",
                                                        "confirm": "nouveau-2026"})
    assert response.status_code == 302
    assert alice.get("/dashboard").status_code == 302
    assert replay(app, stolen).get("/dashboard").status_code == 302
    assert claire.get("/admin/users").status_code == 200  # the admin's own session lives on
    assert login(app.test_client(), "alice", "nouveau-2026").status_code == 302


def test_admin_resetting_own_password_stays_logged_in(app: Flask, claire: FlaskClient) -> None:
    other = app.test_client()
    login(other, "claire")
    post(claire, "/admin/users/1/password", {"password": "nouveau-2026", "confirm": "nouveau-2026"})
    assert claire.get("/admin/users").status_code == 200
    assert other.get("/dashboard").status_code == 302


def test_session_dies_when_password_reset_by_link(app: Flask, alice: FlaskClient,
                                                  claire: FlaskClient, anon: FlaskClient) -> None:
    post(anon, "/password/forgot", {"identifier": "alice"})
    link = outbox_links(claire)[0]
    path = urllib.parse.urlsplit(link).path
    post(anon, path, {"password": "nouveau-mdp-1", "confirm": "nouveau-mdp-1"})
    assert alice.get("/dashboard").status_code == 302


def test_other_users_sessions_survive(app: Flask, alice: FlaskClient,
                                      client_for: Callable[[str], FlaskClient]) -> None:
    bruno = client_for("bruno")
    post(bruno, "/logout")
    assert alice.get("/dashboard").status_code == 200


# -- the login form and avatars do not tell which accounts exist -----------------------------

def answers(client: FlaskClient, username: str, tries: int = 6) -> list[tuple[int, str]]:
    """Status and visible text of each failed login, with the typed name blanked out."""
    seen = []
    for _ in range(tries):
        response = login(client, username, "wrong-password")
        seen.append((response.status_code, plain(response).replace(username, "NAME")))
    return seen


@pytest.mark.parametrize("unknown", ["nobody", "nobody@agora.example"])
def test_failed_logins_look_the_same_for_unknown_accounts(app: Flask, unknown: str) -> None:
    real = answers(app.test_client(), "alice")
    assert "verrouillage du compte : 4" in real[0][1]
    assert real[4][0] == 423 and "Compte verrouillé" in real[4][1]
    assert answers(app.test_client(), unknown) == real


def test_unknown_account_lock_ends_like_a_real_one(app: Flask, anon: FlaskClient) -> None:
    answers(anon, "nobody", tries=5)
    app.config["AGORA_CLOCK"].advance(minutes=15)
    response = login(anon, "nobody", "wrong-password")
    assert response.status_code == 401
    assert "verrouillage du compte : 4" in plain(response)


def test_avatars_need_login(anon: FlaskClient, alice: FlaskClient) -> None:
    known, unknown = anon.get("/avatar/alice"), anon.get("/avatar/nobody")
    assert known.status_code == unknown.status_code == 302
    assert known.location.startswith("/login") and unknown.location.startswith("/login")
    assert alice.get("/avatar/bruno").status_code == 200
    assert alice.get("/avatar/nobody").status_code == 404


# -- the member export cannot carry spreadsheet formulas -------------------------------------

def test_export_neutralises_formulas(alice: FlaskClient, claire: FlaskClient) -> None:
    post(alice, "/profile/edit", {"display_name": "=HYPERLINK(\"http://evil.example\")",
                                  "email": "alice.leroy@agora.example", "job_title": "+33 1 23",
                                  "department": "@SUM(A1)", "lang": ""})
    data = (b"username,display_name,email,job_title,department\n"
            b"mallory,-2+3,mallory@agora.example,-1,=1\n"
            b"safe,Jeanne Doe,jeanne@agora.example,A=B,x-y\n")
    assert post(claire, "/admin/import", {"csv_file": (io.BytesIO(data), "m.csv")}
                ).status_code == 200
    rows = {r["username"]: r for r in csv.DictReader(io.StringIO(
        claire.get("/admin/export.csv").data.decode("utf-8-sig")))}
    assert rows["alice"]["display_name"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows["alice"]["job_title"] == "'+33 1 23"
    assert rows["alice"]["department"] == "'@SUM(A1)"
    assert rows["mallory"]["display_name"] == "'-2+3"
    assert rows["mallory"]["job_title"] == "'-1" and rows["mallory"]["department"] == "'=1"
    assert rows["safe"]["job_title"] == "A=B" and rows["safe"]["department"] == "x-y"
    assert rows["safe"]["created_at"].startswith("2026-03-02")


def test_export_neutralises_tab_and_carriage_return() -> None:
    # Forms and the import trim values, so only the export function itself can be given these.
    from agora.csv_members import export

    body = export([{"username": "u", "display_name": "\tcmd", "email": "\rcmd",
                    "job_title": " =1+1", "department": "ok"}]).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body, newline="")))
    assert row["display_name"] == "'\tcmd" and row["email"] == "'\rcmd"
    assert row["job_title"] == "' =1+1" and row["department"] == "ok"


# -- security headers on every response ------------------------------------------------------

def csp(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    policy = response.headers.get("Content-Security-Policy", "")
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.mark.parametrize("url", ["/login", "/dashboard", "/static/agora.css", "/healthz",
                                 "/nowhere", "/admin/export.csv", "/avatar/alice",
                                 "/files/1/download", "/pages/view/1"])
def test_security_headers_everywhere(claire: FlaskClient, url: str) -> None:
    response = claire.get(url)
    assert response.status_code in (200, 302, 404), url
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = csp(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'none'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    for values in policy.values():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values


PAGES = ["/login", "/password/forgot", "/logout", "/dashboard", "/members", "/groups", "/groups/1",
         "/groups/new", "/blog", "/blog/2", "/blog/new", "/pages", "/pages/view/1",
         "/pages/history/1", "/files", "/files/1", "/files/upload", "/trash", "/profile/alice",
         "/profile/edit", "/settings/notifications", "/admin", "/admin/users", "/admin/import",
         "/admin/outbox", "/admin/users/3/password", "/nowhere"]


def test_pages_need_no_inline_style_or_script(claire: FlaskClient, app: Flask) -> None:
    post(app.test_client(), "/password/forgot", {"identifier": "alice"})  # fill the outbox
    for url in PAGES:
        body = claire.get(url).get_data(as_text=True)
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=|javascript:", body, re.IGNORECASE), url
    anon_page = app.test_client().get("/login").get_data(as_text=True)
    assert " style=" not in anon_page and "<script" not in anon_page

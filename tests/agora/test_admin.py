"""Administration: access, unlock, password reset, CSV import (all or nothing) and export."""
from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient

from .conftest import PASSWORD, login, plain, post, text

ADMIN_PAGES = ["/admin", "/admin/users", "/admin/import", "/admin/export.csv", "/admin/outbox",
               "/admin/users/3/password", "/admin/import/sample.csv"]
HEADER = "username,display_name,email,role,language\n"


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_non_admin_gets_403(alice: FlaskClient, url: str) -> None:
    response = alice.get(url)
    assert response.status_code == 403
    assert "Accès refusé" in text(response)


def test_non_admin_cannot_post_admin_actions(alice: FlaskClient) -> None:
    assert post(alice, "/admin/users/2/unlock").status_code == 403
    assert post(alice, "/admin/users/2/password", {"password": "x" * 10,
                                                  "confirm": "x" * 10}).status_code == 403


def test_anonymous_is_sent_to_login(anon: FlaskClient) -> None:
    response = anon.get("/admin/users")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_admin_pages_open_for_admin(claire: FlaskClient) -> None:
    for url in ADMIN_PAGES:
        assert claire.get(url).status_code == 200, url


def test_unlock_locked_account(anon: FlaskClient, claire: FlaskClient) -> None:
    for _ in range(5):
        login(anon, "alice", "wrong")
    users = plain(claire.get("/admin/users"))
    assert "Verrouillé jusqu'au 2 mars 2026 à 09:45" in users
    response = post(claire, "/admin/users/3/unlock", follow_redirects=True)
    assert "Le compte de Alice Leroy est déverrouillé." in text(response)
    assert login(anon, "alice").status_code == 302


def test_admin_resets_password(anon: FlaskClient, claire: FlaskClient) -> None:
    short = post(claire, "/admin/users/4/password", {"password": "court", "confirm": "court"})
    assert "au moins 8 caractères" in text(short)
    response = post(claire, "/admin/users/4/password", {"password": "nouveau-2026",
                                                        "confirm": "nouveau-2026"},
                    follow_redirects=True)
    assert "Mot de passe de David Moreau réinitialisé." in text(response)
    assert login(anon, "david", PASSWORD).status_code == 401
    assert login(anon, "david", "nouveau-2026").status_code == 302


def test_admin_sends_reset_link(claire: FlaskClient) -> None:
    post(claire, "/admin/users/5/password", {"mode": "link"})
    assert "emma.lefevre@agora.example" in text(claire.get("/admin/outbox"))


def upload_csv(client: FlaskClient, data: bytes):  # type: ignore[no-untyped-def]
    return post(client, "/admin/import", {"csv_file": (io.BytesIO(data), "membres.csv")})


def member_count(client: FlaskClient) -> int:
    return client.get("/admin/export.csv").get_data(as_text=True).count("\n") - 1


def test_import_page_documents_format(claire: FlaskClient) -> None:
    page = text(claire.get("/admin/import"))
    assert "UTF-8" in page and "display_name" in page and "point-virgule" in page
    assert '<label for="csv_file">Fichier CSV</label>' in page


def test_import_valid_file(claire: FlaskClient) -> None:
    before = member_count(claire)
    data = (HEADER + "gmercier,Gaëlle Mercier,gaelle.mercier@agora.example,member,fr\n"
            "tnguyen,Thomas Nguyen,thomas.nguyen@agora.example,,en\n").encode("utf-8")
    response = upload_csv(claire, data)
    assert response.status_code == 200
    assert "2 membre(s) importé(s)." in text(response)
    assert member_count(claire) == before + 2
    assert "Gaëlle Mercier" in text(claire.get("/members"))
    assert "gaelle.mercier@agora.example" in text(claire.get("/admin/outbox"))


def test_import_semicolons_and_bom(claire: FlaskClient) -> None:
    data = ("\ufeffusername;display_name;email\njdoe;Jeanne Doe;jeanne.doe@agora.example\n"
            ).encode("utf-8")
    assert "1 membre(s) importé(s)." in text(upload_csv(claire, data))


def test_import_rejects_latin1(claire: FlaskClient) -> None:
    before = member_count(claire)
    data = (HEADER + "gmercier,Gaëlle Mercier,gaelle.mercier@agora.example,member,fr\n"
            ).encode("latin-1")
    response = upload_csv(claire, data)
    assert response.status_code == 400
    page = plain(response)
    assert "Ligne 2" in page and "n'est pas encodé en UTF-8" in page
    assert "Aucun membre n'a été importé" in page
    assert member_count(claire) == before


def test_import_missing_column(claire: FlaskClient) -> None:
    response = upload_csv(claire, b"username,email\njdoe,jeanne@agora.example\n")
    page = plain(response)
    assert "Ligne 1" in page and "manquante(s) : display_name" in page


def test_import_reports_every_bad_row_and_imports_nothing(claire: FlaskClient) -> None:
    before = member_count(claire)
    data = (HEADER
            + "ok1,Personne Valide,ok1@agora.example,member,fr\n"      # line 2: fine
            + "bad1,Mauvais Mail,pas-un-email,member,fr\n"            # line 3: bad e-mail
            + "alice,Alice Bis,alice.bis@agora.example,member,fr\n"   # line 4: existing user
            + "ok1,Doublon,doublon@agora.example,member,fr\n"         # line 5: repeated in file
            + "ok2,Autre,ok1@agora.example,admin,de\n"                # line 6: email twice, lang
            ).encode("utf-8")
    response = upload_csv(claire, data)
    assert response.status_code == 400
    page = plain(response)
    assert "Ligne 3 Adresse e-mail « pas-un-email » invalide." in page
    assert "Ligne 4 L'identifiant « alice » existe déjà dans Agora." in page
    assert "Ligne 5 L'identifiant « ok1 » apparaît déjà ligne 2." in page
    assert "Ligne 6 L'adresse « ok1@agora.example » apparaît déjà ligne 2." in page
    assert "Ligne 6 Langue « de » inconnue" in page
    assert "Ligne 2 " not in page
    assert "4 ligne(s) en erreur" in page
    assert member_count(claire) == before
    assert "Personne Valide" not in text(claire.get("/members"))


def test_import_errors_in_english(claire: FlaskClient) -> None:
    claire.get("/admin/import?lang=en")
    page = plain(upload_csv(claire, (HEADER + "x y,Bad,bad@agora.example,,\n").encode()))
    assert "Line 2 Invalid username “x y”" in page
    assert "No member was imported." in page


def test_export_members_csv(claire: FlaskClient) -> None:
    response = claire.get("/admin/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert claire.get("/admin/import/sample.csv").headers["Content-Type"] == \
        "text/csv; charset=utf-8"
    body = response.data.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("username,display_name,email,role")
    assert "emma,Emma Lefèvre,emma.lefevre@agora.example,member" in body
    assert "password" not in body

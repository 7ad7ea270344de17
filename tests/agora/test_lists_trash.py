"""Display order remembered per user, and the 30-day trash."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from .conftest import plain, post, text


def order_of(page: str, *titles: str) -> list[str]:
    return sorted(titles, key=page.index)


def test_display_order_is_remembered_per_user(alice: FlaskClient, client_for) -> None:  # type: ignore[no-untyped-def]
    newest = plain(alice.get("/pages"))
    assert order_of(newest, "Charte d'utilisation", "Planning du projet Intranet 2026") == [
        "Planning du projet Intranet 2026", "Charte d'utilisation"]
    alpha = plain(alice.get("/pages?sort=alpha"))
    assert order_of(alpha, "Charte d'utilisation", "Getting started with Agora",
                    "Modèle de compte rendu de réunion") == [
        "Charte d'utilisation", "Getting started with Agora", "Modèle de compte rendu de réunion"]
    # Remembered on the next visit without ?sort=, and shown as selected.
    again = text(alice.get("/pages"))
    assert '<option value="alpha" selected>' in again
    assert order_of(plain(alice.get("/pages")), "Charte d'utilisation",
                    "Planning du projet Intranet 2026")[0] == "Charte d'utilisation"
    # Per list and per user.
    assert '<option value="newest" selected>' in text(alice.get("/blog"))
    assert '<option value="newest" selected>' in text(client_for("bruno").get("/pages"))


def test_oldest_and_accents_in_members(alice: FlaskClient) -> None:
    oldest = plain(alice.get("/members?sort=oldest"))
    assert order_of(oldest, "Claire Dubois", "Farid Benali") == ["Claire Dubois", "Farid Benali"]
    alpha = plain(alice.get("/members?sort=alpha"))
    names = ["Alice Leroy", "Bruno Martin", "Claire Dubois", "David Moreau", "Emma Lefèvre",
             "Farid Benali"]
    assert order_of(alpha, *names) == names


def test_deleted_page_goes_to_trash_and_is_restored(alice: FlaskClient) -> None:
    response = post(alice, "/pages/new", {"title": "À supprimer", "body": "Texte."})
    page_id = response.location.rsplit("/", 1)[1]
    post(alice, f"/pages/{page_id}/delete")
    assert alice.get(f"/pages/view/{page_id}").status_code == 404
    assert "À supprimer" in plain(alice.get("/trash"))
    response = post(alice, f"/trash/page/{page_id}/restore", follow_redirects=True)
    assert "« À supprimer » a été restauré." in text(response)
    assert alice.get(f"/pages/view/{page_id}").status_code == 200


def test_restore_refused_after_thirty_days(app: Flask, alice: FlaskClient) -> None:
    response = post(alice, "/blog/new", {"title": "Éphémère", "body": "x", "action": "publish"})
    post_id = response.location.rsplit("/", 1)[1]
    post(alice, f"/blog/{post_id}/delete")
    app.config["AGORA_CLOCK"].advance(days=30)
    assert "Restaurer « Éphémère »" in text(alice.get("/trash"))  # still on the 30th day
    app.config["AGORA_CLOCK"].advance(minutes=1)
    trash = plain(alice.get("/trash"))
    assert "Délai de 30 jours dépassé" in trash
    response = post(alice, f"/trash/post/{post_id}/restore", follow_redirects=True)
    assert "plus de 30 jours" in text(response)
    assert alice.get(f"/blog/{post_id}").status_code == 404


def test_seeded_trash(alice: FlaskClient, client_for) -> None:  # type: ignore[no-untyped-def]
    trash = plain(alice.get("/trash"))
    assert "Ancienne procédure d'accueil" in trash
    assert "Ancien organigramme" not in trash  # Bruno's
    bruno_trash = plain(client_for("bruno").get("/trash"))
    assert "Ancien organigramme" in bruno_trash and "Délai de 30 jours dépassé" in bruno_trash


def test_only_owner_or_admin_restores(alice: FlaskClient, claire: FlaskClient,
                                      client_for) -> None:  # type: ignore[no-untyped-def]
    # Page 6 is Alice's, in the trash since 3 days.
    assert post(client_for("bruno"), "/trash/page/6/restore").status_code == 403
    assert "Ancienne procédure d'accueil" in plain(claire.get("/trash"))
    assert post(claire, "/trash/page/6/restore").status_code == 302
    assert alice.get("/pages/view/6").status_code == 200

"""Group owners' tools: the group's display order, invitations, and moderating comments."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from agora.db import db_path, migrate

from .conftest import plain, post, text

# Seeded: group 1 "Communication interne" is Bruno's; post 2 is his, in that group, with
# comments by Emma, Alice and an off-topic one by Farid; post 7 is Emma's, in that group, newer;
# Emma invited Alice to group 3.
GROUP_PAGE = "/groups/1"
POST = "/blog/2"
FARID_SAYS = "je vends mon vélo de ville"


def titles_in(page: str, testid: str) -> list[str]:
    section = page.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0]
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<a href="/[^"]+">(.*?)</a>', section)]


def comment_id(page: str, author: str) -> str:
    """The id in the delete form whose button names this author."""
    forms = re.findall(r'/comments/(\d+)/delete"(.*?)</form>', page, re.DOTALL)
    found = [cid for cid, form in forms if f"Supprimer le commentaire de {author}" in form]
    assert found, f"no delete button for {author}'s comment"
    return found[0]


# --- display order chosen by the owner -------------------------------------------------------

def test_owner_orders_the_group_page_for_every_member(client_for: Callable[[str], FlaskClient],
                                                      alice: FlaskClient) -> None:
    bruno = client_for("bruno")
    assert titles_in(text(alice.get(GROUP_PAGE)), "group-posts") == [
        "Semaine de la qualité de vie au travail : le programme",
        "Retour sur le séminaire d'équipe de février"]  # newest first until the owner chooses
    post(bruno, "/blog/new", {"title": "Agenda de mars", "body": "Texte.", "group_id": "1",
                              "action": "publish"})
    assert titles_in(text(alice.get(GROUP_PAGE)), "group-posts")[0] == "Agenda de mars"
    form = text(bruno.get("/groups/1/edit"))
    assert "Ordre d'affichage dans le groupe" in form and 'value="newest" selected' in form
    response = post(bruno, "/groups/1/edit", {"name": "Communication interne", "description": "D.",
                                              "content_order": "alpha"}, follow_redirects=True)
    assert "Groupe enregistré." in text(response)
    # Alice, a member, sees the owner's order, whatever her own list preferences.
    assert titles_in(text(alice.get(GROUP_PAGE)), "group-posts") == [
        "Agenda de mars", "Retour sur le séminaire d'équipe de février",
        "Semaine de la qualité de vie au travail : le programme"]
    post(bruno, "/groups/1/edit", {"name": "Communication interne", "content_order": "oldest"})
    assert titles_in(text(alice.get(GROUP_PAGE)), "group-posts")[0] == \
        "Retour sur le séminaire d'équipe de février"
    assert 'value="oldest" selected' in text(bruno.get("/groups/1/edit"))


def test_unknown_order_keeps_the_current_one_and_members_cannot_change_it(
        client_for: Callable[[str], FlaskClient], alice: FlaskClient) -> None:
    bruno = client_for("bruno")
    post(bruno, "/groups/1/edit", {"name": "Communication interne", "content_order": "alpha"})
    post(bruno, "/groups/1/edit", {"name": "Communication interne", "content_order": "random()"})
    assert 'value="alpha" selected' in text(bruno.get("/groups/1/edit"))
    assert post(alice, "/groups/1/edit", {"name": "X", "content_order": "oldest"}).status_code == 403


def test_a_new_group_takes_the_order_from_its_form(client_for: Callable[[str], FlaskClient]) -> None:
    bruno = client_for("bruno")
    response = post(bruno, "/groups/new", {"name": "Ateliers", "content_order": "alpha"})
    assert 'value="alpha" selected' in text(bruno.get(response.location + "/edit"))


def test_older_databases_gain_the_order_column(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE groups_ (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                 "description TEXT NOT NULL DEFAULT '', owner_id INTEGER NOT NULL, "
                 "created_at TEXT NOT NULL)")
    conn.execute("INSERT INTO groups_ VALUES (1, 'Ancien', '', 1, '2026-01-01T00:00:00')")
    conn.commit()
    conn.close()
    migrate(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT content_order FROM groups_").fetchone() == ("newest",)
    conn.close()


# --- invitations ------------------------------------------------------------------------------

def test_owner_invites_a_member_who_accepts(client_for: Callable[[str], FlaskClient],
                                            claire: FlaskClient) -> None:
    bruno, farid = client_for("bruno"), client_for("farid")
    page = text(bruno.get(GROUP_PAGE))
    assert 'data-testid="group-invite"' in page
    choices = page.split('id="invite-user"', 1)[1].split("</select>", 1)[0]
    assert "Farid Benali" in choices and "David Moreau" in choices
    assert "Alice Leroy" not in choices  # already a member
    response = post(bruno, "/groups/1/invite", {"user_id": "6"}, follow_redirects=True)
    assert "Invitation envoyée à Farid Benali." in text(response)
    assert "Farid Benali" in titles_or_text(text(response), "pending-invites")
    outbox = text(claire.get("/admin/outbox"))
    assert "farid.benali@agora.example" in outbox and "Communication interne" in outbox
    assert "Bruno Martin vous invite à rejoindre le groupe" in outbox
    dashboard = text(farid.get("/dashboard"))
    assert 'data-testid="my-invitations"' in dashboard and "Invitation de Bruno Martin" in dashboard
    response = post(farid, "/groups/1/invitation/accept", follow_redirects=True)
    assert "Vous avez rejoint le groupe « Communication interne »." in text(response)
    assert 'data-testid="my-invitations"' not in text(farid.get("/dashboard"))
    assert "Farid Benali a rejoint le groupe Communication interne" in plain(farid.get("/dashboard"))
    assert post(farid, "/groups/1/invitation/accept").status_code == 404  # answered already


def titles_or_text(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"', 1)[1].split("</ul>", 1)[0]


def test_invitee_declines_the_seeded_invitation(alice: FlaskClient) -> None:
    dashboard = text(alice.get("/dashboard"))
    assert "Qualité & Méthodes" in titles_or_text(dashboard, "my-invitations")
    assert 'aria-label="Refuser l\'invitation au groupe Qualité & Méthodes"' in dashboard
    response = post(alice, "/groups/3/invitation/decline", follow_redirects=True)
    assert "Vous avez refusé l'invitation au groupe « Qualité & Méthodes »." in text(response)
    assert 'data-testid="my-invitations"' not in text(response)
    assert "Rejoindre" in text(alice.get("/groups/3"))  # still not a member


def test_joining_answers_the_invitation(alice: FlaskClient) -> None:
    post(alice, "/groups/3/join")
    assert 'data-testid="my-invitations"' not in text(alice.get("/dashboard"))


def test_only_the_owner_or_an_admin_invites(client_for: Callable[[str], FlaskClient],
                                            alice: FlaskClient, claire: FlaskClient) -> None:
    assert 'data-testid="group-invite"' not in text(alice.get(GROUP_PAGE))
    assert post(alice, "/groups/1/invite", {"user_id": "6"}).status_code == 403
    response = post(claire, "/groups/1/invite", {"user_id": "4"}, follow_redirects=True)
    assert "Invitation envoyée à David Moreau." in text(response)


def test_inviting_a_member_twice_or_nobody_is_refused(client_for: Callable[[str], FlaskClient]) -> None:
    bruno = client_for("bruno")
    response = post(bruno, "/groups/1/invite", {"user_id": "3"}, follow_redirects=True)
    assert "Alice Leroy fait déjà partie du groupe ou a déjà été invité." in text(response)
    post(bruno, "/groups/1/invite", {"user_id": "6"})
    response = post(bruno, "/groups/1/invite", {"user_id": "6"}, follow_redirects=True)
    assert "Farid Benali fait déjà partie du groupe" in text(response)
    response = post(bruno, "/groups/1/invite", {"user_id": "999"}, follow_redirects=True)
    assert "Choisissez un membre à inviter." in text(response)
    assert text(bruno.get(GROUP_PAGE)).count("Farid Benali") >= 1


def test_invitation_mail_follows_the_invitee_language(client_for: Callable[[str], FlaskClient],
                                                      claire: FlaskClient) -> None:
    farid = client_for("farid")
    farid.get("/dashboard?lang=en")  # saves English as Farid's language
    post(client_for("bruno"), "/groups/1/invite", {"user_id": "6"})
    assert "Bruno Martin invites you to join the group “Communication interne”" in \
        text(claire.get("/admin/outbox"))


# --- moderating comments ----------------------------------------------------------------------

def test_group_owner_deletes_an_off_topic_comment(client_for: Callable[[str], FlaskClient],
                                                  alice: FlaskClient) -> None:
    bruno = client_for("bruno")
    page = text(bruno.get(POST))
    assert FARID_SAYS in page
    assert 'aria-label="Supprimer le commentaire de Farid Benali"' in page
    response = post(bruno, f"/blog/2/comments/{comment_id(page, 'Farid Benali')}/delete",
                    follow_redirects=True)
    assert "Commentaire supprimé." in text(response)
    assert FARID_SAYS not in text(alice.get(POST))
    assert "Les photos seront-elles partagées ?" in text(alice.get(POST))


def test_the_owner_of_the_group_moderates_a_post_he_did_not_write(
        client_for: Callable[[str], FlaskClient], alice: FlaskClient) -> None:
    response = post(alice, "/blog/new", {"title": "Question RH", "body": "Texte.", "group_id": "1",
                                         "action": "publish"})
    url = response.location
    post(client_for("farid"), url + "/comment", {"body": "Hors sujet"})
    bruno = client_for("bruno")
    page = text(bruno.get(url))
    assert post(bruno, url + f"/comments/{comment_id(page, 'Farid Benali')}/delete").status_code == 302
    assert "Hors sujet" not in text(alice.get(url))


def test_members_delete_only_their_own_comments(client_for: Callable[[str], FlaskClient],
                                                alice: FlaskClient) -> None:
    page = text(alice.get(POST))
    assert 'Supprimer le commentaire de Farid Benali' not in page
    assert 'aria-label="Supprimer le commentaire de Alice Leroy"' in page
    bruno_page = text(client_for("bruno").get(POST))
    farid_comment = comment_id(bruno_page, "Farid Benali")
    assert post(alice, f"/blog/2/comments/{farid_comment}/delete").status_code == 403
    own = comment_id(page, "Alice Leroy")
    assert post(alice, f"/blog/2/comments/{own}/delete").status_code == 302
    assert "Les photos seront-elles partagées ?" not in text(alice.get(POST))


def test_admin_moderates_any_comment_and_ids_must_match_the_post(claire: FlaskClient) -> None:
    page = text(claire.get(POST))
    farid_comment = comment_id(page, "Farid Benali")
    assert post(claire, f"/blog/1/comments/{farid_comment}/delete").status_code == 404
    assert post(claire, f"/blog/2/comments/{farid_comment}/delete").status_code == 302
    assert FARID_SAYS not in text(claire.get(POST))


# --- page history -----------------------------------------------------------------------------

def test_restoring_a_version_names_it_as_the_history_does(client_for: Callable[[str], FlaskClient],
                                                          claire: FlaskClient) -> None:
    # Page 4 (David's planning) has two versions; their database ids are not 1 and 2.
    history = text(claire.get("/pages/history/4"))
    first = re.findall(r"/pages/history/4\?rev=(\d+)", history)[-1]
    assert first != "1"
    response = post(claire, f"/pages/history/4/restore/{first}", follow_redirects=True)
    assert "Version rétablie." in text(response)
    assert "Version 1 rétablie" in text(claire.get("/pages/history/4"))


# --- handing a group over ----------------------------------------------------------------------

def test_an_administrator_hands_a_group_over_to_one_of_its_members(
        client_for: Callable[[str], FlaskClient], claire: FlaskClient, alice: FlaskClient) -> None:
    bruno = client_for("bruno")
    # Only administrators see the choice; the owner's own form has none.
    assert 'name="owner_id"' not in text(bruno.get("/groups/1/edit"))
    form = text(claire.get("/groups/1/edit"))
    assert "Animé par" in form and 'name="owner_id"' in form
    options = {name: value for value, name in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', form)}
    assert "Alice Leroy" in options, options
    # A user who is not a member is refused, and nothing changes.
    outsider = next(v for v in range(1, 50) if str(v) not in options.values())
    refused = post(claire, "/groups/1/edit", {"name": "Communication interne", "owner_id": str(outsider)})
    assert "Choisissez un membre du groupe pour l'animer." in text(refused)
    assert "Animé par Bruno" in text(alice.get(GROUP_PAGE))
    # A member may be picked: the group is then hers, and Bruno may leave it.
    post(claire, "/groups/1/edit", {"name": "Communication interne", "owner_id": options["Alice Leroy"]})
    assert "Animé par Alice Leroy" in text(alice.get(GROUP_PAGE))
    assert 'name="name"' in text(alice.get("/groups/1/edit"))
    assert bruno.get("/groups/1/edit").status_code == 403
    left = post(bruno, "/groups/1/leave", follow_redirects=True)
    assert "Le propriétaire ne peut pas quitter son groupe." not in text(left)
    members = text(alice.get(GROUP_PAGE)).split('data-testid="group-members"', 1)[1].split("</section>", 1)[0]
    assert "Alice Leroy" in members and "Bruno Martin" not in members
    # A member cannot hand over a group, even by crafting the form.
    post(alice, "/groups/1/edit", {"name": "Communication interne", "owner_id": options["Bruno Martin"]})
    assert "Animé par Alice Leroy" in text(alice.get(GROUP_PAGE))

"""Wiki pages, annotations, blog, groups, files, profiles and per-object access control."""
from __future__ import annotations

import io
import re

from flask.testing import FlaskClient

from agora.seed import samples

from .conftest import plain, post, text


def test_dashboard_shows_activity_stream(alice: FlaskClient) -> None:
    page = text(alice.get("/dashboard"))
    assert 'data-testid="activity-stream"' in page
    assert "Farid Benali a publié l'article" in plain(alice.get("/dashboard"))
    assert "Communication interne" in page  # my groups


def test_members_and_profile(alice: FlaskClient) -> None:
    assert "Emma Lefèvre" in text(alice.get("/members"))
    profile = text(alice.get("/profile/bruno"))
    assert "Bruno Martin" in profile and "Chargé de communication" in profile
    assert alice.get("/profile/nobody").status_code == 404


def test_profile_edit_with_avatar_upload(alice: FlaskClient) -> None:
    response = post(alice, "/profile/edit", {
        "display_name": "Alice Leroy", "email": "alice.leroy@agora.example",
        "job_title": "Responsable RH", "lang": "",
        "avatar": (io.BytesIO(samples.png(40, 30)), "moi.png")})
    assert response.status_code == 302
    assert "Responsable RH" in text(alice.get("/profile/alice"))
    avatar = alice.get("/avatar/alice")
    assert avatar.mimetype == "image/png" and avatar.data.startswith(b"\x89PNG")
    bad = post(alice, "/profile/edit", {"display_name": "Alice Leroy",
                                        "email": "alice.leroy@agora.example",
                                        "avatar": (io.BytesIO(b"not an image"), "x.png")})
    assert "n'est pas une image reconnue" in text(bad)


def test_generated_avatar_is_deterministic_svg(alice: FlaskClient) -> None:
    first, second = alice.get("/avatar/bruno"), alice.get("/avatar/bruno")
    assert first.mimetype == "image/svg+xml" and first.data == second.data
    assert b">BM<" in first.data


def test_wiki_create_edit_history(alice: FlaskClient) -> None:
    response = post(alice, "/pages/new", {"title": "Astreintes", "body": "Première version."})
    assert response.status_code == 302
    page_url = response.location
    page_id = page_url.rsplit("/", 1)[1]
    post(alice, f"/pages/edit/{page_id}", {"title": "Astreintes", "body": "Deuxième version.",
                                           "summary": "Précisions"})
    assert "Deuxième version." in text(alice.get(page_url))
    history = text(alice.get(f"/pages/history/{page_id}"))
    assert "Précisions" in history and "2 versions" in history


def test_stable_charter_page(alice: FlaskClient) -> None:
    page = text(alice.get("/pages/view/1"))
    assert "<h1>Charte d'utilisation</h1>" in page
    assert "3 versions" in text(alice.get("/pages/history/1"))


def test_annotation_flow(alice: FlaskClient, client_for) -> None:  # type: ignore[no-untyped-def]
    form = text(alice.get("/pages/view/1?annotate=1"))
    assert 'id="annotation-form"' in form and '<label for="note-body">Votre note</label>' in form
    response = post(alice, "/pages/1/annotate", {"quote": "Respect", "body": "Ajouter un exemple."})
    assert "Note publiée." in text(alice.get(response.location))
    note_id = re.findall(r'id="note-(\d+)"', text(alice.get("/pages/view/1")))[1]  # newest open
    # Another member sees the note and marks it resolved.
    bruno = client_for("bruno")
    page = text(bruno.get("/pages/view/1"))
    assert "Ajouter un exemple." in page
    response = post(bruno, f"/pages/1/annotations/{note_id}/resolve", follow_redirects=True)
    assert "Note marquée comme résolue." in text(response)
    assert "Résolue par Bruno Martin" in plain(alice.get("/pages/view/1"))


def test_annotation_limited_to_group_members(client_for) -> None:  # type: ignore[no-untyped-def]
    farid = client_for("farid")  # not in "Qualité & Méthodes", which holds page 5
    assert "Seuls les membres du groupe" in text(farid.get("/pages/view/5"))
    assert post(farid, "/pages/5/annotate", {"body": "x"}).status_code == 403


def test_blog_draft_publish_comment(alice: FlaskClient, client_for) -> None:  # type: ignore[no-untyped-def]
    response = post(alice, "/blog/new", {"title": "Mon brouillon", "body": "Texte.",
                                         "action": "draft"})
    post_url = response.location
    post_id = post_url.rsplit("/", 1)[1]
    bruno = client_for("bruno")
    assert bruno.get(post_url).status_code == 404  # drafts are private
    assert "Mon brouillon" not in text(bruno.get("/blog"))
    assert "Brouillon" in text(alice.get(post_url))
    response = post(alice, f"/blog/{post_id}/publish", follow_redirects=True)
    assert "Article publié." in text(response)
    response = post(bruno, f"/blog/{post_id}/comment", {"body": "Bravo !"}, follow_redirects=True)
    assert "Commentaire publié." in text(response) and "Bravo !" in text(response)
    assert "Alice Leroy a publié l'article Mon brouillon" in plain(bruno.get("/dashboard"))


def test_blog_publish_directly(alice: FlaskClient) -> None:
    response = post(alice, "/blog/new", {"title": "Direct", "body": "Texte.", "action": "publish"},
                    follow_redirects=True)
    assert "Article publié." in text(response)


def test_output_is_escaped(alice: FlaskClient) -> None:
    response = post(alice, "/blog/new", {"title": "<script>alert(1)</script>", "body": "**gras** <b>",
                                         "action": "publish"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page and "<strong>gras</strong> &lt;b&gt;" in page


def test_groups_create_join_leave(alice: FlaskClient, client_for) -> None:  # type: ignore[no-untyped-def]
    response = post(alice, "/groups/new", {"name": "Club lecture", "description": "Livres"})
    group_url = response.location
    group_id = group_url.rsplit("/", 1)[1]
    assert "Propriétaire" in text(alice.get(group_url))
    farid = client_for("farid")
    response = post(farid, f"/groups/{group_id}/join", follow_redirects=True)
    assert "Vous avez rejoint le groupe « Club lecture »." in text(response)
    response = post(farid, f"/groups/{group_id}/leave", follow_redirects=True)
    assert "Vous avez quitté le groupe" in text(response)
    response = post(alice, f"/groups/{group_id}/leave", follow_redirects=True)
    assert "Le propriétaire ne peut pas quitter" in text(response)
    assert post(alice, "/groups/new", {"name": "club LECTURE"}).status_code == 200  # name taken


def test_group_page_lists_its_content(alice: FlaskClient) -> None:
    page = text(alice.get("/groups/1"))
    assert "Retour sur le séminaire d'équipe de février" in page
    assert "Idées pour la lettre" not in page  # a draft
    assert "Logo Agora" in page and "Bruno Martin" in page


def test_file_upload_list_download(alice: FlaskClient) -> None:
    data = samples.pdf("Note", ["Bonjour"])
    response = post(alice, "/files/upload", {"title": "Ma note", "file": (io.BytesIO(data),
                                                                         "note.pdf")})
    assert response.status_code == 302
    file_id = response.location.rsplit("/", 1)[1]
    assert "Ma note" in text(alice.get("/files"))
    download = alice.get(f"/files/{file_id}/download")
    assert download.data == data
    assert "attachment" in download.headers["Content-Disposition"]


def test_file_upload_refusals(alice: FlaskClient) -> None:
    refused = post(alice, "/files/upload", {"file": (io.BytesIO(b"MZ..."), "outil.exe")})
    assert refused.status_code == 400 and "n'est pas accepté" in text(refused)
    fake = post(alice, "/files/upload", {"file": (io.BytesIO(b"hello"), "faux.pdf")})
    assert "ne correspond pas à son extension" in text(fake)
    big = post(alice, "/files/upload", {"file": (io.BytesIO(b"a" * (1024 * 1024 + 1)), "gros.txt")})
    assert "dépasse la taille maximale" in text(big)
    huge = post(alice, "/files/upload", {"file": (io.BytesIO(b"a" * (9 * 1024 * 1024)), "x.txt")})
    assert huge.status_code == 413


def test_members_cannot_edit_others_content(alice: FlaskClient) -> None:
    # Blog post 2 is Bruno's, page 1 and file 1 are Claire's.
    assert alice.get("/blog/2/edit").status_code == 403
    assert post(alice, "/blog/2/edit", {"title": "x", "body": "y"}).status_code == 403
    assert post(alice, "/blog/2/delete").status_code == 403
    assert alice.get("/pages/edit/1").status_code == 403
    assert post(alice, "/pages/edit/1", {"title": "x", "body": "y"}).status_code == 403
    assert post(alice, "/pages/1/delete").status_code == 403
    assert alice.get("/files/1/edit").status_code == 403
    assert post(alice, "/files/1/delete").status_code == 403
    assert alice.get("/groups/1/edit").status_code == 403
    assert "Charte d'utilisation" in text(alice.get("/pages/view/1"))


def test_admin_may_edit_any_content(claire: FlaskClient) -> None:
    assert claire.get("/blog/2/edit").status_code == 200


def test_notification_settings_saved(alice: FlaskClient) -> None:
    page = text(alice.get("/settings/notifications"))
    assert 'id="notify-comment"' in page and "checked" in page
    response = post(alice, "/settings/notifications", {"annotation": "1", "frequency": "weekly"},
                    follow_redirects=True)
    page = text(response)
    assert "Paramètres de notification enregistrés." in page
    assert 'id="notify-comment" name="comment" value="1" >' in page
    assert 'value="weekly" selected' in page

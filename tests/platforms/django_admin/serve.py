#!/usr/bin/env python3
"""Run the meeting-room site (Django's own admin) on 127.0.0.1, from a data folder.

    python serve.py seed  --data DIR    # migrate, seed users, rooms and bookings; keep a pristine copy
    python serve.py serve --data DIR [--port N]    # serve; prints "Room site listening on URL"
    python serve.py reset --data DIR    # put the pristine database back (what platform.yaml's reset runs)

The data folder holds ``db.sqlite3``, its pristine copy ``base.sqlite3`` and the
compiled French labels. Passwords come from the environment, never from a file:
ROOMSITE_ALICE_PASSWORD and ROOMSITE_CLAIRE_PASSWORD. Dates are fixed, so two seeds
give the same pages.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DB, BASE = "db.sqlite3", "base.sqlite3"

#: username -> (first name, last name, password variable, superuser)
USERS = {
    "alice": ("Alice", "Martin", "ROOMSITE_ALICE_PASSWORD", False),
    "claire": ("Claire", "Dubois", "ROOMSITE_CLAIRE_PASSWORD", True),
}
#: what alice, a staff member, may do: bookings in full, rooms read-only
ALICE_PERMISSIONS = ["view_booking", "add_booking", "change_booking", "delete_booking", "view_meetingroom"]
ROOMS = [  # name, floor, capacity, projector
    ("Atelier", 0, 20, True),
    ("Bureau calme", 3, 2, False),
    ("Salle Bleue", 2, 12, True),
    ("Salle Verte", 1, 8, False),
]
BOOKINGS = [  # title, room, day, start, end, organiser
    ("Réunion d'équipe", "Salle Verte", "2026-06-08", "09:30", "10:30", "Alice Martin"),
    ("Point budget", "Salle Bleue", "2026-06-09", "14:00", "15:00", "Claire Dubois"),
    ("Formation des nouveaux arrivants", "Atelier", "2026-06-10", "09:00", "12:00", "Claire Dubois"),
    ("Entretien annuel", "Bureau calme", "2026-06-10", "16:00", "17:00", "Alice Martin"),
    ("Comité de pilotage", "Salle Bleue", "2026-06-12", "10:00", "12:00", "Claire Dubois"),
    ("Atelier design", "Salle Verte", "2026-06-15", "13:30", "15:30", "Alice Martin"),
]


def _django(data: Path) -> None:
    os.environ["ROOMSITE_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roomsite.settings")
    sys.path.insert(0, str(HERE))
    import django

    django.setup()


def _compile_labels(data: Path) -> None:
    """Compile rooms/locale/*.po into data/locale/ (Babel comes with Sphinx; no msgfmt needed)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (HERE / "rooms" / "locale").glob("*/LC_MESSAGES/django.po"):
        lang = po.parent.parent.name
        out = data / "locale" / lang / "LC_MESSAGES" / "django.mo"
        out.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as src:
            catalog = read_po(src, locale=lang)
        with out.open("wb") as dst:
            write_mo(dst, catalog)


def seed(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    for name in (DB, BASE):
        (data / name).unlink(missing_ok=True)
    _compile_labels(data)
    _django(data)
    import datetime

    from django.contrib.auth.models import Permission, User
    from django.core.management import call_command
    from rooms.models import Booking, MeetingRoom

    call_command("migrate", verbosity=0, interactive=False)
    for username, (first, last, env, superuser) in USERS.items():
        password = os.environ.get(env)
        if not password:
            raise SystemExit(f"serve.py: set {env} to {username}'s password")
        user = User.objects.create_user(username, f"{username}@example.org", password,
                                        first_name=first, last_name=last, is_staff=True,
                                        is_superuser=superuser)
        if not superuser:
            user.user_permissions.set(Permission.objects.filter(codename__in=ALICE_PERMISSIONS))
    rooms = {name: MeetingRoom.objects.create(name=name, floor=floor, capacity=capacity, has_projector=projector)
             for name, floor, capacity, projector in ROOMS}
    for title, room, day, start, end, organiser in BOOKINGS:
        Booking.objects.create(title=title, room=rooms[room], day=datetime.date.fromisoformat(day),
                               start=datetime.time.fromisoformat(start), end=datetime.time.fromisoformat(end),
                               organiser=organiser)
    from django.db import connections

    connections.close_all()
    shutil.copyfile(data / DB, data / BASE)


def reset(data: Path) -> None:
    """Put the pristine database back in one step (a reader never sees half a file)."""
    tmp = data / (DB + ".restore")
    shutil.copyfile(data / BASE, tmp)
    os.replace(tmp, data / DB)


def serve(data: Path, port: int) -> None:
    import socketserver
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    _django(data)
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    class Server(socketserver.ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if str(code)[:1] == "5":
                super().log_request(code, size)

    httpd = make_server("127.0.0.1", port, StaticFilesHandler(get_wsgi_application()),
                        server_class=Server, handler_class=Quiet)
    print(f"Room site listening on http://127.0.0.1:{httpd.server_port}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["seed", "serve", "reset"])
    parser.add_argument("--data", type=Path, required=True, help="data folder (database, labels)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    if args.command == "seed":
        seed(data)
    elif args.command == "reset":
        reset(data)
    else:
        serve(data, args.port)


if __name__ == "__main__":
    main()

"""The demo data set: a small French company (with some English-speaking staff) using Agora.

Times are offsets before REFERENCE, never the wall clock, so every reset is identical.
"""
from __future__ import annotations

from datetime import datetime, timedelta

REFERENCE = datetime(2026, 3, 2, 9, 30, 0)


def ago(days: float = 0, hours: float = 0, minutes: float = 0) -> str:
    """REFERENCE minus the offset. Whole-day offsets land at a fixed, varied office hour
    (08:00-17:00) so that not every seeded event happens at exactly 09:30."""
    if not hours and not minutes and days >= 1:
        day = (REFERENCE - timedelta(days=days)).replace(hour=8, minute=0)
        return (day + timedelta(minutes=(int(days) * 53) % 540)).isoformat()
    return (REFERENCE - timedelta(days=days, hours=hours, minutes=minutes)).isoformat()


# username, display name, role, e-mail, job title, department, bio, created
USERS = [
    ("claire", "Claire Dubois", "admin", "claire.dubois@agora.example", "Responsable de l'intranet",
     "Direction des systèmes d'information",
     "J'anime Agora et j'accompagne les équipes dans la prise en main de l'outil.", ago(120)),
    ("bruno", "Bruno Martin", "member", "bruno.martin@agora.example", "Chargé de communication",
     "Communication", "Je coordonne la communication interne et la lettre d'information mensuelle.",
     ago(110)),
    ("alice", "Alice Leroy", "member", "alice.leroy@agora.example", "Assistante RH",
     "Ressources humaines", "Questions sur les congés, l'accueil ou la formation ? Écrivez-moi.",
     ago(90)),
    ("david", "David Moreau", "member", "david.moreau@agora.example", "Chef de projet",
     "Direction des systèmes d'information", "Je pilote le projet Intranet 2026.", ago(80)),
    ("emma", "Emma Lefèvre", "member", "emma.lefevre@agora.example", "Responsable qualité",
     "Qualité", "Processus, modèles de documents et amélioration continue.", ago(60)),
    ("farid", "Farid Benali", "member", "farid.benali@agora.example", "IT support technician",
     "Support informatique", ("Based in the Lyon office. I answer support questions in English "
     "and French."), ago(45)),
]

# name, description, owner (user id), created, member ids
GROUPS = [
    ("Communication interne", ("Actualités de l'entreprise, lettre d'information et événements "
     "internes."), 2, ago(100), [2, 1, 3, 5]),
    ("Projet Intranet 2026", ("Pilotage du déploiement de l'intranet : planning, décisions et "
     "comptes rendus."), 4, ago(75), [4, 1, 6, 3]),
    ("Qualité & Méthodes", "Procédures, modèles de documents et retours d'expérience.", 5, ago(50),
     [5, 4]),
]

# group id, invited user id, invited by (user id), when: invitations still waiting for an answer
GROUP_INVITES = [
    (3, 3, 5, ago(1)),
]

# author, group, title, body, status, created, published, comments [(author, body, created)]
POSTS = [
    (1, None, "Bienvenue sur Agora, notre nouvel intranet",
     ("Agora remplace l'ancien portail documentaire. Vous y retrouvez l'actualité de l'entreprise, "
     "les groupes de travail, le wiki et les fichiers partagés.\n\n## Par où commencer ?\n\n"
     "- Complétez votre profil et ajoutez une photo.\n- Rejoignez les groupes de votre service.\n"
     "- Lisez la **Charte d'utilisation** dans le wiki.\n\nBonne découverte à toutes et à tous !"),
     "published", ago(30), ago(30), [(3, "Merci Claire, l'outil est très clair !", ago(29))]),
    (2, 1, "Retour sur le séminaire d'équipe de février",
     ("Merci à toutes et à tous pour votre participation au séminaire du 12 février à Annecy.\n\n"
     "Les supports des ateliers sont disponibles dans l'espace Fichiers du groupe. Le prochain "
     "séminaire aura lieu en septembre."),
     "published", ago(14), ago(14),
     [(5, "Très bonne organisation, merci Bruno.", ago(13)),
      (3, "Les photos seront-elles partagées ?", ago(12)),
      # off topic, with a phone number: what a group owner moderates
      (6, ("Hors sujet, désolé : je vends mon vélo de ville, 80 €. Intéressés ? Appelez-moi au "
           "06 12 34 56 78."), ago(11))]),
    (4, 2, "Intranet 2026 : le calendrier du lancement",
     ("Le déploiement se fera en trois vagues : la DSI et la communication en mars, les services "
     "support en avril, puis l'ensemble des sites en mai.\n\nChaque vague commence par un atelier "
     "de prise en main d'une heure."), "published", ago(9), ago(9), []),
    (3, None, "Nouvelle procédure de notes de frais",
     ("À partir du 1er mars, les notes de frais se déclarent en ligne. Joignez vos justificatifs "
     "au format PDF ; les originaux papier ne sont plus demandés."),
     "published", ago(4), ago(4), []),
    (6, None, "IT support desk: what's new this quarter",
     ("The support desk now answers chat requests from 8 am to 6 pm. Password resets can be "
     "requested from the login page: the link is sent to your mailbox.\n\nPlease keep including "
     "a screenshot when you report a problem."), "published", ago(2), ago(2), []),
    (2, 1, "Idées pour la lettre d'information de mars",
     ("Pistes : portrait de l'équipe qualité, retour sur le séminaire, agenda des ateliers "
     "Agora."), "draft", ago(1), None, []),
    # a second post in Bruno's group, so the group's display order shows on its page
    (5, 1, "Semaine de la qualité de vie au travail : le programme",
     ("Du 16 au 20 mars : ateliers posture, pauses actives et conférence sur le sommeil. "
     "Inscriptions auprès du service communication."), "published", ago(6), ago(6), []),
]

# author, group, title, revisions [(author, body, summary, created)], deleted (days ago) or None
CHARTER_V1 = ("Cette charte fixe les règles d'usage d'Agora, l'intranet collaboratif de "
              "l'entreprise.\n\n## Respect et courtoisie\n\nLes échanges restent professionnels "
              "et bienveillants.")
CHARTER_V2 = CHARTER_V1 + ("\n\n## Confidentialité\n\nNe publiez pas de données personnelles "
                           "de clients ni d'informations classées confidentielles.")
CHARTER_V3 = CHARTER_V2 + (
    "\n\n## Fichiers partagés\n\nLes fichiers déposés doivent être utiles au travail de "
    "l'équipe. Formats acceptés : PDF, images, documents bureautiques et textes.\n\n"
    "## Besoin d'aide ?\n\n- Consultez l'aide en ligne depuis le menu.\n"
    "- Écrivez à l'équipe intranet : intranet@agora.example.")
PAGES = [
    (1, None, "Charte d'utilisation", [
        (1, CHARTER_V1, "Première version", ago(60)),
        (1, CHARTER_V2, "Ajout de la section Confidentialité", ago(40)),
        (1, CHARTER_V3, "Fichiers partagés et contacts", ago(12)),
    ], None),
    (1, None, "Getting started with Agora", [
        (1, ("Welcome! This page helps English-speaking colleagues find their way around Agora."
            "\n\n## First steps\n\n- Choose English in your profile, or use the EN switch at the "
            "top of every page.\n- Join the groups of your team.\n- Follow the activity stream "
            "on your dashboard."), "First version", ago(35)),
    ], None),
    (3, None, "Procédure de demande de congés", [
        (3, ("Les demandes de congés se font au moins deux semaines à l'avance.\n\n## Étapes\n\n"
            "- Remplissez le formulaire dans l'outil RH.\n- Votre responsable valide sous 48 h.\n"
            "- Vous recevez une confirmation par e-mail."), "Première version", ago(25)),
    ], None),
    (4, 2, "Planning du projet Intranet 2026", [
        (4, "## Jalons\n\n- Mars : DSI et communication.\n- Avril : services support.",
         "Première version", ago(20)),
        (4, ("## Jalons\n\n- Mars : DSI et communication.\n- Avril : services support.\n"
            "- Mai : tous les sites.\n\n## Contacts\n\nDavid Moreau (chef de projet), "
            "Claire Dubois (administratrice)."), "Ajout de la vague de mai", ago(6)),
    ], None),
    (5, 3, "Modèle de compte rendu de réunion", [
        (5, ("## Structure\n\n- Participants et excusés.\n- Décisions prises.\n"
            "- Actions, responsables et échéances."), "Première version", ago(15)),
    ], None),
    (3, None, "Ancienne procédure d'accueil", [
        (3, "Cette procédure est remplacée par le parcours d'accueil en ligne.",
         "Première version", ago(70)),
    ], 3),
]

# page id, author, quote, body, created, resolved (by, created) or None
ANNOTATIONS = [
    (1, 4, "Formats acceptés", "Faut-il préciser la taille maximale des fichiers ?", ago(10),
     (1, ago(9))),
    (1, 3, "intranet@agora.example", "Cette adresse renvoie une erreur, pouvez-vous vérifier ?",
     ago(3), None),
]

# owner, group, title, description, filename, kind, created, deleted (days ago) or None
FILES = [
    (1, None, "Charte d'utilisation (PDF)", "Version imprimable de la charte.",
     "charte-utilisation.pdf", "pdf", ago(12), None),
    (2, 1, "Logo Agora", "Bandeau pour les présentations internes.", "bandeau-agora.png", "png",
     ago(11), None),
    (4, 2, "Compte rendu de la réunion de lancement", "Réunion du 9 février.",
     "compte-rendu-lancement.txt", "txt", ago(8), None),
    (2, 1, "Ancien organigramme", "Organigramme 2024, remplacé.", "organigramme-2024.pdf", "pdf",
     ago(90), 40),
]

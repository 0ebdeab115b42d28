"""The suite's modules, with the functional words the club uses for them."""

from cercle.glossary.models import Term

MODULES = [
    ("Combo", "portail", "Portail usagers et agents : pages, cellules, tableaux de bord."),
    ("w.c.s.", "démarches en ligne", "Formulaires, workflows et traitement des demandes."),
    ("Authentic", "connexion", "Comptes usagers et agents, FranceConnect, annuaire."),
    ("Passerelle", "connecteurs", "Connexion aux logiciels métiers et aux API publiques."),
    ("Chrono", "agendas", "Prise de rendez-vous et réservation de ressources."),
    ("Lingo", "facturation", "Paiement en ligne, factures et régies."),
    ("Hobo", "déploiement", "Orchestration des services et thème graphique."),
    ("Fargo", "porte-documents", "Documents déposés et réutilisés par les usagers."),
    ("Welco", "guichet multicanal", "Accueil physique, téléphonique et courrier."),
    ("Bijoe", "statistiques", "Tableaux et cubes statistiques."),
    ("Corbo", "lettre d'information", "Annonces et diffusion par courriel et SMS."),
]


def load(*, stdout):
    for name, synonym, description in MODULES:
        Term.objects.update_or_create(
            slug=name.lower().replace(".", ""),
            defaults={"name": name, "synonym": synonym, "description": description},
        )
    stdout.write(f"  glossary terms: {Term.objects.count()}")
    return []

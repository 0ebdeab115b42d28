"""~60 believable requests across modules and statuses, with endorsements, +1s and comments."""

import random

from django.contrib.auth import get_user_model

from cercle.glossary.models import Term
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Membership, Organisation
from cercle.requests import services
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

TITLES = [
    ("Pouvoir dupliquer une démarche avec ses workflows", ["wcs"]),
    ("Prévisualiser un formulaire sur mobile avant publication", ["wcs"]),
    ("Relancer automatiquement l'usager quand une pièce manque", ["wcs"]),
    ("Exporter les demandes au format tableur avec les pièces jointes", ["wcs"]),
    ("Signer électroniquement un document généré par un workflow", ["wcs", "passerelle"]),
    ("Pré-remplir l'adresse depuis la Base adresse nationale", ["wcs", "passerelle"]),
    ("Afficher le délai moyen de traitement sur le portail", ["combo", "wcs"]),
    ("Tableau de bord agent : filtrer par service et par échéance", ["combo"]),
    ("Personnaliser la page d'accueil du portail par quartier", ["combo"]),
    ("Rendre les cellules du portail conformes au RGAA", ["combo"]),
    ("Afficher les actualités de la commune sur le portail usager", ["combo", "corbo"]),
    ("Connexion FranceConnect+ pour les démarches sensibles", ["authentic"]),
    ("Fusionner deux comptes usagers créés par erreur", ["authentic"]),
    ("Double authentification pour les agents", ["authentic"]),
    ("Connexion des agents avec l'annuaire de la collectivité", ["authentic"]),
    ("Supprimer automatiquement les comptes inactifs (RGPD)", ["authentic"]),
    ("Connecteur avec le logiciel d'état civil", ["passerelle"]),
    ("Connecteur API Particulier pour le quotient familial", ["passerelle", "lingo"]),
    ("Connecteur avec le parapheur électronique", ["passerelle"]),
    ("Journal des appels aux connecteurs consultable par les agents", ["passerelle"]),
    ("Connecteur SIG pour localiser un signalement sur carte", ["passerelle", "wcs"]),
    ("Réserver un créneau en mairie pour les passeports", ["chrono"]),
    ("Liste d'attente sur les agendas de rendez-vous", ["chrono"]),
    ("Réservation des salles municipales par les associations", ["chrono"]),
    ("Rappel SMS la veille d'un rendez-vous", ["chrono", "corbo"]),
    ("Gérer les fermetures exceptionnelles des agendas", ["chrono"]),
    ("Inscription à la restauration scolaire avec réservation des repas", ["chrono", "lingo"]),
    ("Paiement en plusieurs fois des factures périscolaires", ["lingo"]),
    ("Régie : rapprochement automatique des paiements PayFiP", ["lingo"]),
    ("Avoirs et remboursements sur le compte famille", ["lingo"]),
    ("Facture unique pour tous les services d'une famille", ["lingo"]),
    ("Tarification au quotient familial calculée automatiquement", ["lingo"]),
    ("Thème graphique : respecter la charte de la collectivité sans développement", ["hobo"]),
    ("Mutualiser une instance entre plusieurs communes d'une intercommunalité", ["hobo"]),
    ("Porte-documents : réutiliser un justificatif de domicile récent", ["fargo", "wcs"]),
    ("Porte-documents : date d'expiration des pièces justificatives", ["fargo"]),
    ("Guichet : enregistrer un courrier papier scanné comme une demande", ["welco", "wcs"]),
    ("Accueil téléphonique : retrouver l'historique d'un usager", ["welco"]),
    ("Statistiques des démarches par canal de dépôt", ["bijoe", "wcs"]),
    ("Exporter les statistiques vers la plateforme open data", ["bijoe"]),
    ("Cube statistique sur les rendez-vous honorés et manqués", ["bijoe", "chrono"]),
    ("Lettre d'information : désinscription en un clic", ["corbo"]),
    ("Envoyer une alerte SMS aux habitants d'un quartier", ["corbo"]),
    ("Traduire les démarches en anglais et en espagnol", ["wcs", "combo"]),
    ("Champ de saisie d'IBAN avec vérification", ["wcs"]),
    ("Joindre une photo prise depuis le téléphone sans la réduire", ["wcs"]),
    ("Workflow : délégation temporaire pendant les congés d'un agent", ["wcs"]),
    ("Historique des modifications d'une démarche publiée", ["wcs"]),
    ("Anonymiser les demandes anciennes selon la durée de conservation", ["wcs"]),
    ("Carte des signalements voirie visible par les usagers", ["combo", "wcs"]),
    ("Recherche plein texte dans les demandes traitées", ["wcs"]),
    ("Notifications aux agents regroupées en un courriel quotidien", ["wcs"]),
    ("Prise de rendez-vous par téléphone saisie par l'accueil", ["chrono", "welco"]),
    ("Afficher les horaires d'ouverture des équipements", ["combo"]),
    ("Éditeur de documents PDF à partir de modèles LibreOffice", ["wcs"]),
    ("Compte famille : ajouter un enfant sans passer par l'accueil", ["combo", "lingo"]),
    ("Démarches pour les entreprises avec le numéro SIRET", ["wcs", "passerelle", "authentic"]),
    ("Dupliquer une démarche avec ses workflows et ses modèles", ["wcs"]),
]

PROBLEM = (
    "Aujourd'hui les agents contournent le manque en ressaisissant les informations à la main, "
    "ce qui provoque des erreurs et des délais pour les usagers.\n\n"
    "Nous avons besoin d'une solution **intégrée** plutôt que de développements spécifiques."
)
AFFECTED = ["les agents du service population", "toutes les familles inscrites", "l'accueil"]
FREQUENCY = ["environ 300 fois par mois", "à chaque rentrée scolaire", "tous les jours"]
COST = ["2 jours-agent par mois", "une ressaisie complète de chaque dossier", "des appels répétés"]
BENEFIT = (
    "Moins de ressaisie, un délai de traitement divisé par deux et des usagers mieux informés."
)
COMMENTS = [
    "Nous avons le même besoin à l'accueil, avec environ 50 cas par semaine.",
    "Est-ce que cela pourrait aussi couvrir les démarches des associations ?",
    "Un contournement existe avec un workflow spécifique, mais il est fragile.",
]


def _referent(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.REFERENT)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load(*, stdout):
    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    if ImprovementRequest.objects.exists():
        stdout.write(f"  requests: {ImprovementRequest.objects.count()} (kept)")
        return []
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    members = list(Organisation.objects.exclude(kind=OrganisationKind.VENDOR).order_by("pk"))
    modules = {term.slug: term for term in Term.objects.all()}
    people = list(get_user_model().objects.filter(is_staff=False).order_by("pk"))
    created = []
    for index, (title, slugs) in enumerate(TITLES):
        organisation = members[index % len(members)]
        author = _referent(organisation)
        improvement = services.create_draft(
            author=author,
            organisation=organisation,
            data={
                "title": title,
                "problem": PROBLEM,
                "affected": AFFECTED[index % 3],
                "frequency": FREQUENCY[index % 3],
                "current_cost": COST[index % 3],
                "expected_benefit": BENEFIT,
            },
            modules=[modules[s] for s in slugs if s in modules],
        )
        if index % 15 == 14:
            created.append(improvement)
            continue  # a few drafts stay unfinished
        improvement = services.submit(improvement=improvement, actor=author)
        others = [m for m in members if m != organisation]
        endorsers = rng.sample(others, k=rng.choice([0, 1, 1, 2, 2, 3, 4, 5]))
        for endorser in endorsers:
            referent = _referent(endorser)
            if referent:
                services.endorse(
                    improvement=improvement,
                    organisation=endorser,
                    person=referent,
                    use_case=f"{endorser.name} : même besoin, {rng.choice(FREQUENCY)}.",
                )
        for person in rng.sample(people, k=rng.randint(0, 6)):
            services.toggle_support(improvement=improvement, person=person)
        for body in rng.sample(COMMENTS, k=rng.randint(0, 2)):
            services.add_comment(improvement=improvement, author=rng.choice(people), body=body)
        created.append(improvement)
    filed = [r for r in created if r.status != Status.DRAFT]
    for improvement in filed[:3]:
        services.ask_question(
            improvement=improvement,
            actor=staff,
            question="Pouvez-vous préciser le volume annuel et les services concernés ?",
        )
    for improvement, status in zip(
        filed[3:9],
        [
            Status.RETAINED,
            Status.COSTED,
            Status.FUNDED,
            Status.IN_PROGRESS,
            Status.DELIVERED,
            Status.DECLINED,
        ],
        strict=True,
    ):
        services.change_status(
            improvement=improvement,
            actor=staff,
            status=status,
            reason="Décision du comité de suivi du club.",
        )
    duplicate, kept = created[-1], created[0]
    services.merge(
        duplicate=duplicate, into=kept, actor=staff, reason="Même besoin que la demande initiale."
    )
    stdout.write(f"  requests: {ImprovementRequest.objects.count()}")
    return []

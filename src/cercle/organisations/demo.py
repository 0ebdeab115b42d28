"""Demo organisations and people: a vendor, its staff, and ~30 collectivités of every kind."""

import random
from datetime import date
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from cercle.organisations.enums import OrganisationKind as Kind
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation

PASSWORD = "cercle-demo"  # noqa: S105 - published demo password, printed by `manage.py demo`

VENDOR = ("Logiciel Commun SCOP", Kind.VENDOR, None)

MEMBERS = [
    ("Ville de Villejuif", Kind.COMMUNE, 55_900),
    ("Toulouse Métropole", Kind.EPCI, 810_000),
    ("Métropole de Lyon", Kind.EPCI, 1_430_000),
    ("Ville de Montpellier", Kind.COMMUNE, 302_000),
    ("Ville d'Alfortville", Kind.COMMUNE, 37_400),
    ("Ville de Nancy", Kind.COMMUNE, 104_000),
    ("Ville de Strasbourg", Kind.COMMUNE, 291_000),
    ("Eurométropole de Strasbourg", Kind.EPCI, 510_000),
    ("Ville de Saint-Étienne", Kind.COMMUNE, 173_000),
    ("Grand Chambéry", Kind.EPCI, 141_000),
    ("Communauté d'agglomération du Pays Basque", Kind.EPCI, 320_000),
    ("Ville de Fontenay-sous-Bois", Kind.COMMUNE, 53_000),
    ("Ville de Vincennes", Kind.COMMUNE, 49_000),
    ("Ville de Meyzieu", Kind.COMMUNE, 35_000),
    ("Ville d'Arles", Kind.COMMUNE, 51_000),
    ("Ville de Quimper", Kind.COMMUNE, 63_000),
    ("Ville de Plouzané", Kind.COMMUNE, 13_000),
    ("Commune de Saint-Lunaire", Kind.COMMUNE, 2_600),
    ("Département de la Haute-Garonne", Kind.DEPARTEMENT, 1_450_000),
    ("Département des Hauts-de-Seine", Kind.DEPARTEMENT, 1_630_000),
    ("Département de la Loire-Atlantique", Kind.DEPARTEMENT, 1_460_000),
    ("Département du Doubs", Kind.DEPARTEMENT, 545_000),
    ("Région Occitanie", Kind.REGION, 6_000_000),
    ("Région Bretagne", Kind.REGION, 3_400_000),
    ("Syndicat intercommunal Mégalis Bretagne", Kind.SYNDICAT, None),
    ("SITIV — Syndicat intercommunal des technologies de l'information", Kind.SYNDICAT, None),
    ("Syndicat mixte Val-de-Marne Numérique", Kind.SYNDICAT, None),
    ("Centre de gestion de la fonction publique du Rhône", Kind.OTHER_PUBLIC, None),
    ("CCAS de Villejuif", Kind.OTHER_PUBLIC, None),
    ("Atelier Numérique Public (intégrateur)", Kind.INTEGRATOR, None),
]

FIRST_NAMES = [
    "Anaïs",
    "Benoît",
    "Camille",
    "Chloé",
    "Damien",
    "Élodie",
    "Émilie",
    "François",
    "Gaëlle",
    "Hélène",
    "Hugo",
    "Inès",
    "Jérôme",
    "Julie",
    "Karim",
    "Laëtitia",
    "Léa",
    "Lucas",
    "Manon",
    "Mathieu",
    "Nadia",
    "Nicolas",
    "Océane",
    "Pauline",
    "Quentin",
    "Sébastien",
    "Sophie",
    "Thomas",
    "Valérie",
    "Yannick",
    "Zoé",
    "Jean-Philippe",
    "Marie-Claire",
    "Aurélien",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Le Gall",
    "Nguyen",
    "Benali",
    "Kerhervé",
]


def siren_for(index: int) -> str:
    """A syntactically valid (Luhn) SIREN starting with 2, as public bodies' do."""
    base = f"2{index:07d}"
    for check in range(10):
        candidate = base + str(check)
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable: one check digit always fits")


@cache
def _password_hash() -> str:
    # Hashing is deliberately slow: hash the shared demo password once, not per person.
    return make_password(PASSWORD)


def _person(email: str, name: str, *, staff: bool = False):
    user, _ = get_user_model().objects.get_or_create(
        email=email,
        defaults={"display_name": name, "is_staff": staff, "password": _password_hash()},
    )
    return user


def _join(user, organisation, role):
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})


def _organisation(index, name, kind, population):
    organisation, _ = Organisation.objects.get_or_create(
        slug=slugify(name)[:200],
        defaults={
            "name": name,
            "kind": kind,
            "population": population,
            "siren": siren_for(index) if kind != Kind.INTEGRATOR else "",
            "member_since": date(2015 + index % 10, 1 + index % 12, 1),
        },
    )
    return organisation


def load(*, stdout):
    rng = random.Random(12)  # noqa: S311 - reproducible demo data, not security
    vendor = _organisation(0, *VENDOR)
    staff_names = ["Anaïs Morel", "Frédéric Péters", "Marie Kerhervé"]
    for name in staff_names:
        email = slugify(name).replace("-", ".") + "@editeur.demo.test"
        _join(_person(email, name, staff=True), vendor, Role.REFERENT)

    organisations = [_organisation(index, *member) for index, member in enumerate(MEMBERS, start=1)]
    for organisation in organisations:
        base = organisation.slug[:30].strip("-")
        for number in range(rng.randint(2, 4)):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            role = Role.REFERENT if number == 0 else Role.AGENT
            _join(_person(f"{role}{number}.{base}@demo.test", name), organisation, role)

    # People who belong to two organisations: a city and its IT syndicate, a city and its CCAS.
    by_slug = {organisation.slug: organisation for organisation in organisations}
    villejuif_agent = _person("agent1.ville-de-villejuif@demo.test", "Hélène Léveillé")
    _join(villejuif_agent, by_slug["ccas-de-villejuif"], Role.AGENT)
    fontenay_referent = _person("referent0.ville-de-fontenay-sous-bois@demo.test", "Karim Benali")
    _join(fontenay_referent, by_slug["syndicat-mixte-val-de-marne-numerique"], Role.AGENT)
    stdout.write(f"  organisations: {Organisation.objects.count()}")
    return [
        ("anais.morel@editeur.demo.test", "vendor staff (back office)"),
        ("referent0.ville-de-villejuif@demo.test", "référent, Ville de Villejuif"),
        ("agent1.ville-de-villejuif@demo.test", "agent, Villejuif and its CCAS"),
        ("referent0.toulouse-metropole@demo.test", "référent, Toulouse Métropole"),
    ]

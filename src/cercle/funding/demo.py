"""Costed items with pledges at every stage (one fully funded), and the vendor's own roadmap."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from cercle.funding import services
from cercle.funding.enums import Label, MilestoneKind, PledgeStatus, RoadmapStatus, SharingRule
from cercle.funding.models import CostedItem, Milestone, RoadmapItem
from cercle.glossary.models import Term
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation
from cercle.requests.enums import Status
from cercle.requests.models import ImprovementRequest

DAILY_RATE = 75_000  # 750.00 € excl. VAT

VENDOR_ITEMS = [
    ("Passage à Django 5.2 LTS de toute la suite", "hobo", RoadmapStatus.DELIVERED, 2026, 1, 40),
    (
        "Refonte de l'accessibilité des formulaires (RGAA)",
        "wcs",
        RoadmapStatus.IN_PROGRESS,
        2026,
        4,
        25,
    ),
    (
        "Prise en charge des dépréciations de dépendances",
        "passerelle",
        RoadmapStatus.PLANNED,
        2027,
        1,
        15,
    ),
    ("Nouveau moteur de recherche des demandes agents", "wcs", RoadmapStatus.PLANNED, 2027, 2, 20),
]
SINGLE_CLIENT = [
    ("Connecteur vers le logiciel de cimetières", "passerelle", "ville-de-montpellier", 2026, 4, 8),
    ("Tableau de bord des élus", "combo", "toulouse-metropole", 2027, 1, 12),
]
MILESTONES = [
    (
        "Eocamp de printemps : préparation de la feuille de route",
        MilestoneKind.WORKSHOP,
        (3, 16),
        (3, 20),
    ),
    ("Campagne de vote sur les développements mutualisés", MilestoneKind.OTHER, (5, 4), (6, 9)),
    ("Session en ligne trimestrielle", MilestoneKind.SESSION, (9, 24), None),
    (
        "Eocamp d'automne : chiffrage des développements retenus",
        MilestoneKind.WORKSHOP,
        (10, 12),
        (10, 16),
    ),
    ("Date limite des bons de commande", MilestoneKind.DEADLINE, (12, 15), None),
]


def _referent(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.REFERENT)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _retained(limit: int):
    retained = list(
        ImprovementRequest.objects.filter(status=Status.RETAINED).order_by("pk")[:limit]
    )
    return retained


def _cost_and_pledge(staff, improvement, *, days, stages):
    services.record_estimate(
        improvement=improvement,
        days=Decimal(days),
        daily_rate_cents=DAILY_RATE,
        assumptions="Développement, tests, documentation et mise en production.",
        actor=staff,
    )
    item = CostedItem.objects.get(request=improvement)
    services.set_sharing(
        item=item,
        rule=SharingRule.PRO_RATA if days > 10 else SharingRule.EQUAL,
        participants=list(item.participants.filter(population__isnull=False))
        or list(item.participants.all()),
        actor=staff,
    )
    shares = services.suggested_shares(item)
    participants = Organisation.objects.in_bulk(list(shares))
    for (organisation_id, share), stage in zip(shares.items(), stages, strict=False):
        organisation = participants[organisation_id]
        referent = _referent(organisation)
        if referent is None:
            continue
        pledge = services.pledge(
            item=item, organisation=organisation, person=referent, amount_cents=share.cents
        )
        path = {
            PledgeStatus.INTENDED: [],
            PledgeStatus.COMMITTED: [PledgeStatus.COMMITTED],
            PledgeStatus.INVOICED: [PledgeStatus.COMMITTED, PledgeStatus.INVOICED],
            PledgeStatus.PAID: [PledgeStatus.COMMITTED, PledgeStatus.INVOICED, PledgeStatus.PAID],
        }[stage]
        for target in path:
            services.transition_pledge(
                pledge=pledge,
                to_status=target,
                actor=staff,
                po_number=f"BC-2026-{organisation_id:04d}",
                po_date=date(2026, 11, 2),
            )
    item.pledge_deadline = date(2026, 12, 15)
    item.save(update_fields=["pledge_deadline"])
    return item


def load(*, stdout):
    if CostedItem.objects.exists():
        stdout.write(f"  costed items: {CostedItem.objects.count()} (kept)")
        return []
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    retained = _retained(4)
    plans = [
        (12, [PledgeStatus.PAID] * 20),  # every share committed or further: funded
        (20, [PledgeStatus.COMMITTED, PledgeStatus.INVOICED, PledgeStatus.INTENDED]),
        (8, [PledgeStatus.INTENDED, PledgeStatus.COMMITTED]),
        (30, []),
    ]
    for improvement, (days, stages) in zip(retained, plans, strict=False):
        _cost_and_pledge(staff, improvement, days=days, stages=stages)
    terms = {term.slug: term for term in Term.objects.all()}
    # Funded items joined the roadmap by themselves; give them their tracker ticket.
    RoadmapItem.objects.filter(label=Label.MUTUALISED).update(
        tracker_url="https://suivi.editeur.example/issues/4242"
    )
    for title, module, status, year, quarter, days in VENDOR_ITEMS:
        entry = RoadmapItem.objects.create(
            title=title,
            label=Label.VENDOR,
            status=status,
            year=year,
            quarter=quarter,
            days=days,
            release_notes_url="https://editeur.example/notes/"
            if status == RoadmapStatus.DELIVERED
            else "",
        )
        entry.modules.set([terms[module]] if module in terms else [])
    for title, module, client, year, quarter, days in SINGLE_CLIENT:
        entry = RoadmapItem.objects.create(
            title=title,
            label=Label.SINGLE_CLIENT,
            year=year,
            quarter=quarter,
            days=days,
            client=Organisation.objects.filter(slug=client).first(),
        )
        entry.modules.set([terms[module]] if module in terms else [])
    for year in (2026, 2027):
        for title, kind, start, end in MILESTONES:
            Milestone.objects.get_or_create(
                title=title,
                starts_on=date(year, *start),
                defaults={"kind": kind, "ends_on": date(year, *end) if end else None},
            )
    stdout.write(
        f"  costed items: {CostedItem.objects.count()}, roadmap: {RoadmapItem.objects.count()}"
    )
    return []

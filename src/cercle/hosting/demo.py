"""The call that chose Toulouse to host the 13th meeting by a club vote, its handover from
Villejuif (12th), a couple of working documents, and an open call for the 14th edition."""

import io
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from cercle.hosting import services
from cercle.hosting.enums import DEFAULT_CRITERIA, DocumentVisibility
from cercle.hosting.models import Answer, Candidacy, HostingCall, Question
from cercle.meetings.models import PARIS, Meeting
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership, Organisation
from cercle.votes import permissions as vote_permissions
from cercle.votes import services as vote_services
from cercle.votes.models import Ballot, BallotVersion, Campaign

CANDIDATES = {
    "toulouse-metropole": [
        "Auditorium de 250 places et quatre salles d'atelier de 20 à 40 places.",
        "Bâtiment de plain-pied, boucle magnétique dans l'auditorium.",
        "Régie audiovisuelle interne : trois caméras, diffusion en direct et enregistrement.",
        "Tramway depuis la gare Matabiau (15 minutes), hôtels à proximité.",
        "Deux jours en juin 2027, de préférence les 9 et 10 ; pas la semaine du 21.",
    ],
    "ville-de-montpellier": [
        "Salle du conseil de 180 places, deux salles d'atelier.",
        "Accessible, ascenseur vers les salles d'atelier.",
        "Captation par un prestataire, diffusion à organiser avec l'éditeur.",
        "Tramway depuis la gare Saint-Roch, 10 minutes.",
        "Mi-juin 2027.",
    ],
    "ville-de-nancy": [
        "Salle de 120 places.",
        "Accès par une rampe, toilettes adaptées.",
        "Pas de régie : l'éditeur apporterait son matériel.",
        "À 1 h 30 de Paris en TGV, centre-ville à pied.",
        "Fin mai ou début juin 2027.",
    ],
}
REASONS = (
    "Le vote du club a retenu Toulouse Métropole, qui offre la plus grande capacité, une "
    "régie de captation et de diffusion déjà en place (la chaîne qui a manqué lors de la "
    "12ᵉ rencontre) et un accès direct en tramway depuis la gare. Les deux autres "
    "candidatures restent appréciées pour une prochaine édition."
)


def _pdf(title: str) -> ContentFile:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(title)
    page.drawString(72, 770, title)
    page.showPage()
    page.save()
    return ContentFile(buffer.getvalue(), name=f"{title}.pdf")


def _referent(organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.REFERENT)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


# The club vote on the 13th edition's candidacies, in March 2026 (Paris time).
VOTE_OPENS = datetime(2026, 3, 16, 9, 0, tzinfo=PARIS)
VOTE_CLOSES = datetime(2026, 3, 27, 17, 0, tzinfo=PARIS)
# Each voting organisation approves one candidacy: this share of them Toulouse, then the others.
VOTE_SHARES = [("toulouse-metropole", 6), ("ville-de-montpellier", 3), ("ville-de-nancy", 2)]


def _call(edition, title, opens_at, closes_at, description, *, by_vote=False) -> HostingCall:
    call, created = HostingCall.objects.get_or_create(
        edition=edition,
        defaults={
            "title": title,
            "description": description,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "decided_by_vote": by_vote,
        },
    )
    if created:
        with translation.override("fr"):
            for index, text in enumerate(DEFAULT_CRITERIA):
                Question.objects.create(call=call, position=index, text=str(text))
    return call


def _club_vote(call, staff) -> None:
    """Open the club vote on the call's candidacies, let the member organisations vote (the
    demo moves the clock: it ran in March 2026), and close it."""
    now = timezone.now()
    campaign = services.open_vote(
        call=call,
        actor=staff,
        data={
            "title": "Qui accueillera la 13ᵉ rencontre ? Le vote du club",
            "description": "Chaque organisation membre approuve une candidature.",
            "opens_at": now + timedelta(hours=1),
            "closes_at": now + timedelta(hours=2),
            "method": "approval",
            "max_choices": 1,
            "tie_rule": "draw",
            "results_visibility": "after_close",
            "ballot_privacy": "secret",
        },
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1)
    )
    campaign.refresh_from_db()
    options = dict(call.candidacies.values_list("organisation__slug", "ballot_item__reference"))
    choices = [
        options[slug] for slug, share in VOTE_SHARES if slug in options for _ in range(share)
    ]
    voters = (
        Membership.objects.filter(
            role=Role.REFERENT, organisation__in=vote_permissions.electorate()
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "pk")
    )
    seen = set()
    for membership in voters:
        if membership.organisation_id in seen or len(seen) >= len(choices):
            continue
        seen.add(membership.organisation_id)
        vote_services.cast_ballot(
            campaign=campaign,
            organisation=membership.organisation,
            person=membership.user,
            lines=[choices[len(seen) - 1]],
        )
    Campaign.objects.filter(pk=campaign.pk).update(opens_at=VOTE_OPENS, closes_at=VOTE_CLOSES)
    for index, ballot in enumerate(Ballot.objects.filter(campaign=campaign).order_by("pk")):
        cast_at = VOTE_OPENS + timedelta(days=index % 10, hours=index % 7)
        Ballot.objects.filter(pk=ballot.pk).update(cast_at=cast_at)
        BallotVersion.objects.filter(ballot=ballot).update(cast_at=cast_at)
    vote_services.close_due_campaigns(now=VOTE_CLOSES)
    call.refresh_from_db()


def load(*, stdout):
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    previous = Meeting.objects.filter(edition=12).first()
    upcoming = Meeting.objects.filter(edition=13).first()
    if staff is None or previous is None or upcoming is None:
        stdout.write("  hosting: skipped (demo staff or meetings missing)")
        return []
    call = _call(
        13,
        "Qui accueillera la 13ᵉ rencontre du club ?",
        datetime(2026, 1, 5, 9, 0, tzinfo=PARIS),
        datetime(2026, 3, 13, 18, 0, tzinfo=PARIS),
        "Les organisations membres peuvent candidater pour accueillir la rencontre de juin 2027.",
        by_vote=True,
    )
    questions = list(call.questions.all())
    for slug, texts in CANDIDATES.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        candidacy, created = Candidacy.objects.get_or_create(
            call=call,
            organisation=organisation,
            defaults={"submitted_by": _referent(organisation)},
        )
        if created:
            Answer.objects.bulk_create(
                Answer(candidacy=candidacy, question=question, text=text)
                for question, text in zip(questions, texts, strict=False)
            )
    if call.decided_by_vote and call.campaign_id is None and not call.is_decided:
        _club_vote(call, staff)
    if call.decided_by_vote:
        chosen = services.vote_outcome(call)[1]
    else:
        chosen = call.candidacies.filter(organisation__slug="toulouse-metropole").first()
    if not call.is_decided and chosen is not None:
        services.decide(call=call, candidacy=chosen, reasons=REASONS, actor=staff)
    handover = getattr(upcoming, "handover", None)
    if handover is not None and not handover.is_scheduled:
        services.schedule_handover(
            handover=handover,
            actor=staff,
            title="Passation Villejuif → Toulouse",
            starts_at=datetime(2027, 1, 14, 14, 0, tzinfo=PARIS),
            ends_at=datetime(2027, 1, 14, 16, 0, tzinfo=PARIS),
            place="",
            online_url="https://visio.example.test/passation-13",
            notes="Ordre du jour : rétroplanning, budget, chaîne de captation, retours de la "
            "12ᵉ rencontre.",
        )
    villejuif_referent = _referent(previous.host)
    if villejuif_referent is not None and not previous.working_documents.exists():
        for title, visibility in [
            ("Rétroplanning de la 12e rencontre", DocumentVisibility.HOSTS),
            ("Bilan de la 12e rencontre par la ville hôte", DocumentVisibility.PUBLIC),
        ]:
            services.add_document(
                meeting=previous,
                actor=villejuif_referent,
                title=title,
                upload=_pdf(title),
                visibility=visibility,
            )
    now = timezone.now()
    _call(
        14,
        "Qui accueillera la 14ᵉ rencontre du club ?",
        now - timedelta(days=7),
        now + timedelta(days=60),
        "Candidatures ouvertes pour la rencontre de juin 2028.",
    )
    stdout.write(
        f"  hosting: {HostingCall.objects.count()} calls, {Candidacy.objects.count()} candidacies"
    )
    return [("referent0.ville-de-nancy@demo.test", "référent, may apply to host the 14th")]

"""The 12th meeting's evaluation, closed with a few dozen answers, and the 11th's (a smaller
edition in Lyon, created here with its answers only) so results compare editions.

Runs after the meetings and onsite demos (INSTALLED_APPS order): the 12th meeting, its
registrants and their check-ins must exist. Idempotent: nothing is added once answers exist.
"""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model

from cercle.core.errors import DomainError
from cercle.evaluation import services
from cercle.evaluation.enums import Profile
from cercle.evaluation.models import Answer, Evaluation
from cercle.meetings.consent import CURRENT_VERSION
from cercle.meetings.enums import Experience, MeetingStatus, SessionKind
from cercle.meetings.models import PARIS, Meeting, MeetingDay, Registration, Session
from cercle.organisations.models import Membership, Organisation

STAFF = "anais.morel@editeur.demo.test"
ANSWERS_12 = 26
ANSWERS_11 = 18

KEEP = [
    "Les retours d'expérience concrets des autres collectivités.",
    "Le vote en séance, très clair.",
    "Le format sur deux jours avec le distanciel possible.",
    "Les ateliers en petits groupes.",
    "La table ronde sur le sur-mesure, des échanges francs.",
    "",
    "La présentation de la roadmap.",
    "L'accueil au kiosque, très convivial.",
    "",
    "Les échanges informels pendant le déjeuner.",
    "Les chapitres des enregistrements pour revoir une séance.",
    "",
    "Le retour d'expérience de Villejuif sur les entretiens professionnels.",
]
IMPROVE = [
    "Le son pour les personnes à distance était parfois faible.",
    "Plus de temps pour les questions après les retours d'expérience.",
    "Publier les supports avant la séance.",
    "",
    "Des pauses un peu plus longues pour échanger.",
    "Mieux indiquer les salles des ateliers.",
    "Un parcours plus guidé pour les nouveaux venus.",
    "",
    "Le lien de la visio envoyé plus tôt, la veille au plus tard.",
    "Moins de diapositives, plus de démonstrations.",
    "",
]
COMMENTS = [
    "Merci aux organisateurs !",
    "",
    "",
    "Très utile pour préparer nos demandes d'évolution de l'année.",
    "",
    "Première participation : j'ai tout compris grâce au glossaire.",
]
# A plausible spread of overall ratings, mostly 4 and 5.
OVERALL = [5, 4, 4, 5, 3, 4, 5, 4, 2, 4, 5, 4, 3, 5, 4, 4]


def load(*, stdout):
    held = Meeting.objects.filter(edition=12).first()
    staff = get_user_model().objects.filter(email=STAFF).first()
    if held is None or staff is None:
        stdout.write("  evaluation: skipped (the 12th meeting or the staff are missing)")
        return []
    _previous_edition(held)
    _held_evaluation(held, staff)
    count = Answer.objects.filter(evaluation__meeting=held).count()
    stdout.write(f"  evaluation: {count} answers for the 12th meeting")
    return [(STAFF, "reads the evaluation results of the 12th meeting")]


def _held_evaluation(meeting, staff) -> None:
    if Answer.objects.filter(evaluation__meeting=meeting).exists():
        return
    last = meeting.days.order_by("-date").first()
    opened = datetime.combine(last.date, time(15, 0), tzinfo=PARIS)
    closes = datetime.combine(date(2023, 6, 23), time(0, 0), tzinfo=PARIS)
    services.open_evaluation(meeting=meeting, actor=staff, closes_at=closes, now=opened)
    registrations = list(
        Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True)
        .select_related("person", "meeting")
        .order_by("pk")
    )
    # About one registrant in three, newcomers and regulars, on site and remote alike.
    respondents = [r for n, r in enumerate(registrations) if n % 7 in (0, 2, 5)]
    for index, registration in enumerate(respondents[:ANSWERS_12]):
        moment = datetime.combine(date(2023, 6, 9 + index % 10), time(10, 0), tzinfo=PARIS)
        who = services.attendee(registration, today=moment.date())
        overall = OVERALL[index % len(OVERALL)]
        ratings = {
            session.pk: max(1, min(5, overall + (n + index) % 3 - 1))
            for n, session in enumerate(who.sessions)
            if (n + index) % 4  # nobody rates everything
        }
        try:
            services.submit(
                meeting=meeting,
                person=registration.person,
                overall=overall,
                ratings=ratings,
                keep=KEEP[index % len(KEEP)],
                improve=IMPROVE[index % len(IMPROVE)],
                comments=COMMENTS[index % len(COMMENTS)],
                now=moment,
            )
        except DomainError as error:
            raise RuntimeError(f"demo evaluation answer refused: {error.code}") from error
    services.close_evaluation(
        meeting=meeting,
        actor=staff,
        now=datetime.combine(date(2023, 6, 20), time(9, 0), tzinfo=PARIS),
    )


def _previous_edition(held) -> None:
    """The 11th meeting (Lyon, June 2022), only as far as its evaluation needs."""
    lyon = Organisation.objects.filter(slug="metropole-de-lyon").first() or held.host
    meeting, _created = Meeting.objects.get_or_create(
        edition=11,
        defaults={
            "slug": "11e-rencontre-lyon",
            "title": "11ᵉ rencontre du club — Lyon",
            "host": lyon,
            "status": MeetingStatus.ARCHIVED,
            "venue": "Hôtel de la Métropole, Lyon",
            "description": "Une journée, avant la reprise du format sur deux jours.",
        },
    )
    day, _created = MeetingDay.objects.get_or_create(meeting=meeting, date=date(2022, 6, 15))
    for start, end, title, kind in [
        (9, 11, "Bilan de l'année et roadmap", SessionKind.PLENARY),
        (11, 12, "Vote sur les améliorations", SessionKind.VOTE),
        (14, 16, "Retours d'expérience des collectivités", SessionKind.EXPERIENCE_REPORT),
    ]:
        Session.objects.get_or_create(
            meeting=meeting,
            title=title,
            defaults={
                "day": day,
                "kind": kind,
                "starts_at": datetime.combine(day.date, time(start), tzinfo=PARIS),
                "ends_at": datetime.combine(day.date, time(end), tzinfo=PARIS),
                "room": "Grande salle",
            },
        )
    evaluation, _created = Evaluation.objects.get_or_create(
        meeting=meeting,
        defaults={
            "opened_at": datetime.combine(day.date, time(16), tzinfo=PARIS),
            "closes_at": datetime.combine(date(2022, 7, 1), time(0), tzinfo=PARIS),
            "invited_at": datetime.combine(day.date, time(16), tzinfo=PARIS),
        },
    )
    if evaluation.answers.exists():
        return
    # Past data written directly, as the onsite demo does: the rules refuse a closed meeting.
    moment = datetime.combine(day.date, time(9), tzinfo=PARIS)
    memberships = Membership.objects.select_related("user", "organisation")
    people = {}
    for membership in memberships.filter(user__is_staff=False).order_by("pk"):
        people.setdefault(membership.user_id, membership)
    chosen = list(people.values())[:60]
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            person=m.user,
            organisation=m.organisation,
            badge_name=m.user.display_name,
            badge_organisation=m.organisation.name,
            experience=Experience.REGULAR if index % 3 else Experience.NEWCOMER,
            image_consent=True,
            image_consent_version=CURRENT_VERSION,
            image_consent_at=moment,
        )
        for index, m in enumerate(chosen)
    )
    Answer.objects.bulk_create(
        Answer(
            evaluation=evaluation,
            respondent_key=services.respondent_key(evaluation, m.user),
            overall=[4, 3, 4, 3, 5, 2, 4, 3, 4][index % 9],
            improve=IMPROVE[index % len(IMPROVE)],
            keep=KEEP[(index + 3) % len(KEEP)],
            profile=Profile.ON_SITE if index % 2 else Profile.REMOTE,
            experience=Experience.REGULAR if index % 3 else Experience.NEWCOMER,
            answered_on=date(2022, 6, 16 + index % 10),
        )
        for index, m in enumerate(chosen[::3][:ANSWERS_11])
    )

"""Demo recordings, chapters, documents and attendance of the 12th meeting, as published on
its page. Runs after the meetings app's demo (INSTALLED_APPS order), which creates the meeting."""

from datetime import datetime, time

from cercle.meetings.consent import CURRENT_VERSION
from cercle.meetings.enums import Attendance, Experience, SeatStatus
from cercle.meetings.models import PARIS, DayChoice, Meeting, Registration, Session, WorkshopSeat
from cercle.onsite.enums import CheckInMethod, Provider, Visibility
from cercle.onsite.models import Chapter, CheckIn, Document, Recording, RemoteAttendance
from cercle.onsite.services import preview_agenda
from cercle.organisations.enums import OrganisationKind
from cercle.organisations.models import Membership

PLAYBACK = "https://visio.entrouvert.com/playback/presentation/2.3/"
RECORDINGS = [
    (
        PLAYBACK + "a003b8d3985bd854c01fecd1ae9fa573e60f3e29-1686118471088",
        """\
Ouverture (début à 1min22)
Les futures améliorations attendues (début à 10min35)
Vote sur les améliorations (début à 1h47min43)
Retour d'expérience sur les entretiens professionnels de Villejuif (début à 2h18min07, le lien \
du support est ci dessous)
Retour d'expérience sur les zones de faible émission (ZFE) de Toulouse métropole (début à \
2h58min40)
Retour d'expérience sur les zones de faible émission (ZFE) et le référentiel général de \
sécurité (RGS) de Métropole Grand Lyon (début à 3h24min50, le lien du support est ci dessous)
Retours des groupes de travail thématiques (début à 3h51min10)
Gestion des compétences autour de Publik par la collectivité (début à 3h51min10)
Stratégies et méthodologies internes de la GRU (début à 4h00min27)
Club utilisateurs et développements mutualisés (début à 4h12min50)
Points de vigilance, points d'amélioration pour la prochaine édition (début à 4h24min50)
""",
    ),
    (
        PLAYBACK + "a003b8d3985bd854c01fecd1ae9fa573e60f3e29-1686204908378",
        """\
Table ronde : Jusqu'où faut-il concevoir les réalisations "sur mesure" avec Publik ? \
(début à 5min 55)
Roadmap (début à 1h19min15, le lien du support est ci dessous)
Atelier 1 : Socle personnes morales (début à 3h06min30)
Atelier 3 : Mutualiser le service Publik (début à 4h10min40, le lien du support est ci dessous)
""",
    ),
]
DOCUMENTS_URL = "https://public.entrouvert.org/club/"
# (words of the session title, document title, file name)
DOCUMENTS = [
    (
        "entretiens professionnels",
        "Support : entretiens professionnels de Villejuif",
        "ClubVillejuif-RetourExperienceVillejuif-RelationsCrep_v01.pdf",
    ),
    (
        "Grand Lyon",
        "Support : zones de faible émission (Lyon Métropole)",
        "ClubVillejuif-RetourExperienceLyonMetropole-ZFE.pdf",
    ),
    (
        "Grand Lyon",
        "Support : référentiel général de sécurité (Lyon Métropole)",
        "ClubVillejuif-RetourExperienceLyonMetropole-RGS.pdf",
    ),
    ("Roadmap", "Support : roadmap 2024", "ClubVillejuif-Roadmap-2024.pdf"),
    (
        "Mutualiser le service",
        "Support : mutualiser le service Publik",
        "ClubVillejuif-Mutualiser%20le%20service%20Publik.pdf",
    ),
]


def load(*, stdout):
    held = Meeting.objects.filter(edition=12).first()
    if held is None:
        stdout.write("  onsite: skipped (the 12th meeting is missing)")
        return []
    load_held(meeting=held, days=list(held.days.order_by("date")))
    return []


def load_held(*, meeting, days) -> None:
    """Idempotent: recordings are updated, chapters and documents only added once."""
    for day, (url, agenda) in zip(days, RECORDINGS, strict=True):
        recording, _ = Recording.objects.update_or_create(
            day=day, defaults={"url": url, "provider": Provider.BBB}
        )
        if not recording.chapters.exists():
            preview = preview_agenda(recording=recording, text=agenda)
            Chapter.objects.bulk_create(
                Chapter(
                    recording=recording,
                    seconds=line.seconds,
                    title=line.title,
                    session=line.session,
                )
                for line in preview.chapters
            )
    _load_attendance(meeting=meeting, days=days)
    _held_workshop_seats(meeting)
    for words, title, filename in DOCUMENTS:
        session = Session.objects.filter(meeting=meeting, title__icontains=words).first()
        if session is not None:
            Document.objects.get_or_create(
                session=session,
                url=DOCUMENTS_URL + filename,
                defaults={"title": title, "visibility": Visibility.PUBLIC},
            )


def _load_attendance(*, meeting, days) -> None:
    """The held meeting's attendance, as the seed page tells it: many on site, many online.

    The meeting is over, so registrations are written directly (the registration rules
    refuse a closed meeting); once only.
    """
    if meeting.registrations.exists():
        return
    moment = datetime.combine(days[0].date, time(9, 0), tzinfo=PARIS)
    memberships = (
        Membership.objects.exclude(organisation__kind=OrganisationKind.VENDOR)
        .select_related("user", "organisation")
        .order_by("pk")
    )
    seen = set()
    registrations = []
    for membership in memberships:
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        registrations.append(
            Registration(
                meeting=meeting,
                person=membership.user,
                organisation=membership.organisation,
                badge_name=membership.user.display_name,
                badge_organisation=membership.organisation.name,
                experience=Experience.REGULAR if len(registrations) % 3 else Experience.NEWCOMER,
                image_consent=len(registrations) % 7 != 0,
                image_consent_version=CURRENT_VERSION,
                image_consent_at=moment,
            )
        )
    Registration.objects.bulk_create(registrations)
    registrations = list(meeting.registrations.order_by("pk"))
    on_site = {r.pk for index, r in enumerate(registrations) if index % 2 == 0}
    DayChoice.objects.bulk_create(
        DayChoice(
            registration=r,
            day=day,
            attendance=Attendance.ON_SITE if r.pk in on_site else Attendance.REMOTE,
            status=SeatStatus.CONFIRMED,
            queued_at=moment,
        )
        for r in registrations
        for day in days
    )
    CheckIn.objects.bulk_create(
        CheckIn(
            registration=r,
            day=day,
            checked_in_at=datetime.combine(day.date, time(9, 10 + index % 40), tzinfo=PARIS),
            method=CheckInMethod.SCAN,
        )
        for index, r in enumerate(registrations)
        if r.pk in on_site and index % 10
        for day in days
    )
    RemoteAttendance.objects.bulk_create(
        RemoteAttendance(
            registration=r,
            day=day,
            imported_at=datetime.combine(day.date, time(18, 0), tzinfo=PARIS),
        )
        for index, r in enumerate(registrations)
        if r.pk not in on_site and index % 9 != 1
        for day in days
    )


def _held_workshop_seats(meeting) -> None:
    """People on site the second day of the held meeting took its workshops; once only."""
    workshops = list(meeting.sessions.filter(capacity__isnull=False).order_by("starts_at"))
    if not workshops or WorkshopSeat.objects.filter(session__in=workshops).exists():
        return
    on_site = (
        DayChoice.objects.filter(
            day=workshops[0].day, attendance=Attendance.ON_SITE, status=SeatStatus.CONFIRMED
        )
        .select_related("registration")
        .order_by("registration_id")
    )
    seats = []
    for index, choice in enumerate(on_site):
        # Most take both workshops (one after the other); some only the first or the second.
        chosen = [workshops[index % len(workshops)]] if index % 4 == 3 else workshops
        for session in chosen:
            seats.append(
                WorkshopSeat(
                    registration=choice.registration,
                    session=session,
                    status=SeatStatus.CONFIRMED,
                    queued_at=choice.queued_at,
                )
            )
    taken = {}
    for seat in seats:
        taken[seat.session.pk] = taken.get(seat.session.pk, 0) + 1
        if taken[seat.session.pk] > seat.session.capacity:
            seat.status = SeatStatus.WAITING
    WorkshopSeat.objects.bulk_create(seats)

"""Demo meetings: the 12th meeting held at Villejuif in June 2023, and the 13th, open, in 2027."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model

from cercle.meetings import services
from cercle.meetings.enums import Attendance, Audience, Experience, MeetingStatus
from cercle.meetings.enums import SessionKind as Kind
from cercle.meetings.models import (
    PARIS,
    Meeting,
    MeetingDay,
    Registration,
    Session,
    Track,
)
from cercle.organisations.models import Membership, Organisation

NEWCOMERS, EXPERTS = "Nouveaux utilisateurs", "Experts"

# (day index, start, end, title, kind, track, audience, room, capacity, objectives, prerequisites)
VILLEJUIF = [
    (0, "09:30", "09:40", "Ouverture", Kind.PLENARY, None, "", "Kiosque", None, "", ""),
    (
        0,
        "09:40",
        "11:15",
        "Les futures améliorations attendues",
        Kind.PLENARY,
        None,
        "",
        "Kiosque",
        None,
        "Présenter les demandes d'évolution candidates au vote.",
        "",
    ),
    (
        0,
        "11:15",
        "11:45",
        "Vote sur les améliorations",
        Kind.VOTE,
        None,
        "",
        "Kiosque",
        None,
        "Retenir les développements mutualisés de l'année.",
        "",
    ),
    (
        0,
        "11:45",
        "12:25",
        "Retour d'expérience sur les entretiens professionnels de Villejuif",
        Kind.EXPERIENCE_REPORT,
        None,
        Audience.BUSINESS,
        "Kiosque",
        None,
        "",
        "",
    ),
    (0, "12:25", "13:30", "Déjeuner", Kind.BREAK, None, "", "", None, "", ""),
    (
        0,
        "13:30",
        "13:55",
        "Retour d'expérience sur les zones de faible émission (ZFE) de Toulouse métropole",
        Kind.EXPERIENCE_REPORT,
        None,
        Audience.FUNCTIONAL,
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        0,
        "13:55",
        "14:20",
        "Retour d'expérience sur les ZFE et le référentiel général de "
        "sécurité (RGS) de Métropole Grand Lyon",
        Kind.EXPERIENCE_REPORT,
        EXPERTS,
        Audience.TECHNICAL,
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        0,
        "14:20",
        "14:30",
        "Groupe de travail : gestion des compétences autour de Publik par la collectivité",
        Kind.WORKING_GROUP_REPORT,
        None,
        "",
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        0,
        "14:30",
        "14:42",
        "Groupe de travail : stratégies et méthodologies internes de la GRU",
        Kind.WORKING_GROUP_REPORT,
        None,
        "",
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        0,
        "14:42",
        "14:55",
        "Groupe de travail : club utilisateurs et développements mutualisés",
        Kind.WORKING_GROUP_REPORT,
        None,
        "",
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        0,
        "14:55",
        "15:30",
        "Points de vigilance, points d'amélioration pour la prochaine édition",
        Kind.PLENARY,
        None,
        "",
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        1,
        "09:30",
        "10:45",
        "Table ronde : jusqu'où faut-il concevoir les réalisations « sur mesure » avec Publik ?",
        Kind.ROUND_TABLE,
        None,
        "",
        "Kiosque",
        None,
        "",
        "",
    ),
    (
        1,
        "10:45",
        "12:15",
        "Roadmap",
        Kind.PLENARY,
        None,
        "",
        "Kiosque",
        None,
        "Présenter la feuille de route, mutualisée et sur fonds propres.",
        "",
    ),
    (1, "12:15", "13:30", "Déjeuner", Kind.BREAK, None, "", "", None, "", ""),
    (
        1,
        "13:30",
        "14:30",
        "Atelier 1 : Socle personnes morales",
        Kind.WORKSHOP,
        EXPERTS,
        Audience.TECHNICAL,
        "Salle du conseil",
        30,
        "Recueillir les besoins sur le socle des personnes morales.",
        "Connaître le back-office et les fiches usagers.",
    ),
    (
        1,
        "14:30",
        "15:30",
        "Atelier 3 : Mutualiser le service Publik",
        Kind.WORKSHOP,
        NEWCOMERS,
        Audience.BUSINESS,
        "Salle du conseil",
        30,
        "Partager les façons de mutualiser le service entre collectivités.",
        "Aucun.",
    ),
]

TOULOUSE = [
    (0, "09:00", "09:30", "Accueil et café", Kind.BREAK, None, "", "Hall", None, "", ""),
    (0, "09:30", "10:00", "Ouverture", Kind.PLENARY, None, "", "Auditorium", None, "", ""),
    (
        0,
        "10:00",
        "11:00",
        "Regards croisés : la relation usager de bout en bout",
        Kind.ROUND_TABLE,
        None,
        "",
        "Auditorium",
        None,
        "Deux intervenants, un sujet creusé.",
        "",
    ),
    (
        0,
        "11:00",
        "12:30",
        "Introduction à Publik : les modules et leurs noms",
        Kind.WORKSHOP,
        NEWCOMERS,
        Audience.FUNCTIONAL,
        "Salle 1",
        25,
        "Comprendre les modules (portail = Combo, "
        "formulaires = w.c.s.) et trouver sa place dans le club.",
        "Aucun.",
    ),
    (
        0,
        "11:00",
        "12:30",
        "Workflows avancés et conditions",
        Kind.WORKSHOP,
        EXPERTS,
        Audience.TECHNICAL,
        "Salle 2",
        20,
        "Échanger sur les workflows complexes.",
        "Avoir déjà conçu des démarches en production.",
    ),
    (0, "12:30", "14:00", "Déjeuner debout", Kind.BREAK, None, "", "Hall", None, "", ""),
    (
        0,
        "14:00",
        "15:00",
        "Retour d'expérience de la Métropole de Lyon",
        Kind.EXPERIENCE_REPORT,
        None,
        Audience.BUSINESS,
        "Auditorium",
        None,
        "",
        "",
    ),
    (
        0,
        "15:00",
        "16:00",
        "Vote sur les développements mutualisés",
        Kind.VOTE,
        None,
        "",
        "Auditorium",
        None,
        "Clore la campagne : dix développements retenus.",
        "",
    ),
    (
        1,
        "09:30",
        "11:00",
        "Feuille de route : mutualisé et fonds propres",
        Kind.PLENARY,
        None,
        "",
        "Auditorium",
        None,
        "",
        "",
    ),
    (
        1,
        "11:00",
        "12:30",
        "Prise en main du portail (Combo)",
        Kind.WORKSHOP,
        NEWCOMERS,
        Audience.FUNCTIONAL,
        "Salle 1",
        25,
        "Composer une page d'accueil de portail.",
        "Aucun.",
    ),
    (
        1,
        "11:00",
        "12:30",
        "Connecteurs et API (Passerelle)",
        Kind.WORKSHOP,
        EXPERTS,
        Audience.TECHNICAL,
        "Salle 2",
        15,
        "Brancher un référentiel métier.",
        "Savoir lire une API REST.",
    ),
    (
        1,
        "14:00",
        "15:00",
        "Points de vigilance et passation au prochain hôte",
        Kind.PLENARY,
        None,
        "",
        "Auditorium",
        None,
        "",
        "",
    ),
]

# Workshops people following online can join: title -> remote seats (None: no limit).
OPEN_TO_REMOTE = {
    "Introduction à Publik : les modules et leurs noms": 40,
    "Prise en main du portail (Combo)": None,
}

REGISTRANTS = [
    ("agent1.ville-de-villejuif@demo.test", [Attendance.ON_SITE, Attendance.REMOTE], [3]),
    ("referent0.toulouse-metropole@demo.test", [Attendance.ON_SITE, Attendance.ON_SITE], [4, 10]),
    (
        "referent0.ville-de-fontenay-sous-bois@demo.test",
        [Attendance.REMOTE, Attendance.REMOTE],
        [9],
    ),
    ("referent0.ville-de-villejuif@demo.test", [Attendance.ON_SITE, Attendance.ABSENT], []),
]


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _meeting(*, edition, slug, title, host, days, status, tracks, **fields):
    meeting, _ = Meeting.objects.get_or_create(
        slug=slug,
        defaults={"edition": edition, "title": title, "host": host, "status": status, **fields},
    )
    day_rows = [MeetingDay.objects.get_or_create(meeting=meeting, date=d)[0] for d in days]
    track_rows = {
        name: Track.objects.get_or_create(meeting=meeting, name=name, defaults={"position": i})[0]
        for i, name in enumerate(tracks)
    }
    return meeting, day_rows, track_rows


def _sessions(meeting, days, tracks, rows) -> list[Session]:
    sessions = []
    for day, start, end, title, kind, track, audience, room, capacity, goals, needs in rows:
        session, _ = Session.objects.get_or_create(
            meeting=meeting,
            title=title,
            day=days[day],
            defaults={
                "kind": kind,
                "starts_at": datetime.combine(days[day].date, _clock(start), tzinfo=PARIS),
                "ends_at": datetime.combine(days[day].date, _clock(end), tzinfo=PARIS),
                "track": tracks.get(track),
                "audience": audience,
                "room": room,
                "capacity": capacity,
                "objectives": goals,
                "prerequisites": needs,
                "open_to_remote": title in OPEN_TO_REMOTE,
                "remote_capacity": OPEN_TO_REMOTE.get(title),
            },
        )
        sessions.append(session)
    return sessions


def load(*, stdout):
    villejuif = Organisation.objects.filter(slug="ville-de-villejuif").first()
    toulouse = Organisation.objects.filter(slug="toulouse-metropole").first()
    if villejuif is None or toulouse is None:
        stdout.write("  meetings: skipped (demo organisations missing)")
        return []
    held, held_days, held_tracks = _meeting(
        edition=12,
        slug="12e-rencontre-villejuif",
        title="12ᵉ rencontre du club — Villejuif",
        host=villejuif,
        days=[date(2023, 6, 7), date(2023, 6, 8)],
        status=MeetingStatus.HELD,
        tracks=[NEWCOMERS, EXPERTS],
        venue="Kiosque du parc des Hautes-Bruyères",
        address="Villejuif (Val-de-Marne)",
        online_url="https://visio.example.test/club-12",
        description="Deux journées, environ 60 personnes sur place et 50 à distance.",
    )
    _sessions(held, held_days, held_tracks, VILLEJUIF)
    upcoming, days, tracks = _meeting(
        edition=13,
        slug="13e-rencontre-toulouse",
        title="13ᵉ rencontre du club — Toulouse",
        host=toulouse,
        days=[date(2027, 6, 9), date(2027, 6, 10)],
        status=MeetingStatus.OPEN,
        tracks=[NEWCOMERS, EXPERTS],
        venue="Hôtel de métropole, Toulouse",
        address="6 rue René Leduc, 31500 Toulouse",
        online_url="https://visio.example.test/club-13",
        onsite_capacity=120,
        onsite_quota_per_organisation=8,
        description="Deux parcours : nouveaux utilisateurs et experts. Le distanciel est la "
        "règle en plus du présentiel.",
    )
    sessions = _sessions(upcoming, days, tracks, TOULOUSE)
    people = get_user_model().objects.filter(email__in=[email for email, *_ in REGISTRANTS])
    by_email = {person.email: person for person in people}
    for email, modes, workshop_indexes in REGISTRANTS:
        person = by_email.get(email)
        if person is None or Registration.objects.filter(meeting=upcoming, person=person).exists():
            continue
        membership = Membership.objects.filter(user=person).select_related("organisation").first()
        services.register(
            meeting=upcoming,
            person=person,
            choices=services.Choices(
                organisation=membership.organisation,
                days={day.pk: mode for day, mode in zip(days, modes, strict=True)},
                workshops=[sessions[i] for i in workshop_indexes],
                badge_name=person.display_name,
                badge_organisation=membership.organisation.name,
                experience=Experience.REGULAR,
                image_consent=True,
            ),
        )
    stdout.write(f"  meetings: {Meeting.objects.count()}, sessions: {Session.objects.count()}")
    return [("referent0.toulouse-metropole@demo.test", "référent, host of the June 2027 meeting")]

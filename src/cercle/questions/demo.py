"""Questions for the upcoming meeting's first-day plenaries, and a moderator for each.

Runs after the meetings app's demo (INSTALLED_APPS order), which registers the people asking.
"""

from cercle.core.errors import DomainError
from cercle.meetings.enums import SessionKind
from cercle.meetings.models import Meeting
from cercle.questions import services
from cercle.questions.enums import Policy
from cercle.questions.models import Moderation, Question
from cercle.questions.permissions import presence

MODERATOR = "referent0.toulouse-metropole@demo.test"
QUESTIONS = [
    "Quand la prise de rendez-vous en ligne sera-t-elle disponible pour les petites communes ?",
    "Peut-on mutualiser les formulaires entre communes d'une même intercommunalité ?",
    "Comment avez-vous formé les agents d'accueil au nouveau portail ?",
    "Les démarches seront-elles accessibles aux personnes malvoyantes dès la mise en ligne ?",
]


def load(*, stdout):
    meeting = Meeting.objects.filter(edition=13).first()
    if meeting is None:
        stdout.write("  questions: skipped (the 13th meeting is missing)")
        return []
    first_day = meeting.days.order_by("date").first()
    sessions = meeting.sessions.filter(day=first_day).exclude(kind=SessionKind.BREAK)[:2]
    people = [r.person for r in meeting.registrations.select_related("person").order_by("pk")]
    moderator = next((p for p in people if p.email == MODERATOR), None)
    for session in sessions:
        moderation, _created = Moderation.objects.get_or_create(
            session=session, defaults={"policy": Policy.PRESENCE}
        )
        if moderator is not None:
            moderation.moderators.add(moderator)
        if Question.objects.filter(session=session).exists():
            continue
        present = [p for p in people if presence(p, session) and p.email != MODERATOR]
        for index, text in enumerate(QUESTIONS[: 2 * len(present)]):
            try:
                services.ask(session=session, person=present[index % len(present)], text=text)
            except DomainError as error:  # a session already over in the demo's calendar
                stdout.write(f"  questions: {session} skipped ({error.code})")
                break
    stdout.write(f"  questions: {Question.objects.filter(session__meeting=meeting).count()}")
    return [(MODERATOR, "moderates the questions of the June 2027 plenaries")] if moderator else []

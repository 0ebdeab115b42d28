"""After the meeting: the evaluation's results and the organisers' checklist (issue 13).

S: 30 answers rating 10 sessions each, 20 tasks in the guide; L: 400 answers, 100 tasks. Both
pages belong to the middle meeting of s60 and are the organisers' (staff here).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bench.harness import Page
from cercle.evaluation.enums import Profile
from cercle.evaluation.models import Answer, Evaluation, SessionRating
from cercle.guide import services as guide
from cercle.guide.enums import Responsible
from cercle.guide.models import GuideTask
from cercle.meetings.enums import Experience

PROFILES = [Profile.ON_SITE, Profile.REMOTE, Profile.BOTH]
RESPONSIBLE = list(Responsible.values)


def build(ctx):
    meeting = ctx.data["meeting"]
    answers_count = 30 if ctx.size == "S" else 400
    tasks_count = 20 if ctx.size == "S" else 100
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        meeting=meeting, opened_at=now - timedelta(days=3), closes_at=now + timedelta(days=10)
    )
    Answer.objects.bulk_create(
        Answer(
            evaluation=evaluation,
            respondent_key=f"{i:064x}",
            overall=1 + i % 5,
            keep="Les retours d'expérience entre collectivités" if i % 3 else "",
            improve="Le son dans la salle plénière" if i % 4 else "",
            comments="Merci aux organisateurs" if i % 7 == 0 else "",
            profile=PROFILES[i % 3],
            experience=Experience.NEWCOMER if i % 4 == 0 else Experience.REGULAR,
            answered_on=now.date(),
        )
        for i in range(answers_count)
    )
    answers = list(Answer.objects.filter(evaluation=evaluation).values_list("pk", flat=True))
    sessions = list(meeting.sessions.order_by("pk").values_list("pk", flat=True)[:10])
    SessionRating.objects.bulk_create(
        (
            SessionRating(answer_id=answer, session_id=session, rating=1 + (answer + session) % 5)
            for answer in answers
            for session in sessions
        ),
        batch_size=5000,
    )
    GuideTask.objects.bulk_create(
        GuideTask(
            title=f"Tâche de préparation {i}",
            responsible=RESPONSIBLE[i % 3],
            offset_days=-120 + (i * 7) % 151,
            effort_days=Decimal("0.25") * (1 + i % 4),
            note="Voir le guide des éditions précédentes." if i % 5 == 0 else "",
        )
        for i in range(tasks_count)
    )
    guide.ensure_checklist(meeting)


def pages(ctx):
    slug = ctx.data["meeting"].slug
    staff = ctx.data["staff"]
    return [
        Page("evaluation results (staff)", f"/rencontres/{slug}/evaluation/resultats/", staff),
        Page("meeting checklist (staff)", f"/rencontres/{slug}/preparation/", staff),
    ]

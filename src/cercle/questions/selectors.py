"""Reading the queue: what participants see, what the moderator is proposed, what is answered.

Each function runs a fixed number of queries whatever the number of questions.
"""

from django.db.models import Exists, OuterRef

from cercle.questions.enums import Gender, Policy, Status
from cercle.questions.models import Moderation, Question, Support, Turn
from cercle.questions.turns import Waiting, propose


def policy_of(session) -> str:
    policy = Moderation.objects.filter(session=session).values_list("policy", flat=True).first()
    return policy or Policy.NONE


def group_of(policy: str, gender: str, newcomer: bool, remote: bool) -> str | None:
    """The turn-taking group of a question's author under `policy`, None outside both groups."""
    if policy == Policy.GENDER:
        return gender if gender in (Gender.WOMAN, Gender.MAN) else None
    if policy == Policy.EXPERIENCE:
        return "newcomer" if newcomer else "regular"
    if policy == Policy.PRESENCE:
        return "remote" if remote else "on_site"
    return None


def proposal(session, policy: str | None = None) -> int | None:
    """The pk of the question the moderator should take next, by the session's policy."""
    policy = policy or policy_of(session)
    # Sorted by the database, so the rank stands for the time asked (ties broken by pk)
    # without converting a thousand datetimes.
    rows = list(
        Question.objects.filter(session=session)
        .order_by("asked_at", "pk")
        .values_list("pk", "author_id", "status", "support", "gender", "newcomer", "remote")
    )
    # A person is in one group: the one of their latest question (a declaration may change).
    groups = {row[1]: group_of(policy, *row[4:]) for row in rows}
    waiting = [
        Waiting(pk, author, groups[author], support, rank)
        for rank, (pk, author, status, support, *_) in enumerate(rows)
        if status == Status.WAITING
    ]
    speakers = list(
        Turn.objects.filter(session=session)
        .order_by("-position")
        .values_list("question__author_id", flat=True)
    )
    last_person = speakers[0] if speakers else None
    last_group = next((groups[p] for p in speakers if groups.get(p) is not None), None)
    chosen = propose(waiting, last_person=last_person, last_group=last_group)
    return chosen.key if chosen else None


def queue(session, *, viewer=None):
    """Waiting questions, most supported first; each knows whether the viewer supports it."""
    questions = Question.objects.filter(session=session, status=Status.WAITING).order_by(
        "-support", "asked_at", "pk"
    )
    if viewer is not None and viewer.is_authenticated:
        questions = questions.annotate(
            supported=Exists(Support.objects.filter(question=OuterRef("pk"), person=viewer))
        )
    return questions


def moderation_queue(session):
    """What the moderator lists: waiting questions with their author, most supported first."""
    return queue(session).select_related("author")


def answering_now(session) -> Question | None:
    return Question.objects.filter(session=session, status=Status.ANSWERING).first()


def answered(session):
    """Answered questions in the order they were taken: text only, published with the archive."""
    return Question.objects.filter(session=session, status=Status.ANSWERED).order_by(
        "turn__position", "pk"
    )

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


def group_of(policy: str, row: dict) -> str | None:
    """The turn-taking group of a question's author under `policy`, None outside both groups."""
    if policy == Policy.GENDER:
        return row["gender"] if row["gender"] in (Gender.WOMAN, Gender.MAN) else None
    if policy == Policy.EXPERIENCE:
        return "newcomer" if row["newcomer"] else "regular"
    if policy == Policy.PRESENCE:
        return "remote" if row["remote"] else "on_site"
    return None


def proposal(session, policy: str | None = None) -> int | None:
    """The pk of the question the moderator should take next, by the session's policy."""
    policy = policy or policy_of(session)
    rows = list(
        Question.objects.filter(session=session)
        .order_by("asked_at", "pk")
        .values("pk", "author_id", "status", "support", "asked_at", "gender", "newcomer", "remote")
    )
    # A person is in one group: the one of their latest question (a declaration may change).
    groups = {row["author_id"]: group_of(policy, row) for row in rows}
    waiting = [
        Waiting(
            row["pk"], row["author_id"], groups[row["author_id"]], row["support"], row["asked_at"]
        )
        for row in rows
        if row["status"] == Status.WAITING
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

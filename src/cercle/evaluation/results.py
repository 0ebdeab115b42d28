"""What organisers see of an evaluation: counts and distributions, never who answered.

Nothing here reads `Answer.respondent_key`. Any group of fewer than `MIN_GROUP` answers
(a session, a profile, the whole evaluation) is counted but not broken down, so that a
handful of answers cannot be traced back to the people in a small room.
A constant number of queries whatever the number of answers and sessions.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property
from html import escape as html_escape

from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cercle.core.errors import DomainError
from cercle.core.spreadsheets import export as export_table
from cercle.evaluation.enums import RATINGS, Profile
from cercle.evaluation.models import Answer, Evaluation, SessionRating
from cercle.meetings.enums import Experience, SessionKind
from cercle.meetings.models import Registration, Session

MIN_GROUP = 5
NEWLINES = re.compile(r"\r\n|\r")
CHART_LABEL_CHARS = 34


@dataclass
class Bar:
    label: str
    value: float
    shown: str
    full: str = ""
    width: float = 0.0
    y: int = 0


@dataclass
class Chart:
    """A horizontal bar chart drawn as inline SVG, always next to a table of its numbers."""

    key: str
    title: str
    bars: list[Bar]
    maximum: float
    value_heading: str
    label_heading: str

    LABEL_WIDTH = 230
    BAR_WIDTH = 220
    ROW = 28

    def __post_init__(self):
        for index, bar in enumerate(self.bars):
            bar.width = round(self.BAR_WIDTH * bar.value / self.maximum, 1) if self.maximum else 0
            bar.y = index * self.ROW

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * self.ROW

    @property
    def bar_x(self) -> int:
        return self.LABEL_WIDTH

    @property
    def total_width(self) -> int:
        return self.LABEL_WIDTH + self.BAR_WIDTH + 60


@dataclass
class Distribution:
    """How many answers gave each rating 1..5, in a group."""

    label: str
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> bool:
        return self.total >= MIN_GROUP

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return sum(rating * n for rating, n in self.counts.items()) / self.total

    def rows(self):
        """(rating, count, percent) from 5 down to 1."""
        total = self.total or 1
        return [(r, self.counts[r], round(100 * self.counts[r] / total)) for r in reversed(RATINGS)]

    def chart(self, key: str, title: str) -> Chart:
        return Chart(
            key=key,
            title=title,
            bars=[
                Bar(label=_("%(rating)s out of 5") % {"rating": rating}, value=n, shown=str(n))
                for rating, n, _percent in self.rows()
            ],
            maximum=max(self.counts.values()) or 1,
            value_heading=_("Answers"),
            label_heading=_("Rating"),
        )


@dataclass
class SessionResult:
    session: Session
    distribution: Distribution


@dataclass
class Edition:
    edition: int
    title: str
    answers: int
    invited: int
    average: float | None
    current: bool

    @property
    def rate(self) -> int | None:
        return round(100 * self.answers / self.invited) if self.invited else None

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_GROUP


@dataclass
class Results:
    evaluation: Evaluation
    invited: int
    overall: Distribution
    by_profile: list[Distribution]
    by_experience: list[Distribution]
    sessions: list[SessionResult]
    texts: dict[str, list[str]]
    editions: list[Edition]

    @property
    def answers(self) -> int:
        return self.overall.total

    @property
    def rate(self) -> int | None:
        return round(100 * self.answers / self.invited) if self.invited else None

    @property
    def shown(self) -> bool:
        return self.overall.shown

    @cached_property
    def texts_html(self) -> dict[str, str]:
        """Each list of free texts as HTML, built here: a template loop over hundreds of
        answers took longer than the rest of the page."""
        return {name: _texts_html(texts) for name, texts in self.texts.items()}

    @property
    def overall_chart(self) -> Chart:
        return self.overall.chart("overall", _("Overall rating"))

    @property
    def sessions_chart(self) -> Chart | None:
        shown = [item for item in self.sessions if item.distribution.shown]
        if not shown:
            return None
        return Chart(
            key="sessions",
            title=_("Average rating per session"),
            bars=[
                Bar(
                    label=Truncator(item.session.title).chars(CHART_LABEL_CHARS),
                    full=item.session.title,
                    value=item.distribution.average,
                    shown=f"{item.distribution.average:.1f}".replace(".", ","),
                )
                for item in shown
            ],
            maximum=5,
            value_heading=_("Average out of 5"),
            label_heading=_("Session"),
        )

    @property
    def editions_chart(self) -> Chart | None:
        shown = [edition for edition in self.editions if edition.shown]
        if len(shown) < 2:
            return None
        return Chart(
            key="editions",
            title=_("Average overall rating per edition"),
            bars=[
                Bar(
                    label=_("Edition %(number)s") % {"number": edition.edition},
                    value=edition.average,
                    shown=f"{edition.average:.1f}".replace(".", ","),
                )
                for edition in shown
            ],
            maximum=5,
            value_heading=_("Average out of 5"),
            label_heading=_("Edition"),
        )


def _lines(text: str) -> str:
    return html_escape(NEWLINES.sub("\n", text)).replace("\n", "<br>")


def _texts_html(texts: list[str]) -> str:
    """As `<li>{{ text|linebreaksbr }}</li>` would, in a single pass (the same markup)."""
    if not texts:
        return format_html("<p>{}</p>", _("No answer."))
    items = "".join(f"<li>{_lines(text)}</li>" for text in texts)
    return mark_safe(f'<ul class="evaluation-texts">{items}</ul>')  # noqa: S308 - escaped above


def _invited(meeting_ref):
    return Coalesce(
        Subquery(
            Registration.objects.filter(meeting=meeting_ref, cancelled_at__isnull=True)
            .values("meeting")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _of_answers(aggregate, default):
    """An aggregate over the answers of each evaluation, as a subquery: a join with the answers
    grouped by evaluation had SQLite count the registrants once per answer."""
    answers = (
        Answer.objects.filter(evaluation=OuterRef("pk"))
        .values("evaluation")
        .annotate(value=aggregate)
        .values("value")[:1]
    )
    return Subquery(answers) if default is None else Coalesce(Subquery(answers), default)


def _editions(evaluation: Evaluation) -> list[Edition]:
    """This edition and the earlier ones whose evaluation was opened, oldest first."""
    rows = (
        Evaluation.objects.filter(
            meeting__edition__lte=evaluation.meeting.edition, opened_at__isnull=False
        )
        .annotate(
            n=_of_answers(Count("pk"), 0),
            average=_of_answers(Avg("overall"), None),
            invited=_invited(OuterRef("meeting")),
        )
        .values("pk", "meeting__edition", "meeting__title", "n", "average", "invited")
        .order_by("meeting__edition")
    )
    return [
        Edition(
            edition=row["meeting__edition"],
            title=row["meeting__title"],
            answers=row["n"],
            invited=row["invited"],
            average=row["average"],
            current=row["pk"] == evaluation.pk,
        )
        for row in rows
    ]


def _texts(evaluation: Evaluation | None) -> dict[str, list[str]]:
    texts = {"keep": [], "improve": [], "comments": []}
    if evaluation is None:
        return texts
    # In the order of the keys, which is no order anyone can trace.
    for keep, improve, comments in (
        Answer.objects.filter(evaluation=evaluation)
        .exclude(Q(keep="") & Q(improve="") & Q(comments=""))
        .order_by("respondent_key")
        .values_list("keep", "improve", "comments")
    ):
        for name, text in (("keep", keep), ("improve", improve), ("comments", comments)):
            if text:
                texts[name].append(text)
    return texts


def free_texts(evaluation: Evaluation | None) -> dict[str, list[str]]:
    """What to keep, what to improve and the comments, without names and in no traceable
    order; nothing at all under `MIN_GROUP` answers (the retrospective board reads these)."""
    if evaluation is None or Answer.objects.filter(evaluation=evaluation).count() < MIN_GROUP:
        return _texts(None)
    return _texts(evaluation)


def results(evaluation: Evaluation) -> Results:
    """Everything the results page shows, in six queries."""
    meeting = evaluation.meeting
    invited = Registration.objects.filter(meeting=meeting, cancelled_at__isnull=True).count()
    overall = Distribution(label=_("All answers"))
    profiles = {value: Distribution(label=str(label)) for value, label in Profile.choices}
    experiences = {value: Distribution(label=str(label)) for value, label in Experience.choices}
    groups = (
        Answer.objects.filter(evaluation=evaluation)
        .values("overall", "profile", "experience")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in groups:
        overall.counts[row["overall"]] += row["n"]
        profiles[row["profile"]].counts[row["overall"]] += row["n"]
        experiences[row["experience"]].counts[row["overall"]] += row["n"]
    sessions = list(
        Session.objects.filter(meeting=meeting)
        .exclude(kind=SessionKind.BREAK)
        .order_by("starts_at", "room", "pk")
    )
    by_session = {session.pk: Distribution(label=session.title) for session in sessions}
    ratings = (
        SessionRating.objects.filter(answer__evaluation=evaluation)
        .values("session", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in ratings:
        if row["session"] in by_session:
            by_session[row["session"]].counts[row["rating"]] += row["n"]
    texts = _texts(evaluation) if overall.shown else _texts(None)
    return Results(
        evaluation=evaluation,
        invited=invited,
        overall=overall,
        by_profile=[d for d in profiles.values() if d.total],
        by_experience=[d for d in experiences.values() if d.total],
        sessions=[SessionResult(s, by_session[s.pk]) for s in sessions],
        texts=texts,
        editions=_editions(evaluation),
    )


def export(evaluation: Evaluation, fmt: str) -> bytes:
    """One row per answer, in no traceable order, without names, profile or date; only the
    sessions rated by at least `MIN_GROUP` people get a column."""
    data = results(evaluation)
    if not data.shown:
        raise DomainError(
            "too_few_answers",
            _("Fewer than %(min)s answers: there is nothing to export yet."),
            min=MIN_GROUP,
        )
    sessions = [item.session for item in data.sessions if item.distribution.shown]
    ratings: dict[int, dict[int, int]] = {}
    for answer_id, session_id, rating in SessionRating.objects.filter(
        answer__evaluation=evaluation, session__in=sessions
    ).values_list("answer", "session", "rating"):
        ratings.setdefault(answer_id, {})[session_id] = rating
    headers = [
        _("Answer"),
        _("Overall rating"),
        *[session.title for session in sessions],
        _("What to keep"),
        _("What to improve"),
        _("Free comments"),
    ]
    rows = []
    answers = Answer.objects.filter(evaluation=evaluation).order_by("respondent_key")
    for number, (pk, overall, keep, improve, comments) in enumerate(
        answers.values_list("pk", "overall", "keep", "improve", "comments"), start=1
    ):
        mine = ratings.get(pk, {})
        rows.append(
            [
                number,
                overall,
                *[mine.get(session.pk) for session in sessions],
                keep,
                improve,
                comments,
            ]
        )
    return export_table(fmt, headers, rows, title=_("Evaluation"))

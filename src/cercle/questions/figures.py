"""The organisers' figures: questions asked and turns given per group, per session and meeting.

Counts only, never a person. Once declared genders are deleted, their counts come from the
tallies the retention job kept.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cercle.questions.enums import Gender
from cercle.questions.models import GenderTally, Question

UNDECLARED = ""


def dimensions():
    """(key, title, [(group, label)]) for each way of splitting the room."""
    return [
        (
            "gender",
            _("Declared gender"),
            [*Gender.choices, (UNDECLARED, _("Not declared"))],
        ),
        (
            "experience",
            _("Newcomers and regulars"),
            [(True, _("Newcomers")), (False, _("Regulars"))],
        ),
        ("presence", _("On site and remote"), [(False, _("On site")), (True, _("Remote"))]),
    ]


@dataclass
class Row:
    label: str
    cells: list = field(default_factory=list)  # (asked, turns) per group


def _counts(sessions):
    """{(dimension, session_id, group): [asked, turns]} in two queries."""
    counts = defaultdict(lambda: [0, 0])
    rows = (
        Question.objects.filter(session__in=sessions)
        .values("session_id", "gender", "newcomer", "remote")
        .annotate(asked=Count("pk"), turns=Count("turn"))
    )
    for row in rows:
        for dimension, key in (
            ("gender", row["gender"]),
            ("experience", row["newcomer"]),
            ("presence", row["remote"]),
        ):
            cell = counts[(dimension, row["session_id"], key)]
            cell[0] += row["asked"]
            cell[1] += row["turns"]
    for tally in GenderTally.objects.filter(session__in=sessions):
        counts[("gender", tally.session_id, tally.gender)][0] += tally.asked
        counts[("gender", tally.session_id, tally.gender)][1] += tally.turns
        # The questions themselves now count as undeclared: move them back out.
        counts[("gender", tally.session_id, UNDECLARED)][0] -= tally.asked
        counts[("gender", tally.session_id, UNDECLARED)][1] -= tally.turns
    return counts


def tables(meeting):
    """One table per dimension: a row per session that had questions, then the meeting total."""
    sessions = list(meeting.sessions.filter(questions__isnull=False).distinct())
    counts = _counts(sessions)
    result = []
    for dimension, title, groups in dimensions():
        rows = []
        total = Row(_("Whole meeting"), [[0, 0] for _group in groups])
        for session in sessions:
            row = Row(session.title)
            for index, (group, _label) in enumerate(groups):
                asked, turns = counts.get((dimension, session.pk, group), (0, 0))
                row.cells.append((asked, turns))
                total.cells[index][0] += asked
                total.cells[index][1] += turns
            rows.append(row)
        result.append(
            {
                "key": dimension,
                "title": title,
                "groups": [label for _g, label in groups],
                "rows": rows,
                "total": total,
            }
        )
    return result

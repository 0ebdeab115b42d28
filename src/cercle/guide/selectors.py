"""What the guide's pages show: the template with its totals, a board, a meeting's checklist."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from cercle.guide.enums import Column, Responsible
from cercle.guide.models import Action, ChecklistTask, GuideChange, GuideTask, RetroItem
from cercle.guide.services import first_day

ZERO = Decimal("0")


@dataclass
class Effort:
    """Days planned and spent, for one side or for everyone."""

    label: str
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    tasks: int = 0

    @property
    def balance(self) -> Decimal:
        return self.spent - self.planned


def _by_side(tasks, *, spent=False) -> tuple[list[Effort], Effort]:
    sides = {value: Effort(label=label) for value, label in Responsible.choices}
    for task in tasks:
        side = sides[task.responsible]
        side.planned += task.effort_days
        side.tasks += 1
        if spent and task.effort_spent_days is not None:
            side.spent += task.effort_spent_days
    total = Effort(
        label="",
        planned=sum((s.planned for s in sides.values()), ZERO),
        spent=sum((s.spent for s in sides.values()), ZERO),
        tasks=sum(s.tasks for s in sides.values()),
    )
    return [s for s in sides.values() if s.tasks], total


def guide() -> dict:
    """The active template, its withdrawn tasks, effort per side and the latest changes."""
    tasks = list(GuideTask.objects.all())
    active = [t for t in tasks if t.active]
    sides, total = _by_side(active)
    changes = GuideChange.objects.select_related("task", "by", "action__item__meeting")[:10]
    return {
        "tasks": active,
        "withdrawn": [t for t in tasks if not t.active],
        "sides": sides,
        "total": total,
        "changes": list(changes),
    }


def history():
    return GuideChange.objects.select_related("task", "by", "action__item__meeting")


def board(meeting) -> dict:
    actions = Action.objects.select_related("owner", "applies_to").prefetch_related(
        Prefetch("guide_changes", queryset=GuideChange.objects.select_related("task"))
    )
    items = list(
        RetroItem.objects.filter(meeting=meeting)
        .select_related("author")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )
    return {
        "good": [i for i in items if i.column == Column.GOOD],
        "improve": [i for i in items if i.column == Column.IMPROVE],
        "suggestions": evaluation_suggestions(meeting, items),
    }


def evaluation_suggestions(meeting, items) -> dict[str, list[str]]:
    """The evaluation's "what to keep" and "what to improve" answers not yet on the board."""
    from cercle.evaluation.results import free_texts
    from cercle.evaluation.services import evaluation_of

    texts = free_texts(evaluation_of(meeting))
    taken = {(i.column, i.text) for i in items if i.source == "evaluation"}
    return {
        Column.GOOD: [t for t in texts["keep"] if (Column.GOOD, t) not in taken],
        Column.IMPROVE: [t for t in texts["improve"] if (Column.IMPROVE, t) not in taken],
    }


@dataclass
class Checklist:
    tasks: list = field(default_factory=list)
    first_day: object = None
    sides: list = field(default_factory=list)
    total: Effort | None = None
    done: int = 0
    overdue: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks)) if self.tasks else 0


def checklist(meeting, *, today) -> Checklist:
    """The meeting's tasks with their due dates, progress, overdue tasks and effort sums."""
    start = first_day(meeting)
    tasks = list(ChecklistTask.objects.filter(meeting=meeting).select_related("done_by"))
    for task in tasks:
        task.due = task.due_on(start)
        task.overdue = task.done_at is None and task.due is not None and task.due < today
    sides, total = _by_side(tasks, spent=True)
    return Checklist(
        tasks=tasks,
        first_day=start,
        sides=sides,
        total=total,
        done=sum(1 for t in tasks if t.done_at is not None),
        overdue=[t for t in tasks if t.overdue],
    )

"""Whose turn it is: the fair turn-taking rule, with no Django in it (so it is easy to prove).

The moderator's page asks `propose(waiting, last_person=..., last_group=...)` which question
comes next. A policy sorts people in two groups (women / men, newcomers / regulars, on site /
remote); people in neither group (a gender not declared, say) have the group ``None``.

The rule, in order:
1. never the person who just spoke, while someone else waits;
2. never the group of the last turn given to a group, while the other group has a question;
3. within what is left, the most supported question, then the oldest.
"""

from collections.abc import Iterable
from typing import Any, NamedTuple


class Waiting(NamedTuple):
    """A waiting question as the rule sees it: who asked, their group, its support, when.

    A named tuple (immutable, and a thousand of them built in a fraction of a millisecond: the
    moderator's page reads the whole queue)."""

    key: int
    person: int
    group: str | None
    support: int
    asked_at: Any  # anything ordered: a datetime in the app, a number in tests


def priority(question: Waiting) -> tuple:
    """Most supported first, then oldest, then first created (keys are unique)."""
    return (-question.support, question.asked_at, question.key)


def propose(
    waiting: Iterable[Waiting], *, last_person: int | None = None, last_group: str | None = None
) -> Waiting | None:
    """The question the moderator should take next, or None when nobody waits.

    `last_person` spoke last; `last_group` is the group of the last turn given to someone in a
    group (None when no turn went to a group yet, or the policy has no groups).
    """
    pool = list(waiting)
    if not pool:
        return None
    others = [q for q in pool if q.person != last_person]
    if others:
        pool = others
    if last_group is not None:
        other_group = [q for q in pool if q.group is not None and q.group != last_group]
        if other_group:
            pool = other_group
    return min(pool, key=priority)

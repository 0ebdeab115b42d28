"""The turn-taking rule, proved as properties over every queue and every policy."""

from hypothesis import given
from hypothesis import strategies as st

from cercle.questions.turns import Waiting, priority, propose

GROUPS = ("a", "b")


@st.composite
def queues(draw):
    """People with a fixed group (or none), their waiting questions, and the last turn."""
    people = draw(st.integers(min_value=1, max_value=6))
    group_of = {p: draw(st.sampled_from((*GROUPS, None))) for p in range(people)}
    count = draw(st.integers(min_value=0, max_value=12))
    waiting = [
        Waiting(
            key=key,
            person=draw(st.integers(min_value=0, max_value=people - 1)),
            group=None,
            support=draw(st.integers(min_value=0, max_value=3)),
            asked_at=draw(st.integers(min_value=0, max_value=5)),
        )
        for key in range(count)
    ]
    waiting = [Waiting(q.key, q.person, group_of[q.person], q.support, q.asked_at) for q in waiting]
    last_person = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=people - 1)))
    if last_person is not None and group_of[last_person] is not None:
        last_group = group_of[last_person]
    else:
        # The last turn went to someone outside the groups: the group before still counts.
        last_group = draw(st.sampled_from((*GROUPS, None)))
    return waiting, last_person, last_group


@given(queues())
def test_proposal_is_a_waiting_question_or_none_when_nobody_waits(queue):
    waiting, last_person, last_group = queue
    chosen = propose(waiting, last_person=last_person, last_group=last_group)
    assert (chosen is None) == (not waiting)
    assert chosen is None or chosen in waiting


@given(queues())
def test_never_the_group_of_the_last_turn_while_the_other_group_waits(queue):
    waiting, last_person, last_group = queue
    chosen = propose(waiting, last_person=last_person, last_group=last_group)
    other_waits = any(q.group not in (None, last_group) for q in waiting)
    if last_group is not None and other_waits:
        assert chosen.group not in (None, last_group)


@given(queues())
def test_never_the_same_person_twice_while_someone_else_waits(queue):
    waiting, last_person, last_group = queue
    chosen = propose(waiting, last_person=last_person, last_group=last_group)
    if any(q.person != last_person for q in waiting):
        assert chosen.person != last_person


@given(queues())
def test_within_the_allowed_group_support_then_time(queue):
    waiting, last_person, last_group = queue
    chosen = propose(waiting, last_person=last_person, last_group=last_group)
    if chosen is None:
        return
    # The questions both fairness rules allow; the chosen one ranks first among them.
    someone_else = any(q.person != last_person for q in waiting)
    other_group = last_group is not None and any(q.group not in (None, last_group) for q in waiting)
    allowed = [
        q
        for q in waiting
        if not (someone_else and q.person == last_person)
        and not (other_group and q.group in (None, last_group))
    ]
    assert chosen in allowed
    assert all(priority(chosen) <= priority(q) for q in allowed)


@given(queues())
def test_without_groups_the_rule_is_support_then_time_except_the_last_speaker(queue):
    waiting, last_person, _ = queue
    plain = [Waiting(q.key, q.person, None, q.support, q.asked_at) for q in waiting]
    chosen = propose(plain, last_person=last_person)
    others = [q for q in plain if q.person != last_person] or plain
    assert chosen == (min(others, key=priority) if others else None)


def test_example_alternates_women_and_men_by_support_then_time():
    waiting = [
        Waiting(1, person=10, group="woman", support=5, asked_at=1),
        Waiting(2, person=11, group="man", support=1, asked_at=2),
        Waiting(3, person=12, group="man", support=1, asked_at=1),
    ]
    assert propose(waiting).key == 1
    assert propose(waiting, last_person=10, last_group="woman").key == 3

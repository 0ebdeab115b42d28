from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cercle.core.errors import DomainError
from cercle.meetings.models import PARIS
from cercle.quarterly import services
from cercle.quarterly.models import AgendaItem
from cercle.requests.enums import Status
from cercle.requests.models import Endorsement, ImprovementRequest
from tests.factories import UserFactory
from tests.quarterly.factories import endorse, plus_one, quarterly_session
from tests.requests.factories import filed

pytestmark = pytest.mark.django_db


def proposed(session):
    return [p.request.reference for p in services.propose_agenda(session)]


def test_proposal_orders_by_endorsements_then_plus_ones_then_oldest_filed(staff):
    session = quarterly_session(staff=staff)
    few, many, tied_old, tied_new = (filed(title=f"Demande {n}") for n in range(4))
    endorse(few, count=1)
    plus_one(few, count=5)
    endorse(many, count=3)
    endorse(tied_old, count=2)
    endorse(tied_new, count=2)
    plus_one(tied_new, count=1)

    assert proposed(session) == [
        many.reference,
        tied_new.reference,
        tied_old.reference,
        few.reference,
    ]


def test_proposal_counts_only_support_since_the_previous_session(staff):
    last = quarterly_session(staff=staff, starts_at=datetime(2026, 9, 15, 14, tzinfo=PARIS))
    session = quarterly_session(staff=staff)
    before = last.starts_at - timedelta(days=1)
    old = filed(title="Soutenue avant la dernière session")
    mixed = filed(title="Soutenue avant et après")
    fresh = filed(title="Soutenue depuis")
    # Filing endorses on behalf of the filing organisation: filed long ago for these two.
    Endorsement.objects.filter(request__in=[old, mixed]).update(created_at=before)
    endorse(old, at=before, count=4)
    plus_one(old, at=before, count=4)
    endorse(mixed, at=before, count=3)
    plus_one(mixed, count=1)

    proposals = services.propose_agenda(session)

    assert [p.request.reference for p in proposals] == [fresh.reference, mixed.reference]
    assert (proposals[0].endorsements, proposals[0].supports) == (1, 0)
    assert (proposals[1].endorsements, proposals[1].supports) == (0, 1)


@pytest.mark.parametrize(
    "status",
    [
        Status.ON_BALLOT,
        Status.RETAINED,
        Status.COSTED,
        Status.FUNDED,
        Status.IN_PROGRESS,
        Status.DELIVERED,
        Status.DECLINED,
        Status.DUPLICATE,
        Status.DRAFT,
    ],
)
def test_proposal_leaves_out_requests_scheduled_for_a_vote_or_decided(staff, status):
    session = quarterly_session(staff=staff)
    decided, still_open = filed(title="Décidée"), filed(title="Ouverte")
    ImprovementRequest.objects.filter(pk=decided.pk).update(status=status)
    endorse(decided, count=5)
    endorse(still_open, count=1)

    assert proposed(session) == [still_open.reference]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.NEEDS_INFO, Status.ELIGIBLE])
def test_proposal_keeps_open_requests(staff, status):
    session = quarterly_session(staff=staff)
    improvement = filed()
    ImprovementRequest.objects.filter(pk=improvement.pk).update(status=status)
    plus_one(improvement)

    assert proposed(session) == [improvement.reference]


def test_proposal_leaves_out_requests_on_this_or_another_upcoming_agenda(staff):
    session = quarterly_session(staff=staff)
    later = quarterly_session(staff=staff, starts_at=session.starts_at + timedelta(days=95))
    on_this, on_later, free = (filed(title=f"Demande {n}") for n in range(3))
    for improvement in (on_this, on_later, free):
        endorse(improvement)
    services.add_to_agenda(session=session, actor=staff, requests=[on_this])
    services.add_to_agenda(session=later, actor=staff, requests=[on_later])

    assert proposed(session) == [free.reference]


def test_proposal_offers_again_a_request_discussed_at_a_past_session(staff):
    start = timezone.now() - timedelta(days=100)
    past = quarterly_session(staff=staff, starts_at=start)
    session = quarterly_session(staff=staff)
    improvement = filed()
    services.add_to_agenda(session=past, actor=staff, requests=[improvement])
    plus_one(improvement)

    assert proposed(session) == [improvement.reference]


def test_proposal_is_empty_without_support_since_the_previous_session(staff):
    last = quarterly_session(staff=staff, starts_at=datetime(2026, 9, 15, 14, tzinfo=PARIS))
    session = quarterly_session(staff=staff)
    improvement = filed()
    Endorsement.objects.filter(request=improvement).update(
        created_at=last.starts_at - timedelta(hours=1)
    )

    assert proposed(session) == []


def test_staff_add_reorder_edit_and_remove_agenda_items(staff):
    session = quarterly_session(staff=staff)
    first, second, third = (filed(title=f"Demande {n}") for n in range(3))
    items = services.add_to_agenda(session=session, actor=staff, requests=[first, second, third])
    services.add_to_agenda(session=session, actor=staff, requests=[second])

    services.move_item(item=items[2], actor=staff, up=True)
    services.move_item(item=items[0], actor=staff, up=True)
    services.update_item(item=items[1], actor=staff, title=" Titre revu ", note="À discuter.")
    services.remove_item(item=items[0], actor=staff)

    agenda = list(session.agenda.all())
    assert [(item.request_id, item.position) for item in agenda] == [
        (third.pk, 1),
        (second.pk, 2),
    ]
    assert (agenda[1].display_title, agenda[1].note) == ("Titre revu", "À discuter.")


def test_moving_the_last_item_down_leaves_the_order(staff):
    session = quarterly_session(staff=staff)
    items = services.add_to_agenda(
        session=session, actor=staff, requests=[filed(title="Un"), filed(title="Deux")]
    )

    services.move_item(item=items[1], actor=staff, up=False)

    assert list(session.agenda.values_list("pk", flat=True)) == [items[0].pk, items[1].pk]


@pytest.mark.parametrize("who", ["member", "anonymous"])
def test_only_staff_prepare_sessions_and_agendas(staff, who, referent):
    actor = referent if who == "member" else UserFactory(is_active=False)
    session = quarterly_session(staff=staff)
    item = services.add_to_agenda(session=session, actor=staff, requests=[filed()])[0]
    calls = [
        lambda: quarterly_session(staff=actor),
        lambda: services.add_to_agenda(session=session, actor=actor, requests=[filed()]),
        lambda: services.move_item(item=item, actor=actor, up=True),
        lambda: services.update_item(item=item, actor=actor, title="x", note="y"),
        lambda: services.remove_item(item=item, actor=actor),
    ]
    for call in calls:
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden"
    assert AgendaItem.objects.count() == 1


def test_one_session_per_quarter(staff):
    session = quarterly_session(staff=staff)

    with pytest.raises(DomainError) as refused:
        quarterly_session(staff=staff, starts_at=session.starts_at + timedelta(days=1))

    assert refused.value.code == "quarter_taken"


def test_a_session_is_a_remote_only_open_meeting_of_one_day(staff):
    session = quarterly_session(staff=staff, online_url="https://visio.example.test/q")

    meeting = session.meeting
    assert meeting.remote_only is True
    assert meeting.online_url == "https://visio.example.test/q"
    assert meeting.status == "open"
    assert [d.date for d in meeting.days.all()] == [timezone.localdate(session.starts_at)]
    assert meeting.sessions.get().starts_at == session.starts_at
    assert (session.year, session.quarter) == services.quarter_of(session.starts_at)

"""The moderator's page: the proposed question, overrides, answer, hide, merge, who may."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.questions import selectors, services
from cercle.questions.enums import Gender, Policy, Status
from cercle.questions.models import Moderation, Question, Support, Turn
from tests.factories import StaffFactory, UserFactory
from tests.meetings.factories import session
from tests.questions.conftest import url


def test_moderator_takes_the_proposed_question_from_the_page(client, plenary, moderator, attendee):
    first = services.ask(session=plenary, person=attendee(), text="Première")
    second = services.ask(session=plenary, person=attendee(), text="Deuxième")
    services.support(question=second, person=attendee())
    client.force_login(moderator)

    page = client.get(url(plenary, "moderate"))
    response = client.post(url(plenary, "moderate"), {"action": "take", "current": ""})

    assert page.status_code == 200
    assert "Prendre la question proposée" in page.content.decode()
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == Status.ANSWERING
    turn = Turn.objects.get()
    assert (turn.question, turn.proposed, turn.overridden) == (second, second, False)
    assert selectors.proposal(plenary) == first.pk


def test_taking_another_question_records_the_override(client, plenary, moderator, attendee):
    services.ask(session=plenary, person=attendee(), text="Proposée")
    other = services.ask(session=plenary, person=attendee(), text="Choisie")
    client.force_login(moderator)

    client.post(url(plenary, "moderate"), {"action": "take", "current": "", "question": other.pk})

    turn = Turn.objects.get()
    assert turn.question == other and turn.overridden
    assert AuditEntry.objects.filter(action="questions.override").count() == 1


def test_the_next_turn_answers_the_current_question(plenary, moderator, attendee):
    first = services.ask(session=plenary, person=attendee(), text="Une")
    second = services.ask(session=plenary, person=attendee(), text="Deux")
    services.take(session=plenary, actor=moderator)
    services.take(session=plenary, actor=moderator, seen_current=first.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.ANSWERED, Status.ANSWERING)
    services.answer(session=plenary, actor=moderator)
    assert selectors.answering_now(plenary) is None


def test_a_moderator_who_saw_an_old_queue_is_told_and_nothing_is_skipped(
    client, plenary, moderator, attendee
):
    services.ask(session=plenary, person=attendee(), text="Une")
    services.ask(session=plenary, person=attendee(), text="Deux")
    services.take(session=plenary, actor=moderator)
    client.force_login(moderator)

    response = client.post(url(plenary, "moderate"), {"action": "take", "current": ""}, follow=True)

    assert "Un autre modérateur vient de faire avancer la file" in response.content.decode()
    assert Turn.objects.count() == 1


def test_taking_with_an_empty_queue_says_so(plenary, moderator):
    with pytest.raises(DomainError) as excinfo:
        services.take(session=plenary, actor=moderator)
    assert excinfo.value.code == "empty_queue"


def test_gender_alternation_in_the_database(plenary, moderator, attendee):
    people = {name: attendee() for name in ("femme1", "femme2", "homme")}
    for name, gender in (("femme1", Gender.WOMAN), ("femme2", Gender.WOMAN), ("homme", Gender.MAN)):
        services.declare(meeting=plenary.meeting, person=people[name], gender=gender)
    services.set_policy(session=plenary, actor=moderator, policy=Policy.GENDER)
    w1 = services.ask(session=plenary, person=people["femme1"], text="F1")
    w2 = services.ask(session=plenary, person=people["femme2"], text="F2")
    m1 = services.ask(session=plenary, person=people["homme"], text="H1")
    services.support(question=w2, person=attendee())

    taken = []
    for _ in range(3):
        current = selectors.answering_now(plenary)
        taken.append(
            services.take(session=plenary, actor=moderator, seen_current=current and current.pk)
        )

    assert taken == [w2, m1, w1]


def test_presence_alternation_uses_the_registration_of_the_day(plenary, moderator, attendee):
    Moderation.objects.filter(session=plenary).update(policy=Policy.PRESENCE)
    on_site = [services.ask(session=plenary, person=attendee(), text=f"S{n}") for n in range(2)]
    remote = services.ask(session=plenary, person=attendee(Attendance.REMOTE), text="D")
    assert selectors.proposal(plenary) == on_site[0].pk
    services.take(session=plenary, actor=moderator)
    assert selectors.proposal(plenary) == remote.pk


def test_newcomer_is_derived_from_attendance_history(plenary, attendee, city):
    from cercle.onsite.models import CheckIn
    from tests.meetings.factories import register, two_day_meeting

    regular = attendee()
    earlier, earlier_days = two_day_meeting()
    earlier_days[0].date = earlier_days[0].date.replace(year=2098)
    earlier_days[0].save()
    registration = register(earlier, regular, city, earlier_days)
    CheckIn.objects.create(
        registration=registration, day=earlier_days[0], checked_in_at="2098-06-02T09:00Z"
    )

    newcomer = services.ask(session=plenary, person=attendee(), text="Nouveau")
    habit = services.ask(session=plenary, person=regular, text="Habitué")

    assert (newcomer.newcomer, habit.newcomer) == (True, False)


def test_proposal_runs_a_constant_number_of_queries(plenary, attendee, moderator):
    people = [attendee() for _ in range(3)]

    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.proposal(plenary)
        return len(queries)

    services.ask(session=plenary, person=people[0], text="Une")
    few = count()
    for n, person in enumerate(people * 3):
        services.ask(session=plenary, person=person, text=f"Q{n}")
    services.take(session=plenary, actor=moderator)
    assert count() == few


def test_hide_needs_a_reason_and_keeps_it(client, plenary, moderator, attendee):
    question = services.ask(session=plenary, person=attendee(), text="Hors sujet")
    client.force_login(moderator)
    address = url(plenary, "moderate_question", question.pk)

    refused = client.post(address, {"action": "hide", "reason": "  "})
    done = client.post(address, {"action": "hide", "reason": "Hors sujet"})

    assert refused.status_code == 400
    assert "Indiquez pourquoi la question est masquée." in refused.content.decode()
    assert done.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.hidden_reason) == (Status.HIDDEN, "Hors sujet")
    participant = attendee()
    client.force_login(participant)
    assert "Hors sujet" not in client.get(url(plenary)).content.decode()


def test_merge_moves_author_and_supporters_without_double_counting(
    client, plenary, moderator, attendee
):
    keep_author, dup_author, both, only_dup = attendee(), attendee(), attendee(), attendee()
    keep = services.ask(session=plenary, person=keep_author, text="Original")
    dup = services.ask(session=plenary, person=dup_author, text="Doublon")
    for person in (both,):
        services.support(question=keep, person=person)
    for person in (both, only_dup, keep_author):
        services.support(question=dup, person=person)
    client.force_login(moderator)

    response = client.post(
        url(plenary, "moderate_question", dup.pk), {"action": "merge", "into": keep.pk}
    )

    assert response.status_code == 302
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert (dup.status, dup.merged_into) == (Status.MERGED, keep)
    assert keep.support == 3 == Support.objects.filter(question=keep).count()


def test_merging_a_question_into_itself_is_refused(plenary, moderator, attendee):
    question = services.ask(session=plenary, person=attendee(), text="Seule")
    with pytest.raises(DomainError) as excinfo:
        services.merge(duplicate=question, into=question, actor=moderator)
    assert excinfo.value.code == "bad_merge"


@pytest.mark.parametrize("who", ["moderator", "staff"])
def test_moderators_and_staff_open_the_moderation_page(client, plenary, moderator, who):
    client.force_login(moderator if who == "moderator" else StaffFactory())
    assert client.get(url(plenary, "moderate")).status_code == 200
    assert client.get(url(plenary, "moderate_panel")).status_code == 200


def test_participant_may_not_moderate(client, plenary, moderator, attendee):
    participant = attendee()
    question = services.ask(session=plenary, person=participant, text="Une")
    client.force_login(participant)
    assert client.get(url(plenary, "moderate")).status_code == 403
    assert client.post(url(plenary, "moderate"), {"action": "take"}).status_code == 403
    assert (
        client.post(
            url(plenary, "moderate_question", question.pk), {"action": "hide", "reason": "x"}
        ).status_code
        == 403
    )
    with pytest.raises(DomainError) as excinfo:
        services.take(session=plenary, actor=participant)
    assert excinfo.value.code == "forbidden"
    assert Question.objects.get().status == Status.WAITING


def test_moderator_of_another_session_may_not_moderate_this_one(client, plenary, moderator):
    other = session(plenary.day, "Autre séance", start=(11, 0), end=(12, 0))
    elsewhere = UserFactory()
    Moderation.objects.create(session=other).moderators.add(elsewhere)
    client.force_login(elsewhere)
    assert client.get(url(plenary, "moderate")).status_code == 403
    assert client.get(url(other, "moderate")).status_code == 200


def test_anonymous_is_sent_to_sign_in_from_moderation(client, plenary):
    response = client.get(url(plenary, "moderate"))
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_moderation_page_never_shows_a_declared_gender(client, plenary, moderator, attendee):
    person = attendee()
    services.declare(meeting=plenary.meeting, person=person, gender=Gender.WOMAN)
    services.ask(session=plenary, person=person, text="Une")
    client.force_login(moderator)
    body = client.get(url(plenary, "moderate")).content.decode()
    assert "Femme" not in body and "woman" not in body


def test_bad_policy_is_refused(client, plenary, moderator):
    client.force_login(moderator)
    response = client.post(
        url(plenary, "moderate"), {"action": "policy", "policy": "x"}, follow=True
    )
    assert "Choisissez l’une des règles de répartition proposées." in response.content.decode()
    assert Moderation.objects.get(session=plenary).policy == Policy.NONE

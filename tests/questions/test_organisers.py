"""Organisers name the moderators of each session and choose its turn-taking rule."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.meetings.enums import Attendance
from cercle.meetings.models import Session
from cercle.questions.enums import Policy
from cercle.questions.models import Moderation
from cercle.questions.services import moderators as service
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.meetings.factories import session
from tests.questions.conftest import url


def page(meeting):
    return reverse("questions:moderators", args=[meeting.slug])


def add(client, plenary, email):
    return client.post(
        page(plenary.meeting),
        {"session": plenary.pk, "action": "add", f"s{plenary.pk}-email": email},
    )


@pytest.fixture
def host_referent(plenary):
    return referent_of(plenary.meeting.host)


@pytest.fixture
def registered(attendee):
    return attendee(mode=Attendance.REMOTE, user__email="inscrite@example.test")


# Who may open the page and post to it


@pytest.mark.parametrize("who", ["staff", "host_referent"])
def test_staff_and_the_meetings_organisers_name_a_moderator(client, plenary, registered, who):
    actor = StaffFactory() if who == "staff" else referent_of(plenary.meeting.host)
    client.force_login(actor)

    shown = client.get(page(plenary.meeting))
    response = add(client, plenary, "  Inscrite@Example.test ")

    assert shown.status_code == 200
    assert "Plénière d&#x27;ouverture" in shown.content.decode()
    assert response.status_code == 302
    assert list(plenary.moderation.moderators.all()) == [registered]
    entry = AuditEntry.objects.get(action="questions.moderator_named")
    assert (entry.actor, entry.target_id, entry.details["person"]) == (
        actor,
        str(plenary.pk),
        registered.pk,
    )


@pytest.mark.parametrize("who", ["agent", "other_referent", "moderator"])
def test_others_may_neither_open_the_page_nor_post(client, plenary, registered, moderator, who):
    people = {
        "agent": lambda: agent_of(plenary.meeting.host),
        "other_referent": lambda: referent_of(OrganisationFactory()),
        "moderator": lambda: moderator,
    }
    client.force_login(people[who]())

    shown = client.get(page(plenary.meeting))
    response = add(client, plenary, registered.email)

    assert (shown.status_code, response.status_code) == (403, 403)
    assert list(plenary.moderation.moderators.all()) == [moderator]
    assert not AuditEntry.objects.filter(action__startswith="questions.").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, plenary, registered):
    shown = client.get(page(plenary.meeting))
    response = add(client, plenary, registered.email)

    assert shown.status_code == 302 and shown.url.startswith(reverse("accounts:login"))
    assert response.status_code == 302
    assert not Moderation.objects.exists()


def test_the_service_refuses_a_non_organiser(plenary, registered, moderator):
    with pytest.raises(DomainError) as excinfo:
        service.name_moderator(session=plenary, actor=moderator, email=registered.email)
    assert excinfo.value.code == "forbidden"


def test_a_session_of_another_meeting_cannot_be_changed(client, plenary, registered):
    from tests.meetings.factories import two_day_meeting

    _, other_days = two_day_meeting()
    elsewhere = session(other_days[0], "Ailleurs")
    client.force_login(referent_of(plenary.meeting.host))

    response = client.post(
        page(plenary.meeting),
        {"session": elsewhere.pk, "action": "add", f"s{elsewhere.pk}-email": registered.email},
    )

    assert response.status_code == 404
    assert not Moderation.objects.exists()


# Who may be named


def test_an_unknown_address_is_refused_in_french_and_kept(client, plenary):
    client.force_login(StaffFactory())

    response = add(client, plenary, "personne@inconnue.test")

    body = response.content.decode()
    assert response.status_code == 400
    assert "Aucun compte n’a l’adresse personne@inconnue.test." in body
    assert 'value="personne@inconnue.test"' in body
    assert (
        f'aria-describedby="id_s{plenary.pk}-email_helptext id_s{plenary.pk}-email_error"' in body
    )
    assert not Moderation.objects.filter(moderators__isnull=False).exists()


def test_a_person_not_registered_is_refused_in_french(client, plenary, attendee):
    stranger = UserFactory(email="pas-inscrite@example.test", display_name="Lou Dupont")
    cancelled = attendee()
    cancelled.meeting_registrations.update(cancelled_at="2099-01-01T00:00Z")
    client.force_login(StaffFactory())

    response = add(client, plenary, stranger.email)
    with pytest.raises(DomainError) as excinfo:
        service.name_moderator(session=plenary, actor=StaffFactory(), email=cancelled.email)

    body = response.content.decode()
    assert response.status_code == 400
    assert "Cette personne (Lou Dupont) n’est ni inscrite à cette rencontre" in body
    assert 'value="pas-inscrite@example.test"' in body
    assert excinfo.value.code == "not_registered"


def test_an_organiser_not_registered_may_moderate(plenary):
    organiser = referent_of(plenary.meeting.host)
    staff = StaffFactory()
    service.name_moderator(session=plenary, actor=staff, email=organiser.email)
    service.name_moderator(session=plenary, actor=organiser, email=staff.email)
    assert set(plenary.moderation.moderators.all()) == {organiser, staff}


def test_naming_twice_and_empty_or_huge_input_are_refused(client, plenary, registered):
    staff = StaffFactory()
    service.name_moderator(session=plenary, actor=staff, email=registered.email)
    client.force_login(staff)

    twice = add(client, plenary, registered.email)
    empty = add(client, plenary, "")
    huge = add(client, plenary, "a" * 5000 + "@example.test")

    assert "modère déjà cette séance" in twice.content.decode()
    assert "Saisissez l’adresse électronique" in empty.content.decode()
    assert (twice.status_code, empty.status_code, huge.status_code) == (400, 400, 400)
    assert plenary.moderation.moderators.count() == 1


# What naming and removing change


def test_a_named_moderator_opens_the_moderation_page_and_a_removed_one_no_longer(
    client, plenary, registered
):
    staff = StaffFactory()
    client.force_login(registered)
    before = client.get(url(plenary, "moderate"))
    service.name_moderator(session=plenary, actor=staff, email=registered.email)
    named = client.get(url(plenary, "moderate"))

    client.force_login(staff)
    removed = client.post(
        page(plenary.meeting), {"session": plenary.pk, "action": "remove", "person": registered.pk}
    )
    client.force_login(registered)
    after = client.get(url(plenary, "moderate"))

    assert (before.status_code, named.status_code, removed.status_code) == (403, 200, 302)
    assert after.status_code == 403
    entry = AuditEntry.objects.get(action="questions.moderator_removed")
    assert entry.details["person"] == registered.pk


def test_removing_someone_who_does_not_moderate_says_so(client, plenary, registered):
    client.force_login(StaffFactory())

    response = client.post(
        page(plenary.meeting),
        {"session": plenary.pk, "action": "remove", "person": "pas-un-nombre"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Cette personne ne modère pas cette séance." in response.content.decode()


def test_organisers_choose_the_turn_taking_rule_and_it_is_recorded(client, plenary, host_referent):
    client.force_login(host_referent)

    client.post(
        page(plenary.meeting),
        {"session": plenary.pk, "action": "policy", f"s{plenary.pk}-policy": Policy.PRESENCE},
    )
    bad = client.post(
        page(plenary.meeting),
        {"session": plenary.pk, "action": "policy", f"s{plenary.pk}-policy": "<script>"},
        follow=True,
    )

    assert Moderation.objects.get(session=plenary).policy == Policy.PRESENCE
    assert "Choisissez l’une des règles de répartition proposées." in bad.content.decode()
    entry = AuditEntry.objects.get(action="questions.policy")
    assert entry.details == {"from": Policy.NONE, "to": Policy.PRESENCE}


# The page


def test_sessions_in_programme_order_without_drafts_and_hostile_titles_escaped(
    client, meeting_days, plenary
):
    meeting, days = meeting_days
    session(days[0], "<script>alert(1)</script>", start=(8, 0), end=(9, 0))
    Session.objects.create(meeting=meeting, title="Brouillon secret", kind="plenary", is_draft=True)
    client.force_login(StaffFactory())

    body = client.get(page(meeting)).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Brouillon secret" not in body
    assert body.index("&lt;script&gt;") < body.index("Plénière d&#x27;ouverture")


def test_the_page_runs_the_same_queries_whatever_the_number_of_sessions(
    client, meeting_days, plenary, registered
):
    meeting, days = meeting_days
    staff = StaffFactory()
    client.force_login(staff)
    service.name_moderator(session=plenary, actor=staff, email=registered.email)
    client.get(page(meeting))
    with CaptureQueriesContext(connection) as few:
        client.get(page(meeting))
    for hour in range(11, 17):
        extra = session(days[1], f"Atelier {hour}", start=(hour, 0), end=(hour, 30))
        service.name_moderator(session=extra, actor=staff, email=registered.email)
        service.choose_policy(session=extra, actor=staff, policy=Policy.GENDER)
    with CaptureQueriesContext(connection) as many:
        response = client.get(page(meeting))

    assert response.content.decode().count("inscrite@example.test") == 7
    assert len(many) == len(few)


def test_the_moderation_page_links_organisers_to_the_moderators_page(client, plenary, moderator):
    client.force_login(StaffFactory())
    organiser_view = client.get(url(plenary, "moderate"))
    client.force_login(moderator)
    moderator_view = client.get(url(plenary, "moderate"))

    assert page(plenary.meeting) in organiser_view.content.decode()
    assert page(plenary.meeting) not in moderator_view.content.decode()


def test_the_moderation_page_is_linked_only_for_those_who_may_open_it(
    client, plenary, host_referent
):
    moderation = url(plenary, "moderate")
    client.force_login(host_referent)
    before = client.get(page(plenary.meeting)).content.decode()
    service.name_moderator(session=plenary, actor=host_referent, email=host_referent.email)
    after = client.get(page(plenary.meeting)).content.decode()

    assert moderation not in before
    assert moderation in after
    assert client.get(moderation).status_code == 200

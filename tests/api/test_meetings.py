"""Meetings through the API: meetings and programmes for all; a member registers (or changes
their registration) through the same service and rules as the registration page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.api.models import Scope
from cercle.meetings.enums import MeetingStatus, SeatStatus
from cercle.meetings.models import MeetingDay, Registration, Speaker
from cercle.outbox.models import Message
from tests.api.conftest import assert_error, client_for
from tests.factories import OrganisationFactory, UserFactory, agent_of
from tests.meetings.factories import MeetingFactory, session, two_day_meeting, workshop

JUNE_2, JUNE_3 = "2099-06-02", "2099-06-03"


@pytest.fixture
def meeting_days(db):
    return two_day_meeting()


@pytest.fixture
def member(db):
    organisation = OrganisationFactory(name="Ville de Quimper", slug="quimper")
    return agent_of(organisation), organisation


def registration_body(organisation, **changes):
    return {
        "organisation": organisation.slug,
        "days": {JUNE_2: "on_site", JUNE_3: "remote"},
        "badge_name": "Camille Martin",
        "badge_organisation": "Ville de Quimper",
        "experience": "newcomer",
        "image_consent": False,
        **changes,
    }


def url(meeting, tail=""):
    return f"/api/v1/meetings/{meeting.slug}/{tail}"


def test_meeting_list_leaves_drafts_out(anonymous, meeting_days):
    meeting, _days = meeting_days
    MeetingFactory(status=MeetingStatus.DRAFT)

    body = anonymous.get("/api/v1/meetings/").json()

    assert [row["slug"] for row in body["results"]] == [meeting.slug]
    assert body["results"][0]["days"] == [JUNE_2, JUNE_3]


def test_meeting_list_query_count_stays_the_same_as_data_grows(anonymous, meeting_days):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get("/api/v1/meetings/").status_code == 200
        return len(queries)

    few = count()
    for _ in range(4):
        two_day_meeting()
    assert count() == few


def test_draft_meeting_is_hidden(anonymous):
    draft = MeetingFactory(status=MeetingStatus.DRAFT)

    assert_error(anonymous.get(url(draft)), 404, "not_found")
    assert_error(anonymous.get(url(draft, "programme/")), 404, "not_found")


def test_programme_lists_sessions_with_speakers_and_seats_left(anonymous, meeting_days):
    meeting, (first, _second) = meeting_days
    plenary = session(first, "Ouverture")
    Speaker.objects.create(session=plenary, name="Anne Dupont", organisation_name="Quimper")
    workshop(first, "Atelier portail", capacity=12)

    detail = anonymous.get(url(meeting))
    programme = anonymous.get(url(meeting, "programme/")).json()

    assert detail.json()["title"] == meeting.title
    assert [row["title"] for row in programme] == ["Ouverture", "Atelier portail"]
    assert programme[0]["speakers"] == [{"name": "Anne Dupont", "organisation": "Quimper"}]
    assert (programme[1]["needs_signup"], programme[1]["onsite_left"]) == (True, 12)


def test_member_registers_then_changes_their_registration(meeting_days, member):
    meeting, (first, _second) = meeting_days
    atelier = workshop(first, "Atelier portail", capacity=1)
    person, organisation = member
    client = client_for(person)

    created = client.put(
        url(meeting, "registration/"), registration_body(organisation, workshops=[atelier.pk])
    )
    changed = client.put(
        url(meeting, "registration/"),
        registration_body(organisation, days={JUNE_2: "remote", JUNE_3: "absent"}),
    )
    read = client.get(url(meeting, "registration/"))

    assert created.status_code == 200, created.content
    assert created.json()["workshops"] == [
        {"session": atelier.pk, "mode": "on_site", "status": SeatStatus.CONFIRMED}
    ]
    assert changed.status_code == 200, changed.content
    assert read.json()["days"] == [
        {"day": JUNE_2, "attendance": "remote", "status": "confirmed"},
        {"day": JUNE_3, "attendance": "absent", "status": "confirmed"},
    ]
    registration = Registration.objects.get()
    assert (registration.person, registration.image_consent) == (person, False)


def test_registration_queues_the_confirmation_email(
    meeting_days, member, django_capture_on_commit_callbacks
):
    meeting, _days = meeting_days
    person, organisation = member

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(person).put(
            url(meeting, "registration/"), registration_body(organisation)
        )

    assert response.status_code == 200
    assert Message.objects.filter(to=person.email).count() == 1


def test_registration_is_refused_for_another_organisation_and_without_membership(
    meeting_days, member
):
    meeting, _days = meeting_days
    person, _organisation = member
    other = OrganisationFactory()

    someone_elses = client_for(person).put(url(meeting, "registration/"), registration_body(other))
    no_membership = client_for(UserFactory()).put(
        url(meeting, "registration/"), registration_body(other)
    )

    assert_error(someone_elses, 403, "not_your_organisation")
    assert_error(no_membership, 403, "not_your_organisation")
    assert Registration.objects.count() == 0


def test_registration_needs_a_write_token(anonymous, meeting_days, member):
    meeting, _days = meeting_days
    person, organisation = member

    read_only = client_for(person, Scope.READ).put(
        url(meeting, "registration/"), registration_body(organisation)
    )
    nobody = anonymous.put(url(meeting, "registration/"), registration_body(organisation))
    nobody_reads = anonymous.get(url(meeting, "registration/"))

    assert_error(read_only, 403, "insufficient_scope")
    assert_error(nobody, 401, "not_authenticated")
    assert_error(nobody_reads, 401, "not_authenticated")


def test_registration_breaking_the_rules_is_refused_with_the_field(meeting_days, member):
    meeting, _days = meeting_days
    person, organisation = member
    client = client_for(person)

    missing_day = client.put(
        url(meeting, "registration/"), registration_body(organisation, days={JUNE_2: "on_site"})
    )
    unknown_day = client.put(
        url(meeting, "registration/"),
        registration_body(organisation, days={JUNE_2: "on_site", "2099-06-09": "remote"}),
    )
    no_consent = client.put(
        url(meeting, "registration/"), registration_body(organisation, image_consent=None)
    )
    bad_workshop = client.put(
        url(meeting, "registration/"), registration_body(organisation, workshops=[999999])
    )
    all_absent = client.put(
        url(meeting, "registration/"),
        registration_body(organisation, days={JUNE_2: "absent", JUNE_3: "absent"}),
    )

    assert assert_error(missing_day, 400, "day_missing")["fields"] == {
        f"days.{JUNE_3}": ["Choisissez comment vous participerez le Mercredi 3 juin 2099."]
    }
    assert "days.2099-06-09" in assert_error(unknown_day, 400, "invalid")["fields"]
    assert "image_consent" in assert_error(no_consent, 400, "invalid")["fields"]
    assert "workshops" in assert_error(bad_workshop, 400, "invalid")["fields"]
    assert_error(all_absent, 400, "no_day")
    assert Registration.objects.count() == 0


def test_registration_is_refused_once_closed_with_409(member):
    person, organisation = member
    meeting, _days = two_day_meeting(status=MeetingStatus.CLOSED)

    response = client_for(person).put(
        url(meeting, "registration/"), registration_body(organisation)
    )

    assert_error(response, 409, "closed")


def test_own_registration_is_404_before_registering(meeting_days, member):
    meeting, _days = meeting_days
    person, _organisation = member

    assert_error(client_for(person).get(url(meeting, "registration/")), 404, "not_found")


def test_member_cancels_their_registration(meeting_days, member):
    meeting, _days = meeting_days
    person, organisation = member
    client = client_for(person)
    client.put(url(meeting, "registration/"), registration_body(organisation))

    cancelled = client.delete(url(meeting, "registration/"))
    again = client.delete(url(meeting, "registration/"))

    assert cancelled.status_code == 204
    assert Registration.objects.get().cancelled_at is not None
    assert_error(again, 404, "not_found")


def test_cancelling_is_refused_to_read_tokens_and_once_the_meeting_started(member):
    person, organisation = member
    meeting, (first, _second) = two_day_meeting()
    client = client_for(person)
    client.put(url(meeting, "registration/"), registration_body(organisation))
    MeetingDay.objects.filter(pk=first.pk).update(date=date.today())

    read_only = client_for(person, Scope.READ).delete(url(meeting, "registration/"))
    started = client.delete(url(meeting, "registration/"))

    assert_error(read_only, 403, "insufficient_scope")
    assert_error(started, 409, "started")
    assert Registration.objects.get().cancelled_at is None

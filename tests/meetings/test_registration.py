from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.meetings import consent, services
from cercle.meetings.enums import Attendance, Experience, MeetingStatus, SeatStatus
from cercle.meetings.models import PARIS, DayChoice, Registration, WorkshopSeat
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, UserFactory, agent_of
from tests.meetings.factories import (
    MeetingFactory,
    add_days,
    form_data,
    register,
    two_day_meeting,
    workshop,
)

pytestmark = pytest.mark.django_db

ON, REMOTE, ABSENT = Attendance.ON_SITE, Attendance.REMOTE, Attendance.ABSENT


@pytest.fixture
def meeting_days():
    return two_day_meeting()


@pytest.fixture
def member():
    organisation = OrganisationFactory(name="Ville de Quimper")
    return agent_of(organisation), organisation


def url(meeting, name="register"):
    return reverse(f"meetings:{name}", kwargs={"slug": meeting.slug})


def test_register_page_shows_programme_objectives_before_registering(client, meeting_days, member):
    meeting, days = meeting_days
    workshop(days[0], "Atelier socle", objectives="Comprendre le socle", prerequisites="Aucun")
    client.force_login(member[0])

    response = client.get(url(meeting))

    assert response.status_code == 200
    assert "Comprendre le socle" in response.text
    assert "Aucun" in response.text


def test_register_with_one_day_on_site_and_one_remote(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    client.force_login(person)

    response = client.post(url(meeting), form_data(organisation, days, modes=[ON, REMOTE]))

    assert response.status_code == 302
    assert response.url == url(meeting, "my_registration")
    registration = Registration.objects.get(meeting=meeting, person=person)
    assert {c.day_id: c.attendance for c in registration.days.all()} == {
        days[0].pk: ON,
        days[1].pk: REMOTE,
    }
    assert registration.organisation == organisation


def test_register_without_a_day_choice_is_refused_and_keeps_input(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    client.force_login(person)
    data = form_data(organisation, days, badge_name="Badge tapé")
    del data[f"day_{days[1].pk}"]

    response = client.post(url(meeting), data)

    assert response.status_code == 200
    assert "Choisissez comment vous participerez le" in response.text
    assert 'value="Badge tapé"' in response.text
    assert not Registration.objects.exists()


def test_register_absent_every_day_is_refused(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    client.force_login(person)

    response = client.post(url(meeting), form_data(organisation, days, modes=[ABSENT, ABSENT]))

    assert response.status_code == 200
    assert "Choisissez au moins une journée sur place ou à distance." in response.text
    assert not Registration.objects.exists()


def test_image_consent_is_required_and_never_preselected(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    client.force_login(person)

    page = client.get(url(meeting)).text
    response = client.post(url(meeting), form_data(organisation, days, consent=None))

    assert 'name="image_consent" value="yes" required id="id_image_consent_0">' in page
    assert 'name="image_consent" value="no" required id="id_image_consent_1">' in page
    assert response.status_code == 200
    assert "Répondez à la question sur le droit à l’image" in response.text
    assert not Registration.objects.exists()


def test_image_consent_stored_with_version_and_time(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    client.force_login(person)

    client.post(url(meeting), form_data(organisation, days, consent="no"))

    registration = Registration.objects.get()
    assert registration.image_consent is False
    assert registration.image_consent_version == consent.CURRENT_VERSION
    assert registration.image_consent_at is not None


def test_registrant_changes_image_consent_later(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    registration = register(meeting, person, organisation, days, consent=False)
    answered = registration.image_consent_at
    client.force_login(person)

    response = client.post(url(meeting, "consent"), {"image_consent": "yes"})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.image_consent is True
    assert registration.image_consent_at > answered
    assert AuditEntry.objects.filter(action="meeting.image_consent_changed").count() == 1


def test_overlapping_workshops_are_refused(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    first = workshop(days[0], "Atelier A", start=(14, 0), end=(16, 0))
    second = workshop(days[0], "Atelier B", start=(15, 0), end=(17, 0))
    client.force_login(person)

    response = client.post(url(meeting), form_data(organisation, days, workshops=[first, second]))

    assert response.status_code == 200
    assert "Les ateliers « Atelier A » et « Atelier B » ont lieu en même temps" in response.text
    assert not Registration.objects.exists()


def test_workshop_on_a_day_not_attended_is_refused(meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    session = workshop(days[1], "Atelier jeudi")

    with pytest.raises(DomainError) as error:
        register(meeting, person, organisation, days, modes=[ON, ABSENT], workshops=[session])

    assert error.value.code == "workshop_day_absent"


def test_register_for_someone_elses_organisation_is_refused(meeting_days, member):
    meeting, days = meeting_days
    person, _organisation = member

    with pytest.raises(DomainError) as error:
        register(meeting, person, OrganisationFactory(), days)

    assert error.value.code == "not_your_organisation"


def test_person_without_organisation_cannot_register(client, meeting_days):
    meeting, days = meeting_days
    client.force_login(UserFactory())

    response = client.get(url(meeting))

    assert "Seuls les membres d’une organisation du club peuvent s’inscrire" in response.text
    assert '<form method="post" novalidate class="registration-form">' not in response.text


def test_anonymous_visitor_is_sent_to_sign_in(client, meeting_days):
    meeting, _days = meeting_days

    response = client.get(url(meeting))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_registration_closed_is_refused(meeting_days, member):
    meeting, days = meeting_days
    meeting.status = MeetingStatus.CLOSED
    meeting.save()

    with pytest.raises(DomainError) as error:
        register(meeting, *member, days)

    assert error.value.code == "closed"


def test_registration_before_opening_time_is_refused(meeting_days, member):
    meeting, days = meeting_days
    meeting.registration_opens_at = datetime(2099, 1, 1, tzinfo=PARIS)
    meeting.save()

    with pytest.raises(DomainError) as error:
        register(meeting, *member, days)

    assert error.value.code == "not_yet_open"


def test_organisation_quota_refuses_extra_on_site_place(client, meeting_days):
    meeting, days = meeting_days
    meeting.onsite_quota_per_organisation = 1
    meeting.save()
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days)
    colleague = agent_of(organisation)
    client.force_login(colleague)

    refused = client.post(url(meeting), form_data(organisation, days, modes=[ON, REMOTE]))
    accepted = client.post(url(meeting), form_data(organisation, days, modes=[REMOTE, REMOTE]))

    assert "Votre organisation a utilisé toutes ses places sur place" in refused.text
    assert accepted.status_code == 302
    assert Registration.objects.filter(person=colleague).count() == 1


def test_quota_counts_only_the_same_organisation(meeting_days):
    meeting, days = meeting_days
    meeting.onsite_quota_per_organisation = 1
    meeting.save()
    first, second = OrganisationFactory(), OrganisationFactory()
    register(meeting, agent_of(first), first, days)

    registration = register(meeting, agent_of(second), second, days)

    assert registration.days.filter(attendance=ON).count() == 2


def test_edit_registration_keeps_one_row_and_changes_days(
    client, meeting_days, member, django_capture_on_commit_callbacks
):
    meeting, days = meeting_days
    person, organisation = member
    register(meeting, person, organisation, days)
    services.send_due_notices()
    client.force_login(person)

    page = client.get(url(meeting))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(meeting), form_data(organisation, days, modes=[REMOTE, ABSENT]))

    assert "Modifier mon inscription" in page.text
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert sorted(registration.days.values_list("attendance", flat=True)) == [ABSENT, REMOTE]
    assert Message.objects.filter(subject__startswith="Inscription modifiée").count() == 1


def test_cancel_registration_frees_the_seat(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    session = workshop(days[0], capacity=1)
    register(meeting, person, organisation, days, workshops=[session])
    client.force_login(person)

    response = client.post(url(meeting, "cancel"))

    assert response.status_code == 302
    assert response.url == url(meeting, "detail")
    assert Registration.objects.get().cancelled_at is not None
    assert WorkshopSeat.objects.count() == 0
    assert client.get(url(meeting, "my_registration")).status_code == 404


def test_register_again_after_cancelling(meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    registration = register(meeting, person, organisation, days)
    services.cancel_registration(registration=registration, actor=person)

    again = register(meeting, person, organisation, days, modes=[REMOTE, REMOTE])

    assert again.pk == registration.pk
    assert again.cancelled_at is None
    assert list(again.days.values_list("attendance", flat=True)) == [REMOTE, REMOTE]


def test_no_change_once_the_meeting_has_started(meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    registration = register(meeting, person, organisation, days)
    started = datetime.combine(days[0].date, datetime.min.time(), tzinfo=PARIS) + timedelta(hours=9)

    with pytest.raises(DomainError) as edit_error:
        services.register(
            meeting=meeting,
            person=person,
            choices=services.Choices(
                organisation=organisation,
                days={d.pk: REMOTE for d in days},
                badge_name="X",
                badge_organisation="Y",
                experience=Experience.REGULAR,
                image_consent=True,
            ),
            now=started,
        )
    with pytest.raises(DomainError) as cancel_error:
        services.cancel_registration(registration=registration, actor=person, now=started)

    assert edit_error.value.code == "started"
    assert cancel_error.value.code == "started"


def test_confirmation_email_has_calendar_attachment(meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member

    register(meeting, person, organisation, days, modes=[ON, REMOTE])
    services.send_due_notices()

    message = Message.objects.get(to=person.email)
    assert message.subject == f"Inscription confirmée : {meeting.title}"
    assert message.attachments[0]["filename"] == "rencontre.ics"
    assert message.attachments[0]["mimetype"] == "text/calendar"
    assert "à distance" in message.body_text


def test_newcomer_or_regular_prefilled_from_past_attendance(client, member):
    person, organisation = member
    past = MeetingFactory(edition=11, status=MeetingStatus.HELD)
    past_day = add_days(past, datetime(2022, 6, 1).date())[0]
    Registration.objects.create(
        meeting=past,
        person=person,
        organisation=organisation,
        badge_name="x",
        badge_organisation="y",
        experience=Experience.NEWCOMER,
        image_consent=True,
        image_consent_version="2026-1",
        image_consent_at=datetime(2022, 5, 1, tzinfo=PARIS),
    ).days.create(day=past_day, attendance=REMOTE, queued_at=datetime(2022, 5, 1, tzinfo=PARIS))
    meeting, _days = two_day_meeting(edition=12)
    newcomer = agent_of(organisation)

    client.force_login(person)
    regular_page = client.get(url(meeting)).text
    client.force_login(newcomer)
    newcomer_page = client.get(url(meeting)).text

    assert 'value="regular" required id="id_experience_1" checked' in regular_page
    assert 'value="newcomer" required id="id_experience_0" checked' in newcomer_page


def test_dietary_needs_are_stored(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    client.force_login(person)

    client.post(url(meeting), form_data(organisation, days, dietary_needs="Sans gluten"))

    assert Registration.objects.get().dietary_needs == "Sans gluten"
    assert DayChoice.objects.filter(status=SeatStatus.CONFIRMED).count() == 2


def test_email_subject_keeps_an_apostrophe(member):
    meeting, days = two_day_meeting(title="Rencontre de l'été")
    person, organisation = member

    register(meeting, person, organisation, days)
    services.send_due_notices()

    message = Message.objects.get(to=person.email)
    assert message.subject == "Inscription confirmée : Rencontre de l'été"
    assert "Rencontre de l'été" in message.body_text


def test_email_goes_out_in_the_recipients_language(member):
    meeting, days = two_day_meeting()
    person, organisation = member
    person.language = "en"
    person.save()

    register(meeting, person, organisation, days)
    services.send_due_notices()

    assert (
        Message.objects.get(to=person.email).subject == f"Registration confirmed: {meeting.title}"
    )


def test_cancel_page_asks_for_confirmation_and_shows_what_is_given_up(client, meeting_days, member):
    meeting, days = meeting_days
    person, organisation = member
    session = workshop(days[0], "Atelier socle", capacity=1)
    register(meeting, person, organisation, days, workshops=[session])
    client.force_login(person)

    page = client.get(url(meeting, "cancel"))

    assert page.status_code == 200
    assert "Atelier socle" in page.text
    assert "Oui, annuler mon inscription" in page.text
    assert Registration.objects.get().cancelled_at is None
    assert WorkshopSeat.objects.count() == 1


def test_cancel_page_of_someone_without_registration_is_not_found(client, meeting_days, member):
    meeting, _days = meeting_days
    client.force_login(member[0])

    assert client.get(url(meeting, "cancel")).status_code == 404


def test_quota_refusal_pins_its_code(meeting_days):
    meeting, days = meeting_days
    meeting.onsite_quota_per_organisation = 1
    meeting.save()
    organisation = OrganisationFactory()
    register(meeting, agent_of(organisation), organisation, days)

    with pytest.raises(DomainError) as error:
        register(meeting, agent_of(organisation), organisation, days)

    assert error.value.code == "quota_reached"
    assert error.value.fields == [f"day_{days[0].pk}"]


def test_removing_a_day_with_sessions_is_refused_with_its_code(meeting_days):
    from cercle.meetings.models import Session
    from tests.factories import StaffFactory
    from tests.meetings.factories import session

    meeting, days = meeting_days
    session(days[1], "Clôture")

    with pytest.raises(DomainError) as error:
        services.save_meeting(meeting=meeting, actor=StaffFactory(), days=[days[0].date], tracks=[])

    assert error.value.code == "day_has_sessions"
    assert Session.objects.count() == 1

from datetime import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from cercle.core.errors import DomainError
from cercle.hosting import services
from cercle.hosting.signals import handover_completed
from cercle.meetings.models import PARIS
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.hosting.factories import candidacy, make_call, previous_meeting

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 15, 14, 0, tzinfo=PARIS)
END = datetime(2026, 12, 15, 16, 0, tzinfo=PARIS)


def chosen_handover():
    """Villejuif hosted edition 12; Toulouse is chosen for edition 13."""
    previous = previous_meeting(host=OrganisationFactory(name="Ville de Villejuif"))
    old_referent = referent_of(previous.host)
    call = make_call(phase="closed")
    new_host = OrganisationFactory(name="Toulouse Métropole")
    new_referent = referent_of(new_host)
    chosen = candidacy(call, new_host, referent=new_referent)
    meeting = services.decide(call=call, candidacy=chosen, reasons="Oui.", actor=StaffFactory())
    Message.objects.all().delete()  # the decision's notices; each test reads the invitations
    return meeting.handover, old_referent, new_referent


def schedule(handover, actor, **overrides):
    data = {
        "title": "Passation",
        "starts_at": START,
        "ends_at": END,
        "place": "Mairie de Villejuif",
        "online_url": "https://visio.example.test/passation",
        "notes": "Apporter le budget.",
    }
    data.update(overrides)
    return services.schedule_handover(handover=handover, actor=actor, **data)


def form_data(**overrides):
    data = {
        "title": "Passation",
        "starts_at": "2026-12-15T14:00",
        "ends_at": "2026-12-15T16:00",
        "place": "Mairie de Villejuif",
        "online_url": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def invitation(message):
    (attachment,) = message.attachments
    import base64

    assert attachment["mimetype"].startswith("text/calendar")
    return Calendar.from_ical(base64.b64decode(attachment["content"]))


def test_new_host_referent_schedules_and_both_hosts_are_invited(client):
    handover, old_referent, new_referent = chosen_handover()
    client.force_login(new_referent)

    response = client.post(handover.get_absolute_url(), form_data())

    assert response.status_code == 302
    assert sorted(m.to for m in Message.objects.all()) == sorted(
        [old_referent.email, new_referent.email]
    )
    calendar = invitation(Message.objects.first())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == START
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert str(event["LOCATION"]) == "Mairie de Villejuif"


@pytest.mark.parametrize("who", ["staff", "previous", "new"])
def test_staff_and_both_host_referents_may_schedule(who):
    handover, old_referent, new_referent = chosen_handover()
    actor = {"staff": StaffFactory(), "previous": old_referent, "new": new_referent}[who]

    schedule(handover, actor)

    handover.refresh_from_db()
    assert handover.starts_at == START and handover.sequence == 1


def test_referent_of_another_organisation_may_not_schedule(client):
    handover, _old, _new = chosen_handover()
    outsider = referent_of(OrganisationFactory())
    client.force_login(outsider)

    assert client.get(handover.get_absolute_url()).status_code == 404
    assert client.post(handover.get_absolute_url(), form_data()).status_code == 404
    with pytest.raises(DomainError) as error:
        schedule(handover, outsider)
    assert error.value.code == "forbidden"
    assert not Message.objects.exists()


def test_agent_of_a_host_may_not_schedule(client):
    handover, _old, _new = chosen_handover()
    client.force_login(agent_of(handover.meeting.host))

    assert client.post(handover.get_absolute_url(), form_data()).status_code == 404


def test_rescheduling_keeps_uid_and_raises_sequence():
    handover, _old, new_referent = chosen_handover()
    schedule(handover, new_referent)
    first = invitation(Message.objects.first()).walk("VEVENT")[0]
    Message.objects.all().delete()

    schedule(handover, new_referent, starts_at=START.replace(hour=10), ends_at=END.replace(hour=12))

    second = invitation(Message.objects.first()).walk("VEVENT")[0]
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] == 2


HOSTILE = "Passation\r\nSUMMARY:Piège\r\nBEGIN:VALARM\r\nTRIGGER:-PT1M\r\nEND:VALARM"


def test_hostile_text_stays_inside_its_own_property():
    handover, _old, new_referent = chosen_handover()

    schedule(
        handover,
        new_referent,
        title=HOSTILE,
        place="Salle; 1,\nLOCATION:ailleurs",
        notes="Notes\r\nATTENDEE:mailto:intrus@example.test\nBEGIN:VALARM",
        online_url="https://visio.example.test/a b\r\nURL:https://evil.example",
    )

    for message in Message.objects.all():
        assert "\n" not in message.subject and "\r" not in message.subject
        calendar = invitation(message)
        (event,) = calendar.walk("VEVENT")
        assert calendar.walk("VALARM") == []
        assert str(event["SUMMARY"]) == HOSTILE.replace("\r\n", "\n")
        assert str(event["LOCATION"]) == "Salle; 1,\nLOCATION:ailleurs"
        assert "intrus@example.test" in str(event["DESCRIPTION"])
        attendees = [str(a) for a in event.get("ATTENDEE")]
        assert all("intrus" not in a for a in attendees)
        assert "URL" not in event


def test_hostile_display_name_stays_in_its_parameter():
    handover, _old, new_referent = chosen_handover()
    new_referent.display_name = 'Léa "x"\r\nBEGIN:VALARM'
    new_referent.save()

    schedule(handover, new_referent)

    calendar = invitation(Message.objects.first())
    assert calendar.walk("VALARM") == []
    assert len(calendar.walk("VEVENT")) == 1


def test_session_ending_before_it_starts_is_refused(client):
    handover, _old, new_referent = chosen_handover()
    client.force_login(new_referent)

    response = client.post(
        handover.get_absolute_url(), form_data(ends_at="2026-12-15T13:00", place="Salle ABC")
    )

    text = response.content.decode()
    assert "La séance doit finir après son début." in text and "Salle ABC" in text


def test_mark_held_sends_handover_completed():
    handover, _old, new_referent = chosen_handover()
    schedule(handover, new_referent)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    handover_completed.connect(receiver)
    try:
        services.mark_handover_held(handover=handover, actor=new_referent)
    finally:
        handover_completed.disconnect(receiver)

    assert received == [
        {"signal": handover_completed, "meeting": handover.meeting, "by": new_referent}
    ]
    handover.refresh_from_db()
    assert handover.held_at is not None and handover.held_by == new_referent


def test_mark_held_through_the_page(client):
    handover, old_referent, _new = chosen_handover()
    schedule(handover, old_referent)
    client.force_login(old_referent)

    client.post(reverse("hosting:handover_held", kwargs={"slug": handover.meeting.slug}))

    handover.refresh_from_db()
    assert handover.held_at is not None


def test_mark_held_refused_before_scheduling_and_twice():
    handover, _old, new_referent = chosen_handover()
    with pytest.raises(DomainError) as error:
        services.mark_handover_held(handover=handover, actor=new_referent)
    assert error.value.code == "not_scheduled"
    schedule(handover, new_referent)
    services.mark_handover_held(handover=handover, actor=new_referent)

    with pytest.raises(DomainError) as error:
        services.mark_handover_held(handover=handover, actor=new_referent)

    assert error.value.code == "already_held"


def test_outsider_may_not_mark_held(client):
    handover, _old, new_referent = chosen_handover()
    schedule(handover, new_referent)
    client.force_login(referent_of(OrganisationFactory()))

    response = client.post(reverse("hosting:handover_held", kwargs={"slug": handover.meeting.slug}))

    assert response.status_code == 404
    handover.refresh_from_db()
    assert handover.held_at is None


def test_decision_page_links_the_handover_for_the_hosts_only(client):
    handover, _old, new_referent = chosen_handover()
    url = reverse("hosting:decision", kwargs={"pk": handover.meeting.hosting_calls.get().pk})

    anonymous = client.get(url).content.decode()
    client.force_login(new_referent)
    host = client.get(url).content.decode()

    assert handover.get_absolute_url() not in anonymous
    assert handover.get_absolute_url() in host


def test_empty_title_gets_a_default_naming_both_hosts():
    handover, _old, new_referent = chosen_handover()

    schedule(handover, new_referent, title="  ")

    handover.refresh_from_db()
    assert handover.title == "Passation de Ville de Villejuif à Toulouse Métropole"
    assert Message.objects.first().subject == (
        "Invitation : Passation de Ville de Villejuif à Toulouse Métropole"
    )

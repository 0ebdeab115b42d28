from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from cercle.meetings.enums import Attendance
from cercle.meetings.models import DayChoice, Registration
from cercle.quarterly import services
from cercle.quarterly.models import AgendaItem
from tests.factories import UserFactory, agent_of, referent_of
from tests.meetings.factories import form_data
from tests.quarterly.factories import endorse, quarterly_session
from tests.requests.factories import filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff):
    session = quarterly_session(staff=staff)
    improvement = filed(title="Relancer l'usager")
    endorse(improvement)
    item = services.add_to_agenda(session=session, actor=staff, requests=[improvement])[0]
    return {"session": session, "slug": session.meeting.slug, "item": item}


def staff_pages(setup):
    slug, pk = setup["slug"], setup["item"].pk
    return [
        reverse("quarterly:create"),
        reverse("quarterly:agenda", args=[slug]),
        reverse("quarterly:item_edit", args=[slug, pk]),
    ]


def staff_posts(setup):
    slug, pk = setup["slug"], setup["item"].pk
    return [
        (reverse("quarterly:item_move", args=[slug, pk]), {"direction": "up"}),
        (reverse("quarterly:item_remove", args=[slug, pk]), {}),
        (reverse("quarterly:item_edit", args=[slug, pk]), {"title": "x", "note": ""}),
    ]


def test_anyone_reads_the_list_the_calendar_and_a_session(client, setup):
    for url in (
        reverse("quarterly:list"),
        reverse("quarterly:calendar_ics"),
        reverse("quarterly:detail", args=[setup["slug"]]),
    ):
        assert client.get(url).status_code == 200


def test_the_session_page_shows_its_agenda_and_the_remote_registration(client, setup):
    page = client.get(reverse("quarterly:detail", args=[setup["slug"]])).content.decode()

    assert "Relancer l&#x27;usager" in page
    assert reverse("meetings:register", args=[setup["slug"]]) in page
    assert reverse("quarterly:agenda", args=[setup["slug"]]) not in page


def test_staff_reach_every_staff_page(client, setup, staff):
    client.force_login(staff)
    for url in staff_pages(setup):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "member", "referent"])
def test_others_are_kept_off_staff_pages_and_actions(client, setup, who, organisation):
    if who == "member":
        client.force_login(agent_of(organisation))
    elif who == "referent":
        client.force_login(referent_of(organisation))
    expected = 302 if who == "anonymous" else 403
    for url in staff_pages(setup):
        assert client.get(url).status_code == expected, url
    for url, data in staff_posts(setup):
        assert client.post(url, data).status_code == expected, url
    item = AgendaItem.objects.get()
    assert (item.title, item.position) == ("", 1)


def test_bad_ids_are_not_found(client, setup, staff):
    client.force_login(staff)
    slug = setup["slug"]
    assert client.get(reverse("quarterly:detail", args=["nope"])).status_code == 404
    assert client.get(reverse("quarterly:agenda", args=["nope"])).status_code == 404
    assert client.get(reverse("quarterly:item_edit", args=[slug, 999999])).status_code == 404
    assert client.post(reverse("quarterly:item_move", args=[slug, 999999])).status_code == 404
    later = setup["session"].starts_at + timedelta(days=95)
    other = quarterly_session(staff=staff, starts_at=later)
    wrong_session = reverse("quarterly:item_edit", args=[other.meeting.slug, setup["item"].pk])
    assert client.get(wrong_session).status_code == 404


def test_a_bad_direction_is_a_bad_request(client, setup, staff):
    client.force_login(staff)
    url = reverse("quarterly:item_move", args=[setup["slug"], setup["item"].pk])

    assert client.post(url, {"direction": "sideways"}).status_code == 400


def test_staff_plan_a_session_from_the_form(client, staff):
    from tests.quarterly.factories import vendor

    vendor()
    client.force_login(staff)
    day = timezone.localdate() + timedelta(days=40)

    response = client.post(
        reverse("quarterly:create"),
        {"date": day.isoformat(), "starts": "14:00", "ends": "16:00", "online_url": ""},
    )

    assert response.status_code == 302
    response = client.post(
        reverse("quarterly:create"),
        {"date": day.isoformat(), "starts": "15:00", "ends": "16:00", "online_url": ""},
    )
    assert "This quarter already has its online session." in response.content.decode() or (
        "Ce trimestre a déjà sa session en ligne." in response.content.decode()
    )


def test_ending_before_starting_is_a_form_error(client, staff):
    client.force_login(staff)
    day = timezone.localdate() + timedelta(days=40)

    response = client.post(
        reverse("quarterly:create"),
        {"date": day.isoformat(), "starts": "16:00", "ends": "14:00"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["ends"]


def test_staff_add_proposed_requests_from_the_agenda_page(client, setup, staff):
    client.force_login(staff)
    proposed = filed(title="Signer en ligne")
    endorse(proposed, count=2)
    url = reverse("quarterly:agenda", args=[setup["slug"]])

    page = client.get(url).content.decode()
    client.post(url, {"requests": [str(proposed.pk)]})

    assert "Signer en ligne" in page
    assert list(setup["session"].agenda.values_list("request_id", flat=True)) == [
        setup["item"].request_id,
        proposed.pk,
    ]


def test_adding_a_request_that_is_not_proposed_is_a_form_error(client, setup, staff):
    client.force_login(staff)
    response = client.post(
        reverse("quarterly:agenda", args=[setup["slug"]]), {"requests": ["999999"]}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["requests"]


def test_staff_move_and_edit_items_from_the_agenda_page(client, setup, staff):
    client.force_login(staff)
    second = services.add_to_agenda(
        session=setup["session"], actor=staff, requests=[filed(title="Deuxième")]
    )[0]
    slug = setup["slug"]

    client.post(reverse("quarterly:item_move", args=[slug, second.pk]), {"direction": "up"})
    client.post(
        reverse("quarterly:item_edit", args=[slug, second.pk]),
        {"title": "Titre court", "note": "Présentation par l'éditeur."},
    )

    first = setup["session"].agenda.first()
    assert (first.pk, first.title, first.note) == (
        second.pk,
        "Titre court",
        "Présentation par l'éditeur.",
    )


def test_the_request_page_links_to_the_sessions_that_discuss_it(client, setup):
    improvement = setup["item"].request

    page = client.get(improvement.get_absolute_url()).content.decode()

    assert reverse("quarterly:detail", args=[setup["slug"]]) in page


def test_the_request_page_note_costs_one_query_however_many_sessions(client, staff, setup):
    improvement = setup["item"].request
    client.get(improvement.get_absolute_url())  # warm the caches (glossary...)
    with CaptureQueriesContext(connection) as one:
        client.get(improvement.get_absolute_url())
    for days in (95, 190, 285):
        later = quarterly_session(
            staff=staff, starts_at=setup["session"].starts_at + timedelta(days=days)
        )
        services.add_to_agenda(session=later, actor=staff, requests=[improvement])
    with CaptureQueriesContext(connection) as many:
        client.get(improvement.get_absolute_url())

    assert len(many) == len(one)


def test_the_list_costs_the_same_queries_however_many_sessions(client, staff, setup):
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("quarterly:list"))
    for days in (95, 190, 285):
        quarterly_session(staff=staff, starts_at=setup["session"].starts_at + timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("quarterly:list"))

    assert len(many) == len(one)


def test_the_agenda_page_costs_the_same_queries_however_many_items(client, setup, staff):
    client.force_login(staff)
    url = reverse("quarterly:agenda", args=[setup["slug"]])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    services.add_to_agenda(
        session=setup["session"],
        actor=staff,
        requests=[filed(title=f"Demande {n}") for n in range(3)],
    )
    for n in range(3):
        endorse(filed(title=f"Proposée {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(one)


def test_members_register_remotely(client, setup, organisation):
    person = agent_of(organisation)
    client.force_login(person)
    meeting = setup["session"].meeting
    days = list(meeting.days.all())

    response = client.post(
        reverse("meetings:register", args=[meeting.slug]),
        form_data(organisation, days, modes=[Attendance.REMOTE]),
    )

    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting, person=person)
    assert DayChoice.objects.get(registration=registration).attendance == Attendance.REMOTE


def test_on_site_attendance_is_refused(client, setup, organisation):
    person = agent_of(organisation)
    client.force_login(person)
    meeting = setup["session"].meeting
    days = list(meeting.days.all())
    url = reverse("meetings:register", args=[meeting.slug])

    page = client.get(url).content.decode()
    response = client.post(url, form_data(organisation, days, modes=[Attendance.ON_SITE]))

    assert 'value="on_site"' not in page
    assert response.status_code == 200
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_the_registration_service_refuses_on_site(setup, organisation):
    from cercle.core.errors import DomainError
    from tests.meetings.factories import register

    meeting = setup["session"].meeting
    with pytest.raises(DomainError) as refused:
        register(meeting, agent_of(organisation), organisation, list(meeting.days.all()))

    assert refused.value.code == "remote_only"


def test_anonymous_cannot_register(client, setup):
    url = reverse("meetings:register", args=[setup["slug"]])

    assert client.get(url).status_code == 302


def test_the_calendar_keeps_hostile_text_inside_its_fields(client, staff, setup):
    meeting = setup["session"].meeting
    meeting.description = "Ligne 1\r\nEND:VEVENT\r\nBEGIN:VALARM <script>=cmd|' /C calc'!A0"
    meeting.title = "Session; trimestrielle,\nSUMMARY:piégée"
    meeting.save()

    response = client.get(reverse("quarterly:calendar_ics"))

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == meeting.title
    # Line breaks come back as calendar line breaks (LF): text, never a new property.
    assert str(events[0]["description"]) == meeting.description.replace("\r\n", "\n")
    assert not calendar.walk("VALARM")
    assert response["Content-Type"].startswith("text/calendar")


def test_quarterly_sessions_show_in_the_club_calendar_but_not_the_meeting_list(client, setup):
    meeting = setup["session"].meeting
    year = setup["session"].starts_at.year

    calendar = client.get(reverse("funding:calendar") + f"?annee={year}").content.decode()
    meetings = client.get(reverse("meetings:list")).content.decode()

    assert meeting.title in calendar
    assert meeting.title not in meetings


def test_someone_without_organisation_cannot_register(client, setup, organisation):
    client.force_login(UserFactory())
    meeting = setup["session"].meeting

    client.post(
        reverse("meetings:register", args=[meeting.slug]),
        form_data(organisation, list(meeting.days.all()), modes=[Attendance.REMOTE]),
    )

    assert not Registration.objects.filter(meeting=meeting).exists()


def test_staff_find_the_meeting_tools_on_the_session_page(client, setup, staff):
    client.force_login(staff)
    session = setup["session"]
    slug, day = setup["slug"], session.meeting.days.get().date.isoformat()

    page = client.get(reverse("quarterly:detail", args=[slug])).content.decode()

    for url in (
        reverse("meetings:edit", args=[slug]),
        reverse("onsite:remote_import", args=[slug, day]),
        reverse("onsite:recordings", args=[slug]),
    ):
        assert url in page
        assert client.get(url).status_code == 200, url


def test_a_held_session_links_to_its_recording_archive(client, setup):
    from cercle.meetings.enums import MeetingStatus

    meeting = setup["session"].meeting
    meeting.status = MeetingStatus.HELD
    meeting.save()

    page = client.get(reverse("quarterly:detail", args=[setup["slug"]])).content.decode()

    assert reverse("onsite:archive", args=[setup["slug"]]) in page
    assert client.get(reverse("onsite:archive", args=[setup["slug"]])).status_code in (200, 302)


def test_a_session_put_back_to_draft_is_hidden_from_everyone_but_staff(client, setup, staff):
    from cercle.meetings.enums import MeetingStatus

    meeting = setup["session"].meeting
    meeting.status = MeetingStatus.DRAFT
    meeting.save()
    url = reverse("quarterly:detail", args=[setup["slug"]])

    assert client.get(url).status_code == 404
    assert meeting.title not in client.get(reverse("quarterly:list")).content.decode()
    assert b"BEGIN:VEVENT" not in client.get(reverse("quarterly:calendar_ics")).content
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_staff_edit_the_session_meeting_without_the_on_site_fields(client, setup, staff):
    from cercle.meetings.enums import MeetingStatus

    client.force_login(staff)
    meeting = setup["session"].meeting
    day = meeting.days.get().date.isoformat()
    url = reverse("meetings:edit", args=[meeting.slug])

    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "title": meeting.title,
            "slug": meeting.slug,
            "host": str(meeting.host_id),
            "status": MeetingStatus.HELD,
            "online_url": "https://visio.example.test/autre",
            "first_day": day,
            "last_day": day,
            "reminder_days": "1",
            "tracks": "",
        },
    )

    assert "edition" not in form.fields and "venue" not in form.fields
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.online_url, meeting.remote_only) == (
        MeetingStatus.HELD,
        "https://visio.example.test/autre",
        True,
    )


def test_registration_is_refused_once_the_session_has_started(staff, organisation):
    from cercle.core.errors import DomainError
    from tests.meetings.factories import register

    started = quarterly_session(staff=staff, starts_at=timezone.now() - timedelta(hours=1))
    meeting = started.meeting

    with pytest.raises(DomainError) as refused:
        register(
            meeting,
            agent_of(organisation),
            organisation,
            list(meeting.days.all()),
            modes=[Attendance.REMOTE],
        )

    assert refused.value.code in ("started", "closed")

import pytest
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.hosting import services
from cercle.hosting.models import Handover
from cercle.hosting.signals import host_chosen
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.hosting.factories import candidacy, make_call, previous_meeting
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def decide_url(call):
    return reverse("hosting:decide", kwargs={"pk": call.pk})


def test_staff_choose_host_with_reasons_through_the_form(client, staff):
    previous = previous_meeting()
    call = make_call(phase="closed")
    chosen, _other = candidacy(call), candidacy(call)
    client.force_login(staff)

    response = client.post(
        decide_url(call), {"candidacy": chosen.pk, "reasons": "Salle de 300 places."}
    )

    call.refresh_from_db()
    assert response.status_code == 302
    assert call.chosen == chosen and call.reasons == "Salle de 300 places."
    meeting = call.meeting
    assert meeting.edition == 13 and meeting.host == chosen.organisation
    assert meeting.status == MeetingStatus.DRAFT
    assert Handover.objects.get(meeting=meeting).previous_meeting == previous


def test_decision_is_audited(staff):
    call = make_call(phase="closed")
    chosen = candidacy(call)

    services.decide(call=call, candidacy=chosen, reasons="Accessible.", actor=staff)

    entry = AuditEntry.objects.get(action="hosting.host_chosen")
    assert entry.actor == staff and entry.target_id == str(call.pk)
    assert entry.details["organisation"] == chosen.organisation.pk
    assert entry.details["reasons"] == "Accessible."


def test_existing_meeting_of_the_edition_gets_the_chosen_host(staff):
    existing = MeetingFactory(edition=13, status=MeetingStatus.DRAFT)
    call = make_call(phase="closed")
    chosen = candidacy(call)

    meeting = services.decide(call=call, candidacy=chosen, reasons="Oui.", actor=staff)

    existing.refresh_from_db()
    assert meeting == existing and existing.host == chosen.organisation
    assert Meeting.objects.filter(edition=13).count() == 1


def test_host_chosen_signal_is_sent(staff):
    call = make_call(phase="closed")
    chosen = candidacy(call)
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    host_chosen.connect(receiver)
    try:
        meeting = services.decide(call=call, candidacy=chosen, reasons="Oui.", actor=staff)
    finally:
        host_chosen.disconnect(receiver)

    assert len(received) == 1
    assert received[0]["meeting"] == meeting
    assert received[0]["organisation"] == chosen.organisation
    assert received[0]["call"].pk == call.pk


def test_non_staff_may_not_decide(client, organisation, referent):
    call = make_call(phase="closed")
    chosen = candidacy(call, organisation, referent=referent)
    client.force_login(referent)

    response = client.post(decide_url(call), {"candidacy": chosen.pk, "reasons": "Moi."})

    assert response.status_code == 403
    with pytest.raises(DomainError) as error:
        services.decide(call=call, candidacy=chosen, reasons="Moi.", actor=referent)
    assert error.value.code == "forbidden"
    call.refresh_from_db()
    assert call.chosen is None


def test_anonymous_may_not_decide(client, db):
    call = make_call(phase="closed")
    chosen = candidacy(call)

    response = client.post(decide_url(call), {"candidacy": chosen.pk, "reasons": "?"})

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.chosen is None


def test_decision_before_closing_is_refused(client, staff):
    call = make_call(phase="open")
    chosen = candidacy(call)
    client.force_login(staff)

    response = client.post(decide_url(call), {"candidacy": chosen.pk, "reasons": "Tôt."})

    assert "une fois l’appel à candidatures clos" in response.content.decode()
    call.refresh_from_db()
    assert call.chosen is None


def test_decision_needs_reasons(staff):
    call = make_call(phase="closed")
    chosen = candidacy(call)

    with pytest.raises(DomainError) as error:
        services.decide(call=call, candidacy=chosen, reasons="   ", actor=staff)

    assert error.value.code == "reasons_missing"


def test_second_decision_is_refused(staff):
    call = make_call(phase="closed")
    first, second = candidacy(call), candidacy(call)
    services.decide(call=call, candidacy=first, reasons="Oui.", actor=staff)

    with pytest.raises(DomainError) as error:
        services.decide(call=call, candidacy=second, reasons="Non.", actor=staff)

    assert error.value.code == "already_decided"


def test_candidacy_of_another_call_is_refused(staff):
    call = make_call(phase="closed")
    other = candidacy(make_call(phase="closed", edition=14))

    with pytest.raises(DomainError) as error:
        services.decide(call=call, candidacy=other, reasons="Oui.", actor=staff)

    assert error.value.code == "not_a_candidate"


def test_decision_page_is_public_with_reasons_escaped(client, staff):
    call = make_call(phase="closed")
    chosen = candidacy(call)
    services.decide(
        call=call, candidacy=chosen, reasons="<script>alert(1)</script>\nAccessible.", actor=staff
    )

    page = client.get(reverse("hosting:decision", kwargs={"pk": call.pk})).content.decode()

    assert chosen.organisation.name in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_staff_create_a_call_with_default_criteria(client, staff):
    client.force_login(staff)
    form = client.get(reverse("hosting:call_new")).content.decode()
    assert "Accessibilité du lieu" in form

    response = client.post(
        reverse("hosting:call_new"),
        {
            "edition": 14,
            "title": "Qui accueille la 14ᵉ rencontre ?",
            "opens_at": "2027-01-05T09:00",
            "closes_at": "2027-03-01T18:00",
            "questions": "Capacité\n\nAccessibilité\nTransports",
        },
    )

    assert response.status_code == 302
    call = AuditEntry.objects.get(action="hosting.call_created")
    assert call.actor == staff


def test_call_closing_before_opening_is_refused(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("hosting:call_new"),
        {
            "edition": 14,
            "title": "Appel",
            "opens_at": "2027-03-05T09:00",
            "closes_at": "2027-03-01T18:00",
            "questions": "Capacité",
        },
    )

    assert "L’appel doit se clore après son ouverture." in response.content.decode()


def test_only_staff_open_calls(client):
    client.force_login(referent_of(OrganisationFactory()))

    assert client.get(reverse("hosting:call_new")).status_code == 403


def test_staff_call_page_offers_the_decision_once_closed(client):
    call = make_call(phase="closed")
    candidacy(call)
    client.force_login(StaffFactory())

    page = client.get(call.get_absolute_url()).content.decode()

    assert decide_url(call) in page


def test_candidates_referents_are_told_of_the_decision(staff):
    call = make_call(phase="closed")
    chosen, other = candidacy(call), candidacy(call)
    bystander = referent_of(OrganisationFactory())

    services.decide(call=call, candidacy=chosen, reasons="Oui.", actor=staff)

    messages = {message.to: message for message in Message.objects.all()}
    chosen_referent = chosen.organisation.memberships.get().user
    other_referent = other.organisation.memberships.get().user
    assert set(messages) == {chosen_referent.email, other_referent.email}
    assert bystander.email not in messages
    assert "a été retenu" in messages[chosen_referent.email].body_text
    assert "Merci pour la candidature" in messages[other_referent.email].body_text
    assert f"/candidatures/{call.pk}/decision/" in messages[other_referent.email].body_text


def _edit_data(call, **overrides):
    data = {
        "title": "Nouveau titre",
        "description": "",
        "opens_at": "2027-01-05T09:00",
        "closes_at": "2027-03-01T18:00",
        "questions": "\n".join(call.questions.values_list("text", flat=True)),
    }
    data.update(overrides)
    return data


def test_staff_change_the_questions_before_anyone_applies(client, staff):
    call = make_call(phase="upcoming")
    client.force_login(staff)

    response = client.post(
        reverse("hosting:call_edit", kwargs={"pk": call.pk}),
        _edit_data(call, questions="Capacité\nDates", edition=99),
    )

    call.refresh_from_db()
    assert response.status_code == 302
    assert call.title == "Nouveau titre" and call.edition == 13
    assert list(call.questions.values_list("text", flat=True)) == ["Capacité", "Dates"]


def test_questions_are_locked_once_an_organisation_applied(client, staff):
    call = make_call()
    candidacy(call)
    client.force_login(staff)

    response = client.post(
        reverse("hosting:call_edit", kwargs={"pk": call.pk}),
        _edit_data(call, questions="Autre question"),
    )

    assert "ne peuvent plus changer" in response.content.decode()
    assert call.questions.count() == 3


def test_staff_move_the_closing_date_after_applications(client, staff):
    call = make_call()
    candidacy(call)
    client.force_login(staff)

    client.post(reverse("hosting:call_edit", kwargs={"pk": call.pk}), _edit_data(call))

    call.refresh_from_db()
    assert call.closes_at.year == 2027


def test_only_staff_change_a_call(client, referent):
    call = make_call()
    client.force_login(referent)

    response = client.post(reverse("hosting:call_edit", kwargs={"pk": call.pk}), _edit_data(call))

    assert response.status_code == 403
    call.refresh_from_db()
    assert call.title != "Nouveau titre"
